package dev.parley.itests.onion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped {@code bin/parley-node} serves onion like {@code tox-bootstrapd}: two c-toxcore
 * peers whose only bootstrap node is a parley-node process (no tox-bootstrapd, no TCP relay)
 * announce at it and befriend. Three in-JVM Parley nodes that only serve onion (no identity)
 * join through the same node, so 3-hop paths have nodes to choose from.
 */
@ExtendWith(RigExtension.class)
class OnionNodeProcessIT {

    static final int RELAYS = 3;

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcorePairBefriendsThroughParleyNodeOnion(String version, Rig rig) throws Exception {
        Path dir = rig.dir().resolve("onion-node-" + version);
        List<RelayNode> relays = new ArrayList<>();
        try (ParleyNodeProcess node = ParleyNodeProcess.start(dir)) {
            node.await(Pattern.compile(".*\"event\":\"onion\",\"serving\":true.*"), Duration.ofSeconds(30));
            for (int i = 0; i < RELAYS; i++) {
                RelayNode r = new RelayNode("pn" + i + "-" + version);
                r.bootstrap(node.udpPort(), node.key());
                relays.add(r);
            }
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "on" + i + "-" + version);
                p.bootstrap("127.0.0.1", node.udpPort(), node.key());
                peers.add(p);
            }
            long t0 = System.nanoTime();
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, Duration.ofSeconds(90));
            }
            // c-toxcore announces its key at the nodes closest to it it can find: parley-node stores some.
            node.await(Pattern.compile(".*\"event\":\"onion_announcements\",\"count\":[1-9]\\d*.*"),
                    Duration.ofSeconds(90));
            Rig.Friendship f = rig.befriend(peers.get(0), peers.get(1), Duration.ofSeconds(120));
            System.out.printf("[onion-node %s] c-toxcore pair befriended through parley-node after %d ms "
                    + "(node stored up to %d announcements)%n", version, (System.nanoTime() - t0) / 1_000_000,
                    maxAnnouncements(node));
            f.a().sendMessage(f.bOnA(), "met through parley-node's onion");
            Event m = f.b().awaitEvent("message", Event.of("friend_message", "friend", "" + f.aOnB()),
                    Duration.ofSeconds(30));
            assertEquals("met through parley-node's onion", m.text("text"));
            long relayed = 0;
            for (RelayNode r : relays) {
                relayed += r.net.counters(0x80).received() + r.net.counters(0x81).received()
                        + r.net.counters(0x82).received() + r.net.counters(0x83).received()
                        + r.net.counters(0x87).received();
                for (int k : new int[] {0x80, 0x81, 0x82, 0x83, 0x85, 0x87, 0x8c, 0x8d, 0x8e}) {
                    assertEquals(0, r.net.counters(k).malformed(), "malformed " + r.net.counters(k));
                }
            }
            System.out.printf("[onion-node %s] in-JVM relay-only Parley nodes handled %d onion requests%n", version,
                    relayed);
        } finally {
            for (RelayNode r : relays) {
                r.close();
            }
        }
    }

    /** The largest {@code onion_announcements} count the node reported so far (0 if none). */
    private static int maxAnnouncements(ParleyNodeProcess node) {
        Pattern count = Pattern.compile(".*\"event\":\"onion_announcements\",\"count\":(\\d+).*");
        return node.lines().stream().map(count::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    }
}
