package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.net.internal.RelayOnlyTransportComponent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A packet network whose transport goes away and comes back, as when the UDP bundle is stopped and started. */
class PacketNetworkTransportTest {

    final VirtualEventLoop loop = new VirtualEventLoop(3);
    final SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);

    @Test
    void withoutATransportNothingIsSentAndTheNextOneIsPickedUp() {
        PacketNetwork peer = new PacketNetwork(loop, sim.newTransport());
        List<String> got = new ArrayList<>();
        peer.register(7, (from, p) -> {
            got.add(from.getPort() + ":" + p[1]);
            return PacketHandler.Verdict.HANDLED;
        });
        Transport first = sim.newTransport();
        PacketNetwork node = new PacketNetwork(loop, first);
        int[] changes = {0};
        node.onTransportChange(() -> changes[0]++);
        InetSocketAddress to = peer.transport().localAddress();
        assertTrue(node.udpAvailable());
        assertTrue(node.send(to, new byte[] {7, 1}));

        node.useTransport(null);
        assertFalse(node.udpAvailable());
        assertFalse(node.send(to, new byte[] {7, 2}), "no transport: nothing sent");
        assertEquals(new InetSocketAddress(0), node.transport().localAddress());
        assertFalse(node.transport().supportsIpv6());
        // What still reaches the old transport is not taken any more.
        peer.send(first.localAddress(), new byte[] {7, 9});

        Transport second = sim.newTransport();
        node.useTransport(second);
        assertTrue(node.udpAvailable());
        assertEquals(second.localAddress(), node.transport().localAddress());
        assertTrue(node.send(to, new byte[] {7, 3}));
        loop.runFor(50);
        assertEquals(List.of(first.localAddress().getPort() + ":1", second.localAddress().getPort() + ":3"), got);
        assertEquals(2, node.counters(7).sent());
        assertEquals(2, changes[0], "the listener heard both changes, on the loop");
        assertEquals(0, node.counters(7).received(), "the old transport's datagram was dropped");
    }

    @Test
    void theRelayOnlyProviderMeansNoUdp() {
        PacketNetwork node = new PacketNetwork(loop, sim.newTransport());
        node.useTransport(new RelayOnlyTransportComponent());
        assertFalse(node.udpAvailable());
        assertFalse(node.transport().carriesDatagrams());
        assertFalse(node.send(new InetSocketAddress("127.0.0.1", 33445), new byte[] {2, 0}));
        assertEquals(0, node.transport().localAddress().getPort());
    }
}
