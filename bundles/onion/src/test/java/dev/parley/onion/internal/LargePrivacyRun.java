package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.onion.internal.PrivacySimulation.Config;
import dev.parley.onion.internal.PrivacySimulation.Leak;
import dev.parley.onion.internal.PrivacySimulation.Result;
import org.junit.jupiter.api.Test;

/**
 * The privacy simulation at a larger size, opt-in ({@code mvn -o -f bundles/onion/pom.xml -Psim test};
 * the normal build runs only {@code *Test} classes). {@code -Dparley.sim.nodes=N} (default 1,000),
 * {@code -Dparley.sim.pairs=N} (default 25), {@code -Dparley.sim.seed=S}, {@code -Dparley.sim.settleSeconds=S}
 * (default 120). Prints one line with the figures docs/BENCHMARKS.md quotes.
 */
class LargePrivacyRun {

    @Test
    void largeNetwork() {
        Config c = new Config(Integer.getInteger("parley.sim.nodes", 1000), Integer.getInteger("parley.sim.pairs", 25),
                Long.getLong("parley.sim.seed", 1L), Long.getLong("parley.sim.settleSeconds", 120) * 1000, Leak.NONE);
        Result r = PrivacySimulation.run(c);
        System.out.println("[large privacy simulation] " + OnionPrivacySimulationTest.describe(r));
        assertEquals(java.util.List.of(), r.observer().leaks(), "links outside friendships");
        assertEquals(c.pairs(), r.connectedPairs(), OnionPrivacySimulationTest.describe(r));
    }
}
