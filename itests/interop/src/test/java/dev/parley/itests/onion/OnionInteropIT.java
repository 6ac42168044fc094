package dev.parley.itests.onion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.ToxId;
import dev.parley.dht.DhtKey;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's onion against c-toxcore on loopback, in networks of at least 8 nodes: friend requests
 * both ways through onion routes, and Parley nodes as the only onion hops and announce nodes of a
 * c-toxcore pair.
 */
@ExtendWith(RigExtension.class)
class OnionInteropIT {

    static final int PARLEY_NODES = 6;

    private static void await(String what, BooleanSupplier ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + timeout);
            }
            Thread.sleep(100); // polling interval; the deadline decides
        }
    }

    private static List<ParleyOnionNode> parleyNodes(String prefix) throws Exception {
        List<ParleyOnionNode> nodes = new ArrayList<>();
        for (int i = 0; i < PARLEY_NODES; i++) {
            ParleyOnionNode n = new ParleyOnionNode(prefix + i);
            for (ParleyOnionNode o : nodes) {
                n.bootstrap(o);
            }
            nodes.add(n);
        }
        return nodes;
    }

    private static void closeAll(List<ParleyOnionNode> nodes) {
        for (ParleyOnionNode n : nodes) {
            n.close();
        }
    }

    /**
     * (a) and (b): tox-bootstrapd, two c-toxcore peers and six Parley nodes. A c-toxcore peer's
     * request reaches a Parley address with its exact message, and Parley's request reaches the
     * other c-toxcore peer's callback with its exact message.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void friendRequestsBothWays(String version, Rig rig) throws Exception {
        List<ParleyOnionNode> parley = parleyNodes("r" + version + "-");
        try {
            for (ParleyOnionNode n : parley) {
                n.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            ToxPeer sender = rig.peer(version, "sender-" + version);
            ToxPeer receiver = rig.peer(version, "receiver-" + version);
            for (ToxPeer p : List.of(sender, receiver)) {
                for (ParleyOnionNode n : parley.subList(0, 2)) {
                    p.bootstrap("127.0.0.1", n.port(), n.dhtKeyHex());
                }
            }
            ParleyOnionNode alice = parley.get(2);
            long t0 = System.nanoTime();
            Map<DhtKey, String> requests = new ConcurrentHashMap<>();
            alice.onion.onFriendRequest((from, msg) -> requests.put(from, new String(msg, StandardCharsets.UTF_8)));
            await("Parley announced", () -> {
                try {
                    return alice.announced();
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(40));

            // (a) c-toxcore -> Parley
            String hello = "Hallo Parley, hier ist c-toxcore " + version + " ✓";
            sender.addFriend(alice.onion.address().toString(), hello);
            DhtKey senderKey = DhtKey.fromHex(sender.publicKey());
            await("c-toxcore's friend request at Parley", () -> requests.containsKey(senderKey), Duration.ofSeconds(60));
            assertEquals(hello, requests.get(senderKey));
            System.out.printf("[onion %s] c-toxcore -> Parley request after %d ms%n", version, (System.nanoTime() - t0) / 1_000_000);

            // (b) Parley -> c-toxcore
            long t1 = System.nanoTime();
            String hi = "Hi c-toxcore " + version + ", Parley here — über Zwiebeln";
            alice.onion.sendFriendRequest(ToxId.parse(receiver.address()), hi.getBytes(StandardCharsets.UTF_8));
            Event e = receiver.awaitEvent("Parley's friend request",
                    Event.of("friend_request", "public_key", alice.onion.publicKey().toHex()), Duration.ofSeconds(60));
            assertEquals(hi, e.text("message"));
            System.out.printf("[onion %s] Parley -> c-toxcore request after %d ms%n", version, (System.nanoTime() - t1) / 1_000_000);
            for (ParleyOnionNode n : parley) {
                for (int k : new int[] {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x8c, 0x8d, 0x8e}) {
                    assertEquals(0, n.net.counters(k).malformed(), "malformed " + n.net.counters(k));
                }
            }
        } finally {
            closeAll(parley);
        }
    }

    /**
     * (c) Two c-toxcore peers whose only bootstrap nodes are six Parley nodes (no tox-bootstrapd, no
     * TCP relay): their onion paths and announce nodes can only be Parley nodes, and they befriend.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcorePairFindsEachOtherThroughParleyOnion(String version, Rig rig) throws Exception {
        List<ParleyOnionNode> parley = parleyNodes("h" + version + "-");
        try {
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "c" + i + "-" + version);
                for (ParleyOnionNode n : parley.subList(i * 2, i * 2 + 2)) {
                    p.bootstrap("127.0.0.1", n.port(), n.dhtKeyHex());
                }
                peers.add(p);
            }
            long t0 = System.nanoTime();
            Rig.Friendship f = rig.befriend(peers.get(0), peers.get(1), Duration.ofSeconds(90));
            System.out.printf("[onion %s] c-toxcore pair befriended through Parley after %d ms%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            int id = f.a().sendMessage(f.bOnA(), "met through Parley's onion");
            Event m = f.b().awaitEvent("message", Event.of("friend_message", "friend", "" + f.aOnB()), Duration.ofSeconds(30));
            assertEquals("met through Parley's onion", m.text("text"));
            long announces = 0;
            long forwarded = 0;
            for (ParleyOnionNode n : parley) {
                announces += n.net.counters(0x83).received() + n.net.counters(0x87).received();
                forwarded += n.net.counters(0x80).received();
                for (int k : new int[] {0x80, 0x81, 0x82, 0x83, 0x85, 0x8c, 0x8d, 0x8e}) {
                    assertEquals(0, n.net.counters(k).malformed(), "malformed " + n.net.counters(k));
                }
            }
            assertTrue(announces > 0 && forwarded > 0, "c-toxcore used Parley's onion: " + announces + " announces, "
                    + forwarded + " onion requests");
        } finally {
            closeAll(parley);
        }
    }
}
