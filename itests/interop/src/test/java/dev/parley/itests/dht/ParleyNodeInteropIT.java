package dev.parley.itests.dht;

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
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/parley-node}, as a process, is the only bootstrap node of six c-toxcore peers: all
 * of them get online through it, and two that know nothing but it become friends and chat
 * (no TCP relay anywhere, so only the DHT joins them). Loopback only.
 */
@ExtendWith(RigExtension.class)
class ParleyNodeInteropIT {
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void sixToxcorePeersBootstrapFromParleyNode(String version, Rig rig) throws Exception {
        Path dir = rig.dir().resolve("parley-node-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.start(dir)) {
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "n" + i + "-" + version);
                p.bootstrap("127.0.0.1", node.udpPort(), node.key());
                peers.add(p);
            }
            node.await(Pattern.compile(".*\"event\":\"self_connection\",\"status\":\"udp\".*"), Duration.ofSeconds(30));
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, Duration.ofSeconds(90));
            }
            Rig.Friendship f = rig.befriend(peers.get(0), peers.get(1), Duration.ofSeconds(120));
            int id = f.a().sendMessage(f.bOnA(), "found you through parley-node");
            Event m = f.b().awaitEvent("message", Event.of("friend_message", "friend", "" + f.aOnB()), Duration.ofSeconds(30));
            assertEquals("found you through parley-node", m.text("text"));
        }
    }

    /** The same over IPv6 loopback: the peers know parley-node only as [::1]. */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void toxcorePeersBootstrapFromParleyNodeOverIpv6(String version, Rig rig) throws Exception {
        Path dir = rig.dir().resolve("parley-node-v6-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.start(dir)) {
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "v6n" + i + "-" + version);
                p.bootstrap("::1", node.udpPort(), node.key());
                peers.add(p);
            }
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, Duration.ofSeconds(90));
            }
        }
    }

    /** parley-node given tox-bootstrapd with --bootstrap joins its DHT (self_connection udp). */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleyNodeBootstrapsFromToxBootstrapd(String version, Rig rig) throws Exception {
        ToxPeer peer = rig.peer(version, "b-" + version);
        Path dir = rig.dir().resolve("parley-node-b-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.start(dir, "--bootstrap",
                rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey())) {
            node.await(Pattern.compile(".*\"event\":\"self_connection\",\"status\":\"udp\".*"), Duration.ofSeconds(30));
            // The c-toxcore peer of the same DHT learns of parley-node and asks it for nodes.
            Rig.awaitOnline(peer, Duration.ofSeconds(90));
        }
    }
}
