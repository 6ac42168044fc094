package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.VirtualEventLoop;
import dev.parley.netcrypto.CryptoSession;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.SessionListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** net_crypto sessions between two nodes whose only path is a relay, on virtual time. */
class RelayPathsTest {
    static final InetSocketAddress R = new InetSocketAddress("127.0.0.1", 2001);

    final VirtualEventLoop loop = new VirtualEventLoop(31);
    final MemoryRelays net = new MemoryRelays(loop);
    final RelayServer server = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(1));

    final class Node {
        final KeyPair real = KeyPair.generate();
        final KeyPair dht = KeyPair.generate();
        final RelayPaths paths = new RelayPaths(loop, dht.publicKey(), k -> SharedKey.precompute(dht, k), net,
                RelayConnections.Options.defaults(), new Random(2));
        final NetCrypto nc = new NetCrypto(loop, real, dht, paths.transport(null), NetCrypto.Options.defaults());
        final List<byte[]> got = new ArrayList<>();
        CryptoSession session;

        Node() {
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

    @Test
    void relayAddressesAreDistinctAndRecognised() {
        byte[] k = new byte[32];
        k[0] = 5;
        InetSocketAddress a = RelayPaths.addressOf(k);
        assertTrue(RelayPaths.isRelayAddress(a));
        assertFalse(RelayPaths.isRelayAddress(new InetSocketAddress("127.0.0.1", 33445)));
        assertFalse(RelayPaths.isRelayAddress(new InetSocketAddress("::1", 33445)));
        k[1] = 1;
        assertFalse(a.equals(RelayPaths.addressOf(k)));
        assertTrue(a.getPort() != 0);
    }

    @Test
    void aSessionComesUpOverARelayOutOfBandFirstThenLinkedAndCarriesData() {
        server.start();
        net.add(R, server);
        Node a = new Node();
        Node b = new Node();
        // Only a knows b's DHT key: its cookie request and handshake reach b out of band; b takes
        // the handshake, routes to a, and the relay links them.
        a.paths.addPeer(b.dht.publicKey());
        assertTrue(loop.runUntil(() -> a.paths.address(b.dht.publicKey()).isPresent(), 5_000));
        InetSocketAddress to = a.paths.address(b.dht.publicKey()).get();
        a.nc.connect(b.real.publicKey(), b.dht.publicKey(), to, new Listener(a));
        assertTrue(loop.runUntil(() -> a.session != null && b.session != null, 10_000), "sessions up");
        assertTrue(loop.runUntil(() -> a.paths.relays().isOnline(b.dht.publicKey())
                && b.paths.relays().isOnline(a.dht.publicKey()), 10_000), "linked on the relay");
        assertTrue(RelayPaths.isRelayAddress(b.session.address()));
        for (int i = 0; i < 50; i++) {
            assertTrue(a.session.sendLossless(new byte[] {(byte) 160, (byte) i}, false) >= 0);
            assertTrue(b.session.sendLossless(new byte[] {(byte) 161, (byte) i}, false) >= 0);
        }
        assertTrue(loop.runUntil(() -> a.got.size() == 50 && b.got.size() == 50, 10_000));
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(new byte[] {(byte) 160, (byte) i}, b.got.get(i));
            assertArrayEquals(new byte[] {(byte) 161, (byte) i}, a.got.get(i));
        }
        assertTrue(server.counter("oob forwarded") > 0, "the first packets went out of band: " + server.counters());
        assertTrue(server.counter("data forwarded") >= 100, server.counters().toString());
        assertEquals(0, a.paths.malformed() + b.paths.malformed());
        assertEquals(0, a.nc.badPackets() + b.nc.badPackets());
    }
}
