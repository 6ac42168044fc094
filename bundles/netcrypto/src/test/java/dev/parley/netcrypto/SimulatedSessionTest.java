package dev.parley.netcrypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.netcrypto.SessionListener.CloseReason;
import dev.parley.netcrypto.wire.PacketKind;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two Parley nodes on a simulated network on virtual time. */
class SimulatedSessionTest {

    /**
     * One node: keys, packet network, net_crypto, and a log of what its sessions reported. Its
     * datagrams go through {@link #transmit}, which a test may override (SendWindowTest).
     */
    static class Node implements SessionListener {
        final KeyPair real = KeyPair.generate();
        final KeyPair dht = KeyPair.generate();
        final PacketNetwork net;
        final NetCrypto nc;
        final List<byte[]> lossless = new ArrayList<>();
        final List<byte[]> lossy = new ArrayList<>();
        final List<byte[]> sentPackets = new ArrayList<>();
        CloseReason closed;
        int established;
        boolean accepting = true;

        Node(SimulatedNetwork sim) {
            net = new PacketNetwork(sim.loop(), sim.newTransport());
            nc = new NetCrypto(sim.loop(), real, dht, this::transmit, NetCrypto.Options.defaults());
            for (int k = PacketKind.COOKIE_REQUEST; k <= PacketKind.CRYPTO_DATA; k++) {
                net.register(k, nc::receive);
            }
            nc.setIncomingHandler((r, d, from) -> accepting ? this : null);
        }

        boolean transmit(InetSocketAddress to, byte[] p) {
            sentPackets.add(p);
            return net.send(to, p);
        }

        InetSocketAddress address() {
            return net.transport().localAddress();
        }

        CryptoSession connect(Node to) {
            return nc.connect(to.real.publicKey(), to.dht.publicKey(), to.address(), this);
        }

        CryptoSession sessionWith(Node peer) {
            return nc.session(peer.real.publicKey()).orElseThrow();
        }

        @Override
        public void established(CryptoSession s) {
            established++;
        }

        @Override
        public void lossless(CryptoSession s, byte[] data) {
            lossless.add(data);
        }

        @Override
        public void lossy(CryptoSession s, byte[] data) {
            lossy.add(data);
        }

        @Override
        public void closed(CryptoSession s, CloseReason reason) {
            closed = reason;
        }
    }

    static byte[] numbered(int id, int n) {
        return ByteBuffer.allocate(5).put((byte) id).putInt(n).array();
    }

    @Test
    void handshakeThenDataBothWays() {
        VirtualEventLoop loop = new VirtualEventLoop(1);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        Node a = new Node(sim);
        Node b = new Node(sim);
        CryptoSession s = a.connect(b);
        assertTrue(loop.runUntil(() -> a.established == 1 && b.established == 1, 5_000));
        assertEquals(CryptoSession.State.ESTABLISHED, s.state());
        long n = s.sendLossless(numbered(16, 1), true);
        b.sessionWith(a).sendLossless(numbered(17, 2), true);
        assertTrue(loop.runUntil(() -> a.lossless.size() == 1 && b.lossless.size() == 1, 5_000));
        assertEquals(17, a.lossless.get(0)[0]);
        assertEquals(16, b.lossless.get(0)[0]);
        assertTrue(loop.runUntil(() -> s.isDelivered(n), 3_000), "acknowledged within the request interval");
        assertTrue(s.sendLossy(new byte[] {(byte) 200, 1}));
        assertTrue(loop.runUntil(() -> b.lossy.size() == 1, 1_000));
        // Kill: the peer hears it.
        s.kill();
        assertTrue(loop.runUntil(() -> b.closed != null, 1_000));
        assertEquals(CloseReason.KILLED_BY_PEER, b.closed);
        assertEquals(CloseReason.KILLED_LOCALLY, a.closed);
        assertEquals(0, a.nc.badPackets() + b.nc.badPackets());
    }

    @Test
    void aPacketThePeerDoesNotAnswerIsConfirmedWithinARoundTripAndTheAckDelay() {
        VirtualEventLoop loop = new VirtualEventLoop(6);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        Node a = new Node(sim);
        Node b = new Node(sim);
        CryptoSession s = a.connect(b);
        assertTrue(loop.runUntil(() -> a.established == 1 && b.established == 1, 5_000));
        // Past the first requests of the new session, so that only the acknowledgement can confirm.
        loop.runFor(2_500);
        // Right after one of b's once-a-second requests, so that the next is far off.
        int before = b.sentPackets.size();
        assertTrue(loop.runUntil(() -> b.sentPackets.size() > before, 1_500));
        int sentByB = b.sentPackets.size();
        long n = s.sendLossless(numbered(16, 1), false);
        long start = loop.nowMillis();
        assertTrue(loop.runUntil(() -> s.isDelivered(n), 1_000));
        long took = loop.nowMillis() - start;
        // 10 ms each way; c-toxcore's request schedule alone would take up to a second here.
        assertTrue(took <= 2 * 10 + CryptoSession.ACK_DELAY + NetCrypto.Options.defaults().tickMillis(),
                "confirmed after " + took + " ms");
        assertEquals(1, b.lossless.size());
        assertTrue(b.sentPackets.size() - sentByB <= 2, "one acknowledgement, not a stream of them");
    }

    @Test
    void bothSidesConnectingAtOnceMakeOneSession() {
        VirtualEventLoop loop = new VirtualEventLoop(2);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        Node a = new Node(sim);
        Node b = new Node(sim);
        a.connect(b);
        b.connect(a);
        assertTrue(loop.runUntil(() -> a.established == 1 && b.established == 1, 10_000));
        a.sessionWith(b).sendLossless(numbered(20, 5), false);
        assertTrue(loop.runUntil(() -> b.lossless.size() == 1, 5_000));
        loop.runFor(40_000);
        assertEquals(1, a.nc.sessions().size());
        assertTrue(a.sessionWith(b).isEstablished(), "request packets keep it alive past the idle timeout");
    }

    @Test
    void unansweredHandshakeTimesOut() {
        VirtualEventLoop loop = new VirtualEventLoop(3);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        Node a = new Node(sim);
        Node b = new Node(sim);
        b.accepting = false;
        a.connect(b);
        assertTrue(loop.runUntil(() -> a.closed != null, 20_000));
        assertEquals(CloseReason.HANDSHAKE_TIMEOUT, a.closed);
        assertEquals(0, b.established);
    }

    @Test
    void thousandPacketsOverALossyReorderingNetworkArriveOnceInOrder() {
        VirtualEventLoop loop = new VirtualEventLoop(4);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 20, 30, 0.15);
        Node a = new Node(sim);
        Node b = new Node(sim);
        CryptoSession s = a.connect(b);
        assertTrue(loop.runUntil(() -> s.isEstablished() && b.established == 1, 30_000));
        int total = 1000;
        int[] next = {0};
        long[] lastNumber = {-1};
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                while (next[0] < total && s.freeSendSlots() > 0) {
                    long n = s.sendLossless(numbered(160, next[0]), true);
                    if (n < 0) {
                        break;
                    }
                    lastNumber[0] = n;
                    next[0]++;
                }
                if (next[0] < total) {
                    loop.schedule(this, 10);
                }
            }
        };
        loop.execute(pump);
        assertTrue(loop.runUntil(() -> b.lossless.size() >= total, 300_000),
                "received " + b.lossless.size() + " of " + total);
        loop.runFor(5_000);
        assertEquals(total, b.lossless.size(), "exactly once");
        for (int i = 0; i < total; i++) {
            assertEquals(i, ByteBuffer.wrap(b.lossless.get(i), 1, 4).getInt(), "order at " + i);
        }
        assertTrue(loop.runUntil(() -> s.isDelivered(lastNumber[0]), 10_000), "all acknowledged");
        assertTrue(s.rttMillis() < 500, "rtt is measured under load: " + s.rttMillis());
        assertTrue(sim.lost() > 100, "the network did lose packets: " + sim.lost());
    }

    @Test
    void replayedAndCorruptedPacketsAreDroppedAndCounted() {
        VirtualEventLoop loop = new VirtualEventLoop(5);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        Node a = new Node(sim);
        Node b = new Node(sim);
        CryptoSession s = a.connect(b);
        assertTrue(loop.runUntil(() -> s.isEstablished() && b.established == 1, 5_000));
        a.sentPackets.clear();
        s.sendLossless(numbered(64, 99), false);
        assertTrue(loop.runUntil(() -> b.lossless.size() == 1, 2_000));
        byte[] data = a.sentPackets.stream().filter(p -> p[0] == 0x1b).findFirst().orElseThrow();
        long droppedBefore = b.net.counters(0x1b).dropped();
        a.net.send(b.address(), data); // replay
        byte[] bad = data.clone();
        bad[bad.length - 1] ^= 1;
        a.net.send(b.address(), bad);
        loop.runFor(100);
        assertEquals(1, b.lossless.size(), "the replay was not delivered again");
        assertEquals(droppedBefore + 1, b.net.counters(0x1b).dropped());
        assertEquals(1, b.net.counters(0x1b).malformed());
        assertTrue(b.sessionWith(a).isEstablished());
    }
}
