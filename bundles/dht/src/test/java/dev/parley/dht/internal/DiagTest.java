package dev.parley.dht.internal;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import java.util.*;
import org.junit.jupiter.api.Test;

class DiagTest {
    @Test
    void diag() {
        double loss = Double.parseDouble(System.getProperty("diag.loss", "0.2"));
        SimulationTest.Sim s = SimulationTest.network(150, 2, loss);
        for (int m = 0; m < 8; m++) {
            s.loop.runFor(60_000);
            int absent = 0, bad = 0, missing = 0, fullBucket = 0;
            double closeSize = 0;
            for (DhtEngine n : s.nodes) {
                Set<DhtKey> have = new HashSet<>();
                for (NodeInfo i : n.closeList()) have.add(i.key());
                closeSize += have.size();
                List<DhtKey> truth = s.nodes.stream().map(DhtEngine::selfKey).filter(x -> !x.equals(n.selfKey()))
                        .sorted((a, b) -> n.selfKey().compareDistance(a, b)).limit(4).toList();
                for (DhtKey t : truth) {
                    if (have.contains(t)) continue;
                    missing++;
                    if (n.debugInClose(t)) bad++; else absent++;
                    if (n.debugBucketFull(t)) fullBucket++;
                }
            }
            Map<DhtKey, Integer> indeg = new HashMap<>();
            for (DhtEngine n : s.nodes) for (NodeInfo i : n.closeList()) indeg.merge(i.key(), 1, Integer::sum);
            int[] hist = new int[6];
            for (DhtEngine n : s.nodes) hist[Math.min(5, indeg.getOrDefault(n.selfKey(), 0) / 5)]++;
            System.out.println("indegree hist /5: " + Arrays.toString(hist));
            System.out.printf("min %d conv %.3f closeavg %.1f missing %d (listed-but-bad %d, absent %d, fullbucket %d) delivered %d lost %d%n",
                m + 1, s.converged(4), closeSize / s.nodes.size(), missing, bad, absent, fullBucket, s.net.delivered(), s.net.lost());
        }
    }
}
