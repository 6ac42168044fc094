package dev.parley.netcrypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * The send window of lossless packets (CryptoSession.INITIAL_WINDOW), on virtual time: a packet is
 * sent for the first time only within the window from the peer's buffer start; a burst into a
 * receiver that reads its socket only now and then is held back rather than overflowing it, and
 * everything still arrives once and in order, with loss too.
 */
class SendWindowTest {

    /**
     * A node whose outgoing datagrams, when {@code readEvery} is more than 0, first wait in a
     * model of the peer's socket: at most {@code socketSlots} of them, all handed to the network
     * every {@code readEvery} ms (the peer reading its socket once per loop iteration, as
     * c-toxcore does); what does not fit is dropped, as the kernel drops it.
     */
    static final class Node extends SimulatedSessionTest.Node {
        final long readEvery;
        final ArrayDeque<Object[]> socket = new ArrayDeque<>();
        int socketSlots = Integer.MAX_VALUE;
        long socketDrops;
        CryptoSession watched;
        int lastFrontier;
        int releases;
        String broken;
        /** When set, nothing this node sends leaves it (a peer that stopped acknowledging). */
        boolean mute;

        Node(SimulatedNetwork sim, long readEvery) {
            super(sim);
            this.readEvery = readEvery;
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

        @Override
        boolean transmit(InetSocketAddress to, byte[] p) {
            check();
            if (mute) {
                return true;
            }
            if (readEvery == 0) {
                return net.send(to, p);
            }
            if (socket.size() >= socketSlots) {
                socketDrops++;
            } else {
                socket.add(new Object[] {to, p});
            }
            return true;
        }

        /**
         * Called on every datagram: a packet sent for the first time must lie within the window, or
         * within the stalled window's overshoot (CryptoSession.STALL_OVERSHOOT).
         */
        private void check() {
            CryptoSession s = watched;
            if (s == null || s.nextFresh() == lastFrontier) {
                return;
            }
            lastFrontier = s.nextFresh();
            releases++;
            if (s.releasedSpan() > s.sendWindow() + CryptoSession.STALL_OVERSHOOT && broken == null) {
                broken = "sent " + s.releasedSpan() + " beyond the peer's buffer start with a window of " + s.sendWindow();
            }
        }
    }

    /** Connects a to b, sends {@code count} packets (numbered from {@code from}) at once without congestion control. */
    static long[] burst(VirtualEventLoop loop, CryptoSession s, int from, int count) {
        long[] numbers = new long[count];
        loop.execute(() -> {
            for (int i = 0; i < count; i++) {
                numbers[i] = s.sendLossless(SimulatedSessionTest.numbered(64, from + i), false);
            }
        });
        loop.runFor(0);
        return numbers;
    }

    /** Two nodes on a simulated network, a's datagrams through its socket model, and a's session with b. */
    record Pair(VirtualEventLoop loop, SimulatedNetwork sim, Node a, Node b, CryptoSession s) {
        static Pair connect(long seed, long latency, long jitter, double loss, long readEvery) {
            VirtualEventLoop loop = new VirtualEventLoop(seed);
            SimulatedNetwork sim = new SimulatedNetwork(loop, latency, jitter, loss);
            Node a = new Node(sim, readEvery);
            Node b = new Node(sim, 0);
            CryptoSession s = a.connect(b);
            assertTrue(loop.runUntil(() -> s.isEstablished() && b.established == 1, 30_000));
            a.watched = s;
            return new Pair(loop, sim, a, b, s);
        }
    }

    static void assertOnceInOrder(Node b, int total) {
        assertEquals(total, b.lossless.size(), "exactly once");
        for (int i = 0; i < total; i++) {
            assertEquals(i, ByteBuffer.wrap(b.lossless.get(i), 1, 4).getInt(), "order at " + i);
        }
    }

    @Test
    void aBurstIntoASmallSocketIsHeldBackInsteadOfDropped() {
        Pair p = Pair.connect(11, 1, 0, 0, 20);
        VirtualEventLoop loop = p.loop();
        Node a = p.a();
        Node b = p.b();
        CryptoSession s = p.s();
        a.socketSlots = 512;
        int total = 5000;
        long[] numbers = burst(loop, s, 0, total);
        assertTrue(s.heldPackets() > 0, "the burst did not all go out at once");
        long start = loop.nowMillis();
        assertTrue(loop.runUntil(() -> s.isDelivered(numbers[total - 1]), 30_000), "received " + b.lossless.size());
        long firstBurst = loop.nowMillis() - start;
        long firstDrops = a.socketDrops;
        // Without the window all but 512 of the 5000 would be dropped at once and come back at the resend pace.
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
        Pair p = Pair.connect(12, 20, 30, 0.2, 0);
        VirtualEventLoop loop = p.loop();
        Node b = p.b();
        CryptoSession s = p.s();
        int total = 4000;
        long[] numbers = burst(loop, s, 0, total);
        assertTrue(s.heldPackets() > 0);
        assertTrue(loop.runUntil(() -> b.lossless.size() >= total && s.isDelivered(numbers[total - 1]), 600_000),
                "received " + b.lossless.size());
        loop.runFor(5_000);
        assertOnceInOrder(b, total);
        assertEquals(null, p.a().broken);
        assertEquals(0, s.heldPackets());
        assertTrue(p.sim().lost() > 500, "the network did lose packets: " + p.sim().lost());
    }

    @Test
    void withoutAcknowledgementsTheLastPartOfTheWindowTricklesOutThenAStalledWindowLetsOneATickPastIt() {
        Pair p = Pair.connect(14, 1, 0, 0, 0);
        VirtualEventLoop loop = p.loop();
        CryptoSession s = p.s();
        long[] first = burst(loop, s, 0, 1); // one acknowledged packet: the session knows its round trip
        assertTrue(loop.runUntil(() -> s.isDelivered(first[0]), 5_000));
        p.b().mute = true;
        long[] numbers = burst(loop, s, 1, 3000);
        int atOnce = s.releasedSpan();
        int window = s.sendWindow();
        assertEquals(window - window / 16, atOnce, "sends fill the window but for its last sixteenth");
        loop.runFor(10 * NetCrypto.Options.defaults().tickMillis());
        int afterTenTicks = s.releasedSpan();
        assertTrue(afterTenTicks > atOnce, "the rest trickles out");
        assertTrue(afterTenTicks <= atOnce + 11 * CryptoSession.TRICKLE_PER_TICK, "a few a tick: " + afterTenTicks);
        assertTrue(loop.runUntil(() -> s.releasedSpan() == window, 5_000), "the window fills");
        long tick = NetCrypto.Options.defaults().tickMillis();
        loop.runFor(CryptoSession.STALL_MILLIS - tick);
        assertEquals(window, s.releasedSpan(), "nothing past the window before it counts as stalled");
        loop.runFor(2 * tick + 1);
        int stalled = s.releasedSpan();
        assertTrue(stalled > window && stalled <= window + 2, "one a tick past a stalled window: " + stalled);
        long sentLater = s.losslessSentLater();
        loop.runFor(10_000);
        assertEquals(window + CryptoSession.STALL_OVERSHOOT, s.releasedSpan(), "and no further than the overshoot");
        // Besides, the packets at the peer's buffer start and our newest go again once per stalled period.
        long resent = s.losslessSentLater() - sentLater - (s.releasedSpan() - stalled);
        assertTrue(resent >= 2 * (10_000 / (CryptoSession.STALL_MILLIS + 2 * tick))
                && resent <= 2 * (10_000 / CryptoSession.STALL_MILLIS + 1), resent + " resent in 10 s");
        assertEquals(3000 - window - CryptoSession.STALL_OVERSHOOT, s.heldPackets());
        assertEquals(null, p.a().broken);
        assertTrue(!s.isDelivered(numbers[0]));
    }

    @Test
    void aPeerThatKeepsUpIsNotSlowedDown() {
        Pair p = Pair.connect(13, 1, 0, 0, 0);
        VirtualEventLoop loop = p.loop();
        Node b = p.b();
        CryptoSession s = p.s();
        int total = 20_000;
        long[] numbers = burst(loop, s, 0, total);
        long start = loop.nowMillis();
        assertTrue(loop.runUntil(() -> s.isDelivered(numbers[total - 1]), 30_000), "received " + b.lossless.size());
        long took = loop.nowMillis() - start;
        // Before a loss the window grows by twice what is acknowledged, every round trip (2 ms and
        // the 1 ms acknowledgement delay here): 1024 to 20,000 in three of them.
        assertTrue(took <= 30, "took " + took + " ms");
        assertOnceInOrder(b, total);
        assertEquals(null, p.a().broken);
        assertEquals(0, s.sendWindowCuts());
        assertTrue(s.sendWindow() >= total / 2, "window " + s.sendWindow());
    }
}
