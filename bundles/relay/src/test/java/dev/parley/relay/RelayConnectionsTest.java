package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.VirtualEventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay-connection manager over in-memory relays on virtual time. */
class RelayConnectionsTest {
    static final InetSocketAddress R1 = new InetSocketAddress("127.0.0.1", 1001);
    static final InetSocketAddress R2 = new InetSocketAddress("127.0.0.1", 1002);

    VirtualEventLoop loop;
    MemoryRelays net;
    RelayServer s1;
    RelayServer s2;

    @BeforeEach
    void setUp() {
        loop = new VirtualEventLoop(21);
        net = new MemoryRelays(loop);
        s1 = server();
        s2 = server();
        net.add(R1, s1);
        net.add(R2, s2);
    }

    RelayServer server() {
        KeyPair k = KeyPair.generate();
        RelayServer s = new RelayServer(loop, k, RelayServer.Options.defaults(), new Random(1));
        keys.put(s, k);
        s.start();
        return s;
    }

    static final class Node implements RelayConnections.Listener {
        final KeyPair keys = KeyPair.generate();
        final List<byte[]> got = new ArrayList<>();
        final List<byte[]> oob = new ArrayList<>();
        final List<Boolean> status = new ArrayList<>();
        RelayConnections relays;

        @Override
        public void peerStatus(byte[] peer, boolean online) {
            status.add(online);
        }

        @Override
        public void data(byte[] peer, byte[] data) {
            got.add(data);
        }

        @Override
        public void oob(byte[] relay, byte[] sender, byte[] data) {
            oob.add(data);
        }

        byte[] pk() {
            return keys.publicKey();
        }
    }

    Node node() {
        Node n = new Node();
        n.relays = new RelayConnections(loop, n.pk(), peer -> SharedKey.precompute(n.keys, peer), net,
                RelayConnections.Options.defaults(), new Random(4), n);
        return n;
    }

    @Test
    void peersOnACommonRelayGoOnlineAndExchangeData() {
        Node a = node();
        Node b = node();
        a.relays.addRelay(R1, s1.publicKey());
        b.relays.addRelay(R1, s1.publicKey());
        a.relays.addPeer(b.pk());
        b.relays.addPeer(a.pk());
        assertTrue(loop.runUntil(() -> a.relays.isOnline(b.pk()) && b.relays.isOnline(a.pk()), 5_000));
        assertEquals(List.of(true), a.status);
        assertTrue(a.relays.send(b.pk(), new byte[] {1}));
        assertTrue(b.relays.send(a.pk(), new byte[] {2}));
        assertTrue(loop.runUntil(() -> a.got.size() == 1 && b.got.size() == 1, 5_000));
        assertArrayEquals(new byte[] {2}, a.got.get(0));
        assertArrayEquals(new byte[] {1}, b.got.get(0));
    }

    @Test
    void withoutALinkDataGoesOutOfBandToARegisteredPeer() {
        Node a = node();
        Node b = node();
        a.relays.addRelay(R1, s1.publicKey());
        b.relays.addRelay(R1, s1.publicKey());
        a.relays.addPeer(b.pk()); // b does not route to a
        assertTrue(loop.runUntil(() -> a.relays.readyRelays() == 1 && b.relays.readyRelays() == 1, 5_000));
        loop.runFor(100);
        assertFalse(a.relays.isOnline(b.pk()));
        assertTrue(a.relays.send(b.pk(), new byte[] {5, 5}));
        assertTrue(loop.runUntil(() -> b.oob.size() == 1, 5_000));
        assertArrayEquals(new byte[] {5, 5}, b.oob.get(0));
        assertFalse(a.relays.send(b.pk(), new byte[1500]), "too long for OOB");
    }

    @Test
    void whenTheRelayCarryingAPeerDiesTrafficMovesToTheOtherAndTheDeadOneIsRetried() {
        Node a = node();
        Node b = node();
        for (Node n : List.of(a, b)) {
            n.relays.addRelay(R1, s1.publicKey());
            n.relays.addRelay(R2, s2.publicKey());
        }
        a.relays.addPeer(b.pk());
        b.relays.addPeer(a.pk());
        assertTrue(loop.runUntil(() -> a.relays.relaysOf(b.pk()).size() == 2 && b.relays.relaysOf(a.pk()).size() == 2,
                5_000));
        int before1 = (int) s1.counter("data forwarded");
        assertTrue(a.relays.send(b.pk(), new byte[] {1}));
        assertTrue(loop.runUntil(() -> b.got.size() == 1, 5_000));
        boolean viaR1 = s1.counter("data forwarded") > before1;
        InetSocketAddress used = viaR1 ? R1 : R2;
        RelayServer other = viaR1 ? s2 : s1;

        net.kill(used);
        assertTrue(loop.runUntil(() -> a.relays.relaysOf(b.pk()).size() == 1, 5_000));
        assertTrue(a.relays.isOnline(b.pk()), "still online over the other relay");
        assertEquals(List.of(true), a.status, "no offline blip");
        long otherBefore = other.counter("data forwarded");
        for (int i = 2; i <= 6; i++) {
            assertTrue(a.relays.send(b.pk(), new byte[] {(byte) i}));
        }
        assertTrue(loop.runUntil(() -> b.got.size() == 6, 5_000));
        assertEquals(otherBefore + 5, other.counter("data forwarded"));
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(new byte[] {(byte) (i + 1)}, b.got.get(i));
        }

        // The dead relay comes back at the same address: the manager reconnects and re-routes.
        RelayServer back = new RelayServer(loop, keysOf(used == R1 ? s1 : s2), RelayServer.Options.defaults(), new Random(2));
        back.start();
        net.add(used, back);
        assertTrue(loop.runUntil(() -> a.relays.relaysOf(b.pk()).size() == 2, 120_000));
        assertEquals(2, a.relays.readyRelays());
        assertEquals(0, a.relays.malformed() + b.relays.malformed());
    }

    @Test
    void losingEveryRelayTakesThePeerOffline() {
        Node a = node();
        Node b = node();
        a.relays.addRelay(R1, s1.publicKey());
        b.relays.addRelay(R1, s1.publicKey());
        a.relays.addPeer(b.pk());
        b.relays.addPeer(a.pk());
        assertTrue(loop.runUntil(() -> a.relays.isOnline(b.pk()), 5_000));
        net.kill(R1);
        assertTrue(loop.runUntil(() -> !a.relays.isOnline(b.pk()), 5_000));
        assertEquals(List.of(true, false), a.status);
        assertFalse(a.relays.send(b.pk(), new byte[] {1}));
        assertEquals(0, a.relays.readyRelays());
    }

    // Keys of a running server: the tests keep them to bring "the same relay" back.
    private final java.util.Map<RelayServer, KeyPair> keys = new java.util.IdentityHashMap<>();

    private KeyPair keysOf(RelayServer s) {
        return keys.get(s);
    }
}
