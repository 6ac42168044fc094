package dev.parley.dht.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The large simulation (opt-in: {@code mvn -f bundles/dht/pom.xml -Psim test}; not part of
 * the normal build, whose surefire only runs {@code *Test} classes). {@code -Dparley.sim.nodes=N}
 * (default 10,000), {@code -Dparley.sim.lookups=N} (default 1,000).
 *
 * <p>Builds the network as {@link SimulationTest#network} does (each node joins through a random
 * earlier node, no loss, 20-50 ms latency), then measures: virtual time until 98%, 99.9% and 100% of
 * nodes hold their 4 truly closest nodes as good entries of their close list (100% is asserted); iterative lookups of
 * random keys over the nodes' answers (what each would put in a nodes response); used heap after GC
 * per node; wall time.
 */
class LargeSimulationRun {

    @Test
    void largeNetwork() {
        int size = Integer.getInteger("parley.sim.nodes", 10_000);
        int lookups = Integer.getInteger("parley.sim.lookups", 1_000);
        long maxVirtual = Long.getLong("parley.sim.maxVirtualSeconds", 300) * 1000;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedAfterGc(mem);
        long wall = System.nanoTime();

        SimulationTest.Sim s = SimulationTest.network(size, 11, 0);
        long joinWall = System.nanoTime() - wall;
        long start = s.loop.nowMillis();
        Truth truth = new Truth(s.nodes);
        long t98 = -1;
        long t999 = -1;
        long t100 = -1;
        double share = 0;
        while (s.loop.nowMillis() - start < maxVirtual && t100 < 0) {
            s.loop.runFor(5_000);
            share = truth.converged(s.nodes);
            long t = s.loop.nowMillis() - start;
            if (share >= 0.98 && t98 < 0) {
                t98 = t;
            }
            if (share >= 0.999 && t999 < 0) {
                t999 = t;
            }
            if (share >= 1.0) {
                t100 = t;
            }
        }
        long convergeWall = System.nanoTime() - wall;
        String notConverged = truth.describeNotConverged(s.nodes, Integer.getInteger("parley.sim.describe", 5));

        // Lookups: from a random node, ask the closest not yet asked of the 4 closest known to the
        // target (alpha 1), until those 4 were all asked. Success: the truly closest node is found.
        Random r = new Random(12);
        Map<DhtKey, DhtEngine> byKey = new HashMap<>();
        s.nodes.forEach(n -> byKey.put(n.selfKey(), n));
        int ok = 0;
        long queriesSum = 0;
        long hopsSum = 0;
        int maxHops = 0;
        int[] hopHistogram = new int[16];
        for (int i = 0; i < lookups; i++) {
            byte[] b = new byte[DhtKey.SIZE];
            r.nextBytes(b);
            DhtKey target = DhtKey.of(b);
            DhtKey best = s.nodes.stream().map(DhtEngine::selfKey).min(target::compareDistance).orElseThrow();
            DhtEngine from = s.nodes.get(r.nextInt(s.nodes.size()));
            Set<DhtKey> asked = new HashSet<>();
            Set<DhtKey> known = new HashSet<>();
            known.add(from.selfKey());
            int queries = 0;
            int hopsToBest = -1;
            if (from.selfKey().equals(best)) {
                hopsToBest = 0;
            }
            while (true) {
                DhtKey next = known.stream().sorted(target::compareDistance).limit(DhtEngine.MAX_SENT_NODES)
                        .filter(k -> !asked.contains(k)).findFirst().orElse(null);
                if (next == null) {
                    break;
                }
                asked.add(next);
                queries++;
                for (NodeInfo n : byKey.get(next).closestForLan(target)) {
                    known.add(n.key());
                }
                if (hopsToBest < 0 && known.contains(best)) {
                    hopsToBest = queries;
                }
            }
            queriesSum += queries;
            if (hopsToBest >= 0) {
                ok++;
                hopsSum += hopsToBest;
                maxHops = Math.max(maxHops, hopsToBest);
                hopHistogram[Math.min(hopsToBest, hopHistogram.length - 1)]++;
            }
        }
        // The simulation's pool of keys one side of a pair has not picked up yet is not node state.
        s.unclaimedKeys.clear();
        long heapAfter = usedAfterGc(mem);
        long totalWall = System.nanoTime() - wall;

        StringBuilder t = new StringBuilder();
        t.append(String.format("%n| measure | value |%n|---|---:|%n"));
        row(t, "nodes", String.format("%,d", size));
        row(t, "virtual time to 98% converged", t98 < 0 ? "not within " + maxVirtual / 1000 + " s" : t98 / 1000 + " s");
        row(t, "virtual time to 99.9% converged", t999 < 0 ? "not within " + maxVirtual / 1000 + " s" : t999 / 1000 + " s");
        row(t, "virtual time to 100% converged", t100 < 0 ? "not within " + maxVirtual / 1000 + " s (" + String.format("%.4f", share) + ")" : t100 / 1000 + " s");
        // VirtualEventLoop starts its clock at 1,000,000 ms.
        row(t, "virtual time of the join phase (50 nodes per 200 ms)", (start - 1_000_000L) / 1000 + " s");
        row(t, "datagrams delivered", String.format("%,d", s.net.delivered()));
        row(t, "lookups of random keys", String.format("%,d", lookups));
        row(t, "lookup success (truly closest node found)", String.format("%.2f%%", 100.0 * ok / lookups));
        row(t, "hops to the closest node, mean / max", String.format("%.2f / %d", ok == 0 ? 0 : hopsSum / (double) ok, maxHops));
        row(t, "hops histogram 0..15+", Arrays.toString(hopHistogram));
        row(t, "nodes asked per lookup, mean", String.format("%.2f", queriesSum / (double) lookups));
        row(t, "used heap after GC, per node", String.format("%.1f KiB", (heapAfter - heapBefore) / 1024.0 / size));
        row(t, "used heap after GC, all", String.format("%,d MiB (max heap %,d MiB)", (heapAfter - heapBefore) >> 20,
                Runtime.getRuntime().maxMemory() >> 20));
        row(t, "wall time: join / +converge / total", String.format("%d / %d / %d s", joinWall / 1_000_000_000L,
                convergeWall / 1_000_000_000L, totalWall / 1_000_000_000L));
        System.out.println("large simulation:" + t);
        System.out.println("not converged (first 5): " + notConverged);
        // Keep the network reachable until the heap was measured.
        assertTrue(s.nodes.size() == size);
        assertTrue(t100 >= 0, "not every node converged within " + maxVirtual / 1000 + " s virtual: " + share
                + "; " + notConverged);
    }

    static void row(StringBuilder t, String name, String value) {
        t.append("| ").append(name).append(" | ").append(value).append(String.format(" |%n"));
    }

    static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /**
     * Each node's 4 truly closest nodes, without sorting all nodes for each: keys sorted as unsigned
     * numbers; the keys sharing at least L leading bits with a key form a contiguous run around it,
     * and every key outside that run is farther (by XOR) than every key inside. So take the longest
     * L whose run holds 5 keys (the node and 4 others) and sort only that run.
     */
    static final class Truth {
        final Map<DhtKey, List<DhtKey>> closest = new HashMap<>();

        Truth(List<DhtEngine> nodes) {
            List<DhtKey> keys = new ArrayList<>(nodes.stream().map(DhtEngine::selfKey).toList());
            DhtKey zero = DhtKey.of(new byte[DhtKey.SIZE]);
            // Unsigned order = XOR distance from the all-zero key.
            keys.sort(zero::compareDistance);
            for (int i = 0; i < keys.size(); i++) {
                DhtKey self = keys.get(i);
                int a = i;
                int b = i;
                for (int l = 256; l >= 0 && b - a + 1 < 5; l--) {
                    while (a > 0 && self.commonPrefixBits(keys.get(a - 1)) >= l) {
                        a--;
                    }
                    while (b < keys.size() - 1 && self.commonPrefixBits(keys.get(b + 1)) >= l) {
                        b++;
                    }
                }
                closest.put(self, keys.subList(a, b + 1).stream().filter(k -> !k.equals(self))
                        .sorted(self::compareDistance).limit(4).toList());
            }
        }

        /**
         * For some nodes that miss one of their truly closest: which (by index), whether it is
         * listed there at all (good or bad), whether the missing node lists this node, close list size.
         */
        String describeNotConverged(List<DhtEngine> nodes, int max) {
            Map<DhtKey, Integer> index = new HashMap<>();
            Map<DhtKey, DhtEngine> engine = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                index.put(nodes.get(i).selfKey(), i);
                engine.put(nodes.get(i).selfKey(), nodes.get(i));
            }
            StringBuilder b = new StringBuilder();
            int shown = 0;
            int count = 0;
            int listedMissing = 0;
            int absentMissing = 0;
            for (DhtEngine n : nodes) {
                Set<DhtKey> have = new HashSet<>();
                n.closeList().forEach(i -> have.add(i.key()));
                List<DhtKey> missing = closest.get(n.selfKey()).stream().filter(k -> !have.contains(k)).toList();
                if (missing.isEmpty()) {
                    continue;
                }
                count++;
                for (DhtKey m : missing) {
                    if (n.listedInClose(m)) {
                        listedMissing++;
                    } else {
                        absentMissing++;
                    }
                }
                if (shown++ < max) {
                    b.append(String.format("%n  node %d (close list %d good): ", index.get(n.selfKey()), n.closeList().size()));
                    for (DhtKey m : missing) {
                        DhtEngine o = engine.get(m);
                        List<DhtKey> bucket = n.goodInBucketOf(m);
                        long farther = bucket.stream().filter(k -> n.selfKey().compareDistance(k, m) > 0).count();
                        b.append(String.format("misses %d (rank %d, shares %d bits; listed here %s; it lists this node %s,"
                                + " good there %s; that bucket here holds %d good, %d of them farther) ",
                                index.get(m), closest.get(n.selfKey()).indexOf(m) + 1, n.selfKey().commonPrefixBits(m),
                                n.listedInClose(m), o.listedInClose(n.selfKey()),
                                o.closeList().stream().anyMatch(i -> i.key().equals(n.selfKey())), bucket.size(), farther));
                    }
                }
            }
            return count + " nodes; missing entries listed but bad " + listedMissing + ", absent " + absentMissing + b;
        }

        double converged(List<DhtEngine> nodes) {
            int ok = 0;
            for (DhtEngine n : nodes) {
                Set<DhtKey> have = new HashSet<>();
                for (NodeInfo i : n.closeList()) {
                    have.add(i.key());
                }
                if (have.containsAll(closest.get(n.selfKey()))) {
                    ok++;
                }
            }
            return ok / (double) nodes.size();
        }
    }
}
