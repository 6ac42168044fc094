package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.VirtualEventLoop;
import dev.parley.netcrypto.CryptoSession;
import dev.parley.netcrypto.CryptoTransport;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.SessionListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A net_crypto session that starts over a relay moves to a direct UDP path once both sides know
 * it and packets cross it, and back to the relay when UDP stops; no message is lost or doubled.
 * On virtual time; UDP is a switchable in-memory link.
 */
class RelayUpgradeTest {
    static final InetSocketAddress R = new InetSocketAddress("127.0.0.1", 2001);

    final VirtualEventLoop loop = new VirtualEventLoop(41);
    final MemoryRelays net = new MemoryRelays(loop);
    final RelayServer server = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(1));
    boolean udpUp = true;
    long udpDelivered;

    final class Node {
        final InetSocketAddress udpAddress;
        final KeyPair real = KeyPair.generate();
        final KeyPair dht = KeyPair.generate();
        final RelayPaths paths = new RelayPaths(loop, dht.publicKey(), k -> SharedKey.precompute(dht, k), net,
                RelayConnections.Options.defaults(), new Random(2));
        Node peer;
        final NetCrypto nc;
        final List<byte[]> got = new ArrayList<>();
        CryptoSession session;

        Node(int port) {
            udpAddress = new InetSocketAddress("10.0.0." + port, 33445);
            CryptoTransport udp = (to, packet) -> {
                if (udpUp && to.equals(peer.udpAddress)) {
                    byte[] copy = packet.clone();
                    loop.schedule(() -> {
                        udpDelivered++;
                        peer.nc.receive(udpAddress, copy);
                    }, 5);
                }
                return true;
            };
            nc = new NetCrypto(loop, real, dht, paths.transport(udp), NetCrypto.Options.defaults());
            paths.attach(nc);
            paths.relays().addRelay(R, server.publicKey());
            nc.setIncomingHandler((r, d, from) -> new Listener(this));
        }
    }

    static final class Listener implements SessionListener {
        final Node node;

        Listener(Node node) {
            this.node = node;
        }

        @Override
        public void established(CryptoSession s) {
            node.session = s;
        }

        @Override
        public void lossless(CryptoSession s, byte[] data) {
            node.got.add(data);
        }
    }

    void exchange(Node a, Node b, int from, int to) {
        for (int i = from; i < to; i++) {
            assertTrue(a.session.sendLossless(new byte[] {(byte) 160, (byte) i}, false) >= 0);
            assertTrue(b.session.sendLossless(new byte[] {(byte) 161, (byte) i}, false) >= 0);
            loop.runFor(20);
        }
        assertTrue(loop.runUntil(() -> a.got.size() == to && b.got.size() == to, 30_000),
                "a got " + a.got.size() + ", b got " + b.got.size() + " of " + to);
    }

    /** Two nodes on one relay, each routing to the other, linked. */
    Node[] pair() {
        server.start();
        net.add(R, server);
        Node a = new Node(1);
        Node b = new Node(2);
        a.peer = b;
        b.peer = a;
        a.paths.addPeer(b.dht.publicKey());
        b.paths.addPeer(a.dht.publicKey());
        assertTrue(loop.runUntil(() -> a.paths.relays().isOnline(b.dht.publicKey())
                && b.paths.relays().isOnline(a.dht.publicKey()), 10_000));
        return new Node[] {a, b};
    }

    @Test
    void upgradeToUdpAndBackToTheRelayWithoutLosingOrDoublingMessages() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        a.nc.connect(b.real.publicKey(), b.dht.publicKey(), a.paths.address(b.dht.publicKey()).orElseThrow(),
                new Listener(a));
        assertTrue(loop.runUntil(() -> a.session != null && b.session != null, 10_000));
        exchange(a, b, 0, 20);
        assertEquals(0, udpDelivered, "nothing on UDP before it is known");

        // Both learn the other's UDP address (the DHT would tell them).
        assertTrue(a.nc.addDirect(b.real.publicKey(), b.udpAddress));
        assertTrue(b.nc.addDirect(a.real.publicKey(), a.udpAddress));
        assertTrue(loop.runUntil(() -> a.session.isDirect() && b.session.isDirect(), 10_000), "direct");
        long relayed = server.counter("data forwarded");
        exchange(a, b, 20, 60);
        loop.runFor(1_000);
        assertEquals(relayed, server.counter("data forwarded"), "nothing through the relay while UDP works");

        // UDP dies: within the direct timeout the session is back on the relay, and what was sent
        // in between arrives (retransmitted over the relay).
        udpUp = false;
        for (int i = 60; i < 80; i++) {
            a.session.sendLossless(new byte[] {(byte) 160, (byte) i}, false);
            b.session.sendLossless(new byte[] {(byte) 161, (byte) i}, false);
            loop.runFor(100);
        }
        assertTrue(loop.runUntil(() -> !a.session.isDirect() && !b.session.isDirect(), 10_000));
        exchange(a, b, 80, 100);
        assertTrue(server.counter("data forwarded") > relayed, "back on the relay");
        assertEquals(CryptoSession.State.ESTABLISHED, a.session.state());
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(new byte[] {(byte) 160, (byte) i}, b.got.get(i), "b's message " + i);
            assertArrayEquals(new byte[] {(byte) 161, (byte) i}, a.got.get(i), "a's message " + i);
        }
        assertEquals(100, a.got.size());
        assertEquals(100, b.got.size());

        // UDP comes back: direct again.
        udpUp = true;
        assertTrue(loop.runUntil(() -> a.session.isDirect() && b.session.isDirect(), 10_000), "direct again");
        assertFalse(a.nc.badPackets() + b.nc.badPackets() > 0);
    }

    /**
     * A session that came up over UDP gets the relay as its fallback; when one side's transport
     * goes away, that side moves to the relay at once and the other follows within
     * {@link CryptoSession#DIRECT_SILENCE_ON_RELAY} (not the 8 s direct timeout); nothing is lost
     * or doubled, and when UDP returns the session is direct again.
     */
    @Test
    void udpSessionFallsBackToTheRelayWithinTwoSecondsWhenOneSideLosesItsTransport() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        a.nc.connect(b.real.publicKey(), b.dht.publicKey(), b.udpAddress, new Listener(a));
        assertTrue(loop.runUntil(() -> a.session != null && b.session != null, 10_000));
        assertTrue(a.nc.addFallback(b.real.publicKey(), a.paths.address(b.dht.publicKey()).orElseThrow()));
        assertTrue(b.nc.addFallback(a.real.publicKey(), b.paths.address(a.dht.publicKey()).orElseThrow()));
        assertTrue(a.session.isDirect() && b.session.isDirect(), "the UDP path counts as working");
        long relayed = server.counter("data forwarded");
        exchange(a, b, 0, 20);
        assertEquals(relayed, server.counter("data forwarded"), "nothing through the relay while UDP works");

        // a's transport stops (as when the UDP bundle is stopped): nothing crosses UDP any more.
        udpUp = false;
        a.nc.directPathsLost();
        assertFalse(a.session.isDirect(), "a moves to the relay at once");
        long t0 = loop.nowMillis();
        long bOnRelay = -1;
        long bHeard = -1;
        long aHeard = -1;
        for (int i = 20; i < 60; i++) {
            a.session.sendLossless(new byte[] {(byte) 160, (byte) i}, false);
            b.session.sendLossless(new byte[] {(byte) 161, (byte) i}, false);
            loop.runFor(100);
            if (bOnRelay < 0 && !b.session.isDirect()) {
                bOnRelay = loop.nowMillis() - t0;
            }
            if (bHeard < 0 && b.got.size() > 20) {
                bHeard = loop.nowMillis() - t0;
            }
            if (aHeard < 0 && a.got.size() > 20) {
                aHeard = loop.nowMillis() - t0;
            }
        }
        assertTrue(bOnRelay >= 0 && bOnRelay < 2_000, "b followed after " + bOnRelay + " ms");
        // The first message each way after the loss arrives within 2 s (b's first one went to the
        // dead UDP path and is sent again over the relay when b notices).
        assertTrue(bHeard >= 0 && bHeard < 2_000, "a -> b after " + bHeard + " ms");
        assertTrue(aHeard >= 0 && aHeard < 2_000, "b -> a after " + aHeard + " ms");
        exchange(a, b, 60, 80);
        for (int i = 0; i < 80; i++) {
            assertArrayEquals(new byte[] {(byte) 160, (byte) i}, b.got.get(i), "b's message " + i);
            assertArrayEquals(new byte[] {(byte) 161, (byte) i}, a.got.get(i), "a's message " + i);
        }
        assertEquals(80, a.got.size());
        assertEquals(80, b.got.size());
        assertEquals(CryptoSession.State.ESTABLISHED, b.session.state());

        // The transport returns: the probes that go with every send make the path direct again.
        udpUp = true;
        exchange(a, b, 80, 100);
        assertTrue(a.session.isDirect() && b.session.isDirect(), "direct again");
        assertEquals(100, a.got.size());
        assertEquals(100, b.got.size());
        assertFalse(a.nc.badPackets() + b.nc.badPackets() > 0);
    }
}
