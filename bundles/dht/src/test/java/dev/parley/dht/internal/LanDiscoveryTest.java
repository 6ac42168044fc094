package dev.parley.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.wire.PacketKind;
import dev.parley.net.ForwardingTransport;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.Transport;
import dev.parley.net.VirtualEventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LAN discovery on the simulated network: who sends it, where, how often, and what it leads to. */
class LanDiscoveryTest {

    private final VirtualEventLoop loop = new VirtualEventLoop(5);
    private final SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
    private final List<InetSocketAddress> sentTo = new ArrayList<>();

    private DhtEngine node(boolean lan, List<InetAddress> targets, boolean record) {
        Transport t = sim.newTransport();
        Transport watched = !record ? t : new ForwardingTransport(t) {
            @Override
            public boolean send(InetSocketAddress to, byte[] data) {
                if ((data[0] & 0xff) == PacketKind.LAN_DISCOVERY) {
                    sentTo.add(to);
                }
                return t.send(to, data);
            }
        };
        Random r = new Random(loop.random().nextLong());
        byte[] sk = new byte[32];
        r.nextBytes(sk);
        DhtEngine e = new DhtEngine(new PacketNetwork(loop, watched), KeyPair.fromSecretKey(sk), r,
                DhtOptions.defaults().withLanDiscovery(lan).withTickMillis(500));
        e.lanTargets(() -> targets);
        e.start();
        return e;
    }

    @Test
    void twoNodesWithoutBootstrapFindEachOther() {
        DhtEngine b = node(true, List.of(), false);
        DhtEngine a = node(true, List.of(b.localAddress().getAddress()), true);
        assertTrue(loop.runUntil(() -> a.closeList().stream().anyMatch(n -> n.key().equals(b.selfKey()))
                && b.closeList().stream().anyMatch(n -> n.key().equals(a.selfKey())), 30_000));
        assertTrue(b.network().counters(PacketKind.LAN_DISCOVERY).received() > 0);
        assertEquals(0, b.network().counters(PacketKind.LAN_DISCOVERY).malformed());
    }

    @Test
    void portsAndIntervalAsCToxcore() {
        InetAddress target = sim.newTransport().localAddress().getAddress();
        DhtEngine a = node(true, List.of(target), true);
        loop.runFor(600);
        // First round: the default port and the next ten.
        List<Integer> ports = sentTo.stream().map(InetSocketAddress::getPort).toList();
        assertEquals(List.of(33445, 33446, 33447, 33448, 33449, 33450, 33451, 33452, 33453, 33454, 33455), ports);
        assertTrue(sentTo.stream().allMatch(s -> s.getAddress().equals(target)));
        sentTo.clear();
        loop.runFor(DhtEngine.LAN_DISCOVERY_INTERVAL - 1_000);
        assertEquals(List.of(), sentTo, "nothing more within the interval");
        loop.runFor(1_000);
        assertEquals(33445, sentTo.get(0).getPort());
        assertEquals(33456, sentTo.get(1).getPort());
        // Ten rounds cover the range up to 33544, then it starts over at 33446.
        loop.runFor(9 * DhtEngine.LAN_DISCOVERY_INTERVAL);
        List<Integer> all = sentTo.stream().map(InetSocketAddress::getPort).distinct().sorted().toList();
        assertEquals(33445, all.get(0));
        assertEquals(33544, all.get(all.size() - 1));
        assertEquals(100, all.size());
        assertTrue(a.network().counters(PacketKind.LAN_DISCOVERY).sent() > 0);
    }

    @Test
    void offByDefaultSendsNothingAndIgnoresOthers() {
        DhtEngine quiet = node(false, List.of(), false);
        DhtEngine loud = node(true, List.of(quiet.localAddress().getAddress()), true);
        loop.runFor(60_000);
        assertTrue(sentTo.size() > 0);
        assertEquals(0, quiet.network().counters(PacketKind.LAN_DISCOVERY).sent());
        assertTrue(quiet.closeList().isEmpty());
        assertTrue(loud.closeList().isEmpty());
    }
}
