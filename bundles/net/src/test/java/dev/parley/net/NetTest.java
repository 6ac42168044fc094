package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetTest {

    @Test
    void virtualLoopRunsInTimeOrderThenSubmissionOrder() {
        VirtualEventLoop loop = new VirtualEventLoop(1);
        List<String> seen = new ArrayList<>();
        long t0 = loop.nowMillis();
        loop.schedule(() -> seen.add("b@" + (loop.nowMillis() - t0)), 100);
        loop.schedule(() -> seen.add("a@" + (loop.nowMillis() - t0)), 50);
        loop.schedule(() -> seen.add("c@" + (loop.nowMillis() - t0)), 100);
        Cancellable x = loop.schedule(() -> seen.add("cancelled"), 10);
        x.cancel();
        Cancellable every = loop.every(40, () -> seen.add("tick@" + (loop.nowMillis() - t0)));
        loop.runFor(100);
        every.cancel();
        loop.runFor(1000);
        assertEquals(List.of("tick@40", "a@50", "tick@80", "b@100", "c@100"), seen);
    }

    @Test
    void simulatedNetworkDispatchesAndCounts() {
        VirtualEventLoop loop = new VirtualEventLoop(2);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        PacketNetwork a = new PacketNetwork(loop, sim.newTransport());
        PacketNetwork b = new PacketNetwork(loop, sim.newTransport());
        List<Integer> got = new ArrayList<>();
        b.register(7, (from, p) -> {
            got.add(p.length);
            return p.length == 3 ? PacketHandler.Verdict.HANDLED : PacketHandler.Verdict.MALFORMED;
        });
        a.send(b.transport().localAddress(), new byte[] {7, 0, 0});
        a.send(b.transport().localAddress(), new byte[] {7});
        a.send(b.transport().localAddress(), new byte[] {9, 1});
        loop.runFor(5);
        assertTrue(got.isEmpty(), "latency");
        loop.runFor(10);
        assertEquals(List.of(3, 1), got);
        assertEquals(new PacketCounters(7, 2, 0, 0, 1), b.counters(7));
        assertEquals(new PacketCounters(9, 1, 0, 1, 0), b.counters(9));
        assertEquals(2, a.counters(7).sent());
    }

    @Test
    void udpOnLoopback() throws Exception {
        try (ThreadEventLoop la = new ThreadEventLoop("a"); ThreadEventLoop lb = new ThreadEventLoop("b")) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            PacketNetwork a = new PacketNetwork(la, UdpTransport.bind(UdpTransport.Options.bindTo(lo).withPorts(0, 0)));
            PacketNetwork b = new PacketNetwork(lb, UdpTransport.bind(UdpTransport.Options.bindTo(lo).withPorts(0, 0)));
            CountDownLatch latch = new CountDownLatch(1);
            InetSocketAddress[] from = new InetSocketAddress[1];
            b.register(0x42, (f, p) -> {
                assertTrue(lb.inLoop());
                from[0] = f;
                latch.countDown();
                return PacketHandler.Verdict.HANDLED;
            });
            a.send(b.transport().localAddress(), new byte[] {0x42, 1, 2});
            assertTrue(latch.await(5, TimeUnit.SECONDS));
            assertEquals(a.transport().localAddress(), from[0]);
            assertEquals(1, b.counters(0x42).received());
            a.close();
            b.close();
        }
    }

    @Test
    void mappedAddressesNormalize() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 5);
        assertEquals(v4, Addresses.normalize(Addresses.toMapped(v4)));
        assertTrue(Addresses.isLan(InetAddress.getByName("127.0.0.1")));
        assertTrue(Addresses.isLan(InetAddress.getByName("fd00::1")));
        assertTrue(!Addresses.isLan(InetAddress.getByName("8.8.8.8")));
    }
}
