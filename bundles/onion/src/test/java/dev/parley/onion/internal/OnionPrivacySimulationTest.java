package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.onion.internal.PrivacySimulation.Config;
import dev.parley.onion.internal.PrivacySimulation.Leak;
import dev.parley.onion.internal.PrivacySimulation.Result;
import org.junit.jupiter.api.Test;

/**
 * The onion's privacy property on a simulated network of a few hundred real DHT + onion nodes:
 * no node except a friend ever sees a user's IP address together with that user's long-term key
 * (see {@link PrivacyObserver} for what a node is taken to see). Deterministic from the seed.
 * The larger run is {@link LargePrivacyRun} ({@code -Psim}).
 */
class OnionPrivacySimulationTest {

    static String describe(Result r) {
        PrivacyObserver o = r.observer();
        return String.format("%d nodes, %d/%d pairs connected after %.1f s virtual, %.0f s virtual in all, %d ms wall;"
                + " %,d datagrams observed, %,d boxes opened, %,d long-term key claims, %d friend links, %d leaks,"
                + " %d co-occurrences, %d malformed onion packets",
                r.config().nodes(), r.connectedPairs(), r.config().pairs(), r.connectMillis() / 1000.0,
                r.virtualMillis() / 1000.0, r.wallMillis(), o.packets, o.opened, o.longTermClaims, o.friendLinks,
                o.leaks().size(), o.coOccurrences(), r.malformed());
    }

    @Test
    void noNodeButAFriendLinksAUsersAddressWithItsLongTermKey() {
        Result r = PrivacySimulation.run(new Config(200, 5, 20261126L, 30_000, Leak.NONE));
        System.out.println("[privacy simulation] " + describe(r));
        PrivacyObserver o = r.observer();
        assertEquals(5, r.connectedPairs(), "every pair befriended and found each other: " + describe(r));
        assertEquals(java.util.List.of(), o.leaks(), "links outside friendships");
        // The observer really reads what it should: hops and announce nodes see long-term keys
        // (from relays), and friends do link each other's address and key.
        assertTrue(o.longTermClaims > 100, describe(r));
        assertTrue(o.friendLinks > 0, describe(r));
        assertEquals(0, r.malformed(), describe(r));
    }

    @Test
    void aNodeUsingItsLongTermKeyAsDhtKeyIsCaught() {
        Result r = PrivacySimulation.run(new Config(60, 1, 7L, 0, Leak.DHT_KEY_IS_LONG_TERM_KEY));
        System.out.println("[privacy simulation, leak] " + describe(r));
        assertFalse(r.observer().leaks().isEmpty(), describe(r));
        assertTrue(r.observer().leaks().stream().allMatch(l -> l.subject() == r.leakyNode()), r.observer().leaks().toString());
    }

    @Test
    void aNodeAnnouncingWithoutTheOnionIsCaught() {
        Result r = PrivacySimulation.run(new Config(60, 1, 8L, 0, Leak.ANNOUNCE_WITHOUT_ONION));
        System.out.println("[privacy simulation, leak] " + describe(r));
        assertFalse(r.observer().leaks().isEmpty(), describe(r));
        assertTrue(r.observer().leaks().stream().allMatch(l -> l.subject() == r.leakyNode()
                && l.field().startsWith("announce request sender")), r.observer().leaks().toString());
    }
}
