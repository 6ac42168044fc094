package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.ToxId;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.onion.wire.OnionKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** A few dozen Parley nodes on virtual time: announce, friend request, DHT key exchange, nospam. */
class OnionSimulationTest {

    record Node(PacketNetwork net, DhtService dht, OnionService onion) {
    }

    private static <T> T now(CompletionStage<T> s, VirtualEventLoop loop) {
        loop.runFor(1);
        return s.toCompletableFuture().getNow(null);
    }

    private static List<Node> network(VirtualEventLoop loop, int n) {
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 20, 0.0);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PacketNetwork net = new PacketNetwork(loop, sim.newTransport());
            byte[] sk = new byte[32];
            loop.random().nextBytes(sk);
            KeyPair dk = KeyPair.fromSecretKey(sk);
            loop.random().nextBytes(sk);
            KeyPair lt = KeyPair.fromSecretKey(sk);
            DhtService dht = Dht.start(net, dk, loop.random(), DhtOptions.defaults());
            OnionService onion = Onion.start(net, dht, lt, loop.random().nextInt(), loop.random(), OnionOptions.defaults());
            nodes.add(new Node(net, dht, onion));
        }
        for (int i = 1; i < n; i++) {
            nodes.get(i).dht().bootstrap(nodes.get(0).dht().localAddress(), nodes.get(0).dht().selfKey());
        }
        return nodes;
    }

    @Test
    void announceFriendRequestAndDhtKeyExchange() {
        VirtualEventLoop loop = new VirtualEventLoop(42);
        List<Node> nodes = network(loop, 30);
        Node alice = nodes.get(7);
        Node bob = nodes.get(21);
        assertTrue(loop.runUntil(() -> Boolean.TRUE.equals(now(alice.onion().isAnnounced(), loop))
                && Boolean.TRUE.equals(now(bob.onion().isAnnounced(), loop)), 120_000), "both announced");

        Map<DhtKey, byte[]> requests = new HashMap<>();
        bob.onion().onFriendRequest((from, msg) -> requests.put(from, msg));
        byte[] msg = "hello from alice, über das Netz".getBytes(StandardCharsets.UTF_8);
        alice.onion().sendFriendRequest(bob.onion().address(), msg);
        assertTrue(loop.runUntil(() -> requests.containsKey(alice.onion().publicKey()), 60_000), "request delivered");
        assertArrayEquals(msg, requests.get(alice.onion().publicKey()));

        bob.onion().addFriend(alice.onion().publicKey());
        assertTrue(loop.runUntil(() -> alice.dht().selfKey().equals(now(bob.onion().friendDhtKey(alice.onion().publicKey()), loop).orElse(null))
                && bob.dht().selfKey().equals(now(alice.onion().friendDhtKey(bob.onion().publicKey()), loop).orElse(null)), 90_000),
                "DHT keys exchanged");
        assertTrue(loop.runUntil(() -> now(bob.onion().friendAddress(alice.onion().publicKey()), loop).isPresent(), 90_000),
                "the DHT found alice's address");
        assertEquals(alice.dht().localAddress(), now(bob.onion().friendAddress(alice.onion().publicKey()), loop).orElseThrow());
        for (Node n : nodes) {
            for (int k : new int[] {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x8c, 0x8d, 0x8e}) {
                assertEquals(0, n.net().counters(k).malformed(), "malformed " + n.net().counters(k));
            }
        }
        assertEquals(1, requests.size(), "one request, however often it was repeated");
    }

    @Test
    void changedNospamInvalidatesOldAddress() {
        VirtualEventLoop loop = new VirtualEventLoop(7);
        List<Node> nodes = network(loop, 20);
        Node alice = nodes.get(3);
        Node bob = nodes.get(12);
        Node carol = nodes.get(15);
        assertTrue(loop.runUntil(() -> Boolean.TRUE.equals(now(bob.onion().isAnnounced(), loop)), 120_000));
        ToxId old = bob.onion().address();
        bob.onion().setNospam(0x01020304);
        ToxId fresh = bob.onion().address();
        List<DhtKey> from = new ArrayList<>();
        bob.onion().onFriendRequest((k, m) -> from.add(k));
        alice.onion().sendFriendRequest(old, "old".getBytes(StandardCharsets.UTF_8));
        carol.onion().sendFriendRequest(fresh, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(loop.runUntil(() -> from.contains(carol.onion().publicKey()), 60_000));
        loop.runFor(20_000);
        assertEquals(List.of(carol.onion().publicKey()), from);
        assertTrue(alice.net().counters(OnionKind.SEND_INITIAL).sent() > 0);
    }
}
