package dev.parley.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.wire.PacketKind;
import dev.parley.net.SimulatedNetwork.Nat;
import dev.parley.net.SimulatedNetwork.NatType;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two friends behind NATs that drop unsolicited datagrams find each other through the DHT: NAT
 * pings through the nodes close to each of them, then pings to the address those nodes report
 * (c-toxcore's do_nat / punch_holes), all on virtual time.
 */
class HolePunchingTest {

    private record Pair(SimulationTest.Sim sim, DhtEngine a, DhtEngine b, Nat natA, Nat natB) {
    }

    private static Pair network(long seed, NatType typeA, NatType typeB) {
        SimulationTest.Sim s = SimulationTest.network(40, seed, 0);
        s.loop.runFor(30_000);
        Nat natA = s.net.newNat(typeA, 40_000);
        Nat natB = s.net.newNat(typeB, 50_000);
        DhtEngine a = s.addOn(s.net.newTransportBehind(natA));
        DhtEngine b = s.addOn(s.net.newTransportBehind(natB));
        DhtEngine via = s.nodes.get(0);
        a.bootstrap(via.localAddress(), via.selfKey());
        b.bootstrap(via.localAddress(), via.selfKey());
        s.loop.runFor(60_000);
        assertTrue(a.connected() && b.connected());
        return new Pair(s, a, b, natA, natB);
    }

    private static void findEachOther(Pair p) {
        AtomicReference<InetSocketAddress> aHeard = new AtomicReference<>();
        AtomicReference<InetSocketAddress> bHeard = new AtomicReference<>();
        p.a.addFriend(p.b.selfKey(), aHeard::set);
        p.b.addFriend(p.a.selfKey(), bHeard::set);
        long start = p.sim.loop.nowMillis();
        boolean found = p.sim.loop.runUntil(() -> aHeard.get() != null && bHeard.get() != null, 180_000);
        System.out.printf("hole punching %s/%s: found=%s after %d ms virtual; NAT ping requests sent %d, pings sent"
                + " %d, punching rounds %d + %d, NAT drops %d%n", p.natA.type(), p.natB.type(), found,
                p.sim.loop.nowMillis() - start, p.a.network().counters(PacketKind.CRYPTO_REQUEST).sent(),
                p.a.network().counters(PacketKind.PING_REQUEST).sent(), p.a.punchRounds(), p.b.punchRounds(),
                p.sim.net.natDropped());
        assertTrue(found, "a heard " + aHeard.get() + ", b heard " + bHeard.get());
        // Each heard the other at its NAT's public address, and the direct path stays usable.
        assertEquals(p.natB.publicIp(), aHeard.get().getAddress());
        assertEquals(p.natA.publicIp(), bHeard.get().getAddress());
        p.sim.loop.runFor(30_000);
        assertTrue(p.a.friendIp(p.b.selfKey()).isPresent());
        assertTrue(p.b.friendIp(p.a.selfKey()).isPresent());
    }

    @Test
    void twoPortRestrictedConeNats() {
        Pair p = network(11, NatType.PORT_RESTRICTED_CONE, NatType.PORT_RESTRICTED_CONE);
        // Each NAT drops the other's first datagrams; the friend searches' requests or the punches
        // that cross them open the way.
        findEachOther(p);
        assertTrue(p.sim.net.natDropped() > 0);
    }

    @Test
    void symmetricNatWithPredictablePortsAndConeNat() {
        Pair p = network(12, NatType.SYMMETRIC_SEQUENTIAL, NatType.PORT_RESTRICTED_CONE);
        findEachOther(p);
        // Here the friend searches alone cannot meet: the symmetric NAT gives each destination its
        // own port, so the cone side only gets through by guessing it.
        assertTrue(p.b.punchRounds() > 0, "no punching");
    }
}
