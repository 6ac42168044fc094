package dev.parley.netcrypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.netcrypto.wire.PacketKind;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send window of lossless packets (CryptoSession.INITIAL_WINDOW), on virtual time: a packet is
 * sent for the first time only within the window from the peer's buffer start; a burst into a
 * receiver that reads its socket only now and then is held back rather than overflowing it, and
 * everything still arrives once and in order, with loss too.
 */
class SendWindowTest {

    /**
     * A node whose outgoing datagrams first wait in a model of the peer's socket: at most
     * {@code socketSlots} of them, all handed to the network every {@code readEvery} ms (the
     * peer reading its socket once per loop iteration, as c-toxcore does); what does not fit is
     * dropped, as the kernel drops it.
     */
    static final class Node implements SessionListener {
        final KeyPair real = KeyPair.generate();
        final KeyPair dht = KeyPair.generate();
        final PacketNetwork net;
        final NetCrypto nc;
        final List<byte[]> lossless = new ArrayList<>();
        final ArrayDeque<Object[]> socket = new ArrayDeque<>();
        int socketSlots = Integer.MAX_VALUE;
        long socketDrops;
        int established;
        CryptoSession watched;
        int lastFrontier;
        int releases;
        String broken;

        Node(SimulatedNetwork sim, long readEvery) {
            net = new PacketNetwork(sim.loop(), sim.newTransport());
            nc = new NetCrypto(sim.loop(), real, dht, (to, p) -> {
                check();
                if (readEvery == 0) {
                    return net.send(to, p);
                }
                if (socket.size() >= socketSlots) {
                    socketDrops++;
                } else {
                    socket.add(new Object[] {to, p});
                }
                return true;
            }, NetCrypto.Options.defaults());
            for (int k = PacketKind.COOKIE_REQUEST; k <= PacketKind.CRYPTO_DATA; k++) {
                net.register(k, nc::receive);
            }
            nc.setIncomingHandler((r, d, from) -> this);
            if (readEvery > 0) {
                sim.loop().schedule(new Runnable() {
                    @Override
                    public void run() {
                        Object[] e;
                        while ((e = socket.poll()) != null) {
                            net.send((InetSocketAddress) e[0], (byte[]) e[1]);
                        }
                        sim.loop().schedule(this, readEvery);
                    }
                }, readEvery);
            }
        }

        /** Called on every datagram: a packet sent for the first time must lie within the window. */
        private void check() {
            CryptoSession s = watched;
            if (s == null || s.nextFresh() == lastFrontier) {
                return;
            }
            lastFrontier = s.nextFresh();
            releases++;
            if (s.releasedSpan() > s.sendWindow() && broken == null) {
                broken = "sent " + s.releasedSpan() + " beyond the peer's buffer start with a window of " + s.sendWindow();
            }
        }

        InetSocketAddress address() {
            return net.transport().localAddress();
        }

        @Override
        public void established(CryptoSession s) {
            established++;
        }

        @Override
        public void lossless(CryptoSession s, byte[] data) {
            lossless.add(data);
        }
    }

    static byte[] numbered(int n) {
        return ByteBuffer.allocate(5).put((byte) 64).putInt(n).array();
    }

    /** Connects a to b, sends {@code count} packets (numbered from {@code from}) at once without congestion control. */
    static long[] burst(VirtualEventLoop loop, CryptoSession s, int from, int count) {
        long[] numbers = new long[count];
        loop.execute(() -> {
            for (int i = 0; i < count; i++) {
                numbers[i] = s.sendLossless(numbered(from + i), false);
            }
        });
        loop.runFor(0);
        return numbers;
    }

    static CryptoSession connect(VirtualEventLoop loop, Node a, Node b) {
        CryptoSession s = a.nc.connect(b.real.publicKey(), b.dht.publicKey(), b.address(), a);
        assertTrue(loop.runUntil(() -> s.isEstablished() && b.established == 1, 30_000));
        a.watched = s;
        return s;
    }

    static void assertOnceInOrder(Node b, int total) {
        assertEquals(total, b.lossless.size(), "exactly once");
        for (int i = 0; i < total; i++) {
            assertEquals(i, ByteBuffer.wrap(b.lossless.get(i), 1, 4).getInt(), "order at " + i);
        }
    }

    @Test
    void aBurstIntoASmallSocketIsHeldBackInsteadOfDropped() {
        VirtualEventLoop loop = new VirtualEventLoop(11);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 1, 0, 0);
        Node a = new Node(sim, 20);
        Node b = new Node(sim, 0);
        CryptoSession s = connect(loop, a, b);
        a.socketSlots = 512;
        int total = 5000;
        long[] numbers = burst(loop, s, 0, total);
        assertTrue(s.heldPackets() > 0, "the burst did not all go out at once");
        long start = loop.nowMillis();
        assertTrue(loop.runUntil(() -> s.isDelivered(numbers[total - 1]), 30_000), "received " + b.lossless.size());
        long firstBurst = loop.nowMillis() - start;
        long firstDrops = a.socketDrops;
        // Without the window about 4500 of the 5000 are dropped and come back at the resend pace.
        assertTrue(firstDrops < 2500, firstDrops + " dropped");
        assertTrue(firstBurst < 1_000, "took " + firstBurst + " ms");
        // The window learned the socket's size: the next burst loses far less.
        long[] more = burst(loop, s, total, total);
        assertTrue(loop.runUntil(() -> s.isDelivered(more[total - 1]), 30_000), "received " + b.lossless.size());
        assertTrue(a.socketDrops - firstDrops < 300, (a.socketDrops - firstDrops) + " dropped the second time");
        assertTrue(s.sendWindow() < 1024, "window " + s.sendWindow());
        loop.runFor(2_000);
        assertOnceInOrder(b, 2 * total);
        assertEquals(null, a.broken);
        assertTrue(a.releases > 0);
        assertTrue(s.sendWindowCuts() > 0);
    }

    @Test
    void aLossyReorderingNetworkStillDeliversABurstOnceInOrder() {
        VirtualEventLoop loop = new VirtualEventLoop(12);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 20, 30, 0.2);
        Node a = new Node(sim, 0);
        Node b = new Node(sim, 0);
        CryptoSession s = connect(loop, a, b);
        int total = 4000;
        long[] numbers = burst(loop, s, 0, total);
        assertTrue(s.heldPackets() > 0);
        assertTrue(loop.runUntil(() -> b.lossless.size() >= total && s.isDelivered(numbers[total - 1]), 600_000),
                "received " + b.lossless.size());
        loop.runFor(5_000);
        assertOnceInOrder(b, total);
        assertEquals(null, a.broken);
        assertEquals(0, s.heldPackets());
        assertTrue(sim.lost() > 500, "the network did lose packets: " + sim.lost());
    }

    @Test
    void aPeerThatKeepsUpIsNotSlowedDown() {
        VirtualEventLoop loop = new VirtualEventLoop(13);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 1, 0, 0);
        Node a = new Node(sim, 0);
        Node b = new Node(sim, 0);
        CryptoSession s = connect(loop, a, b);
        int total = 20_000;
        long[] numbers = burst(loop, s, 0, total);
        long start = loop.nowMillis();
        assertTrue(loop.runUntil(() -> s.isDelivered(numbers[total - 1]), 30_000), "received " + b.lossless.size());
        long took = loop.nowMillis() - start;
        // The window doubles every round trip (2 ms and the 1 ms acknowledgement delay here):
        // 1024 to 20,000 in five of them.
        assertTrue(took <= 30, "took " + took + " ms");
        assertOnceInOrder(b, total);
        assertEquals(null, a.broken);
        assertEquals(0, s.sendWindowCuts());
        assertTrue(s.sendWindow() >= total / 2, "window " + s.sendWindow());
    }
}
