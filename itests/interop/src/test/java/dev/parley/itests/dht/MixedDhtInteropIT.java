package dev.parley.itests.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.onion.Onion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, interop test (3): one DHT made of six c-toxcore peers and six Parley nodes, on loopback,
 * all bootstrapping from one Parley node. Every node becomes DHT-connected (c-toxcore:
 * {@code self_connection} other than none; Parley: {@code isConnected()}). Then, for random target
 * keys and for every node's DHT key (c-toxcore nodes by the {@code dhtkey} of their {@code ready}
 * event), every Parley node answers a nodes request ({@code closestNodes}) with the truly closest
 * live nodes of all twelve, at their right addresses.
 *
 * <p>For a key other than its own, a node first searches it, the way it searches a friend's key
 * ({@code addFriend}): c-toxcore's DHT, which Parley's follows, only ever looks up a node's own key
 * and its friends' keys, so without a search a node knows the nodes close to itself and those that
 * talk to it, not every node. (Asserting on random keys without a search failed: one Parley node's
 * close list stayed at 6 of the 11 others for 150 s.)
 *
 * <p>c-toxcore reports {@code self_connection} from its onion announcements, and picks its onion
 * paths among all DHT nodes it hears of. So the Parley nodes also serve the onion node side
 * ({@link Onion#serve}: hop and announce store), as {@code parley-node} and {@code tox-bootstrapd}
 * do; with DHT-only Parley nodes most random 3-hop paths run through a node that drops onion
 * packets, and some c-toxcore peers took over 45 s to come online (seen in the first runs).
 *
 * <p>The rig's own {@code tox-bootstrapd} is started by {@link RigExtension} but nobody here
 * bootstraps from it, so it is not part of this network.
 */
@ExtendWith(RigExtension.class)
class MixedDhtInteropIT {

    static final int PARLEY_NODES = 6;
    static final int TOXCORE_PEERS = 6;
    static final int TARGETS = 8;
    /** Nodes a nodes response carries (c-toxcore's MAX_SENT_NODES). */
    static final int SENT_NODES = 4;

    /** A node of the mixed network: its DHT key and the address it receives on. */
    record Live(String name, DhtKey key, InetSocketAddress address) {
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void mixedNetworkAgreesOnClosestNodes(String version, Rig rig) throws Exception {
        long started = System.nanoTime();
        List<ParleyDhtNode> parley = new ArrayList<>();
        try {
            for (int i = 0; i < PARLEY_NODES; i++) {
                ParleyDhtNode n = new ParleyDhtNode("m" + i + "-" + version, "127.0.0.1", null);
                parley.add(n);
                Onion.serve(n.net, n.dht, new Random());
            }
            ParleyDhtNode hub = parley.get(0);
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < TOXCORE_PEERS; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "c" + i + "-" + version);
                p.bootstrap("127.0.0.1", hub.port(), hub.keyHex());
                peers.add(p);
            }
            for (ParleyDhtNode n : parley.subList(1, parley.size())) {
                n.dht.bootstrap(hub.address(), hub.dht.selfKey());
            }

            List<Live> live = new ArrayList<>();
            for (int i = 0; i < parley.size(); i++) {
                live.add(new Live("parley-m" + i, parley.get(i).dht.selfKey(), parley.get(i).address()));
            }
            for (ToxPeer p : peers) {
                live.add(new Live(p.name(), DhtKey.fromHex(p.dhtKey()), new InetSocketAddress("127.0.0.1", p.udpPort())));
            }
            assertEquals(PARLEY_NODES + TOXCORE_PEERS, live.stream().map(Live::key).distinct().count(), "distinct DHT keys");

            // Everyone DHT-connected. One deadline for the whole phase.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, left(deadline));
            }
            for (ParleyDhtNode n : parley) {
                while (!n.dht.isConnected().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
                    assertTrue(System.nanoTime() < deadline, "Parley node " + n.keyHex() + " not DHT-connected; counters "
                            + n.net.counters());
                    Thread.sleep(100); // polling interval; the deadline decides
                }
            }
            long connectedMs = (System.nanoTime() - started) / 1_000_000;

            // Random targets, plus every node's own key.
            long seed = System.nanoTime();
            Random r = new Random(seed);
            List<DhtKey> targets = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                byte[] t = new byte[DhtKey.SIZE];
                r.nextBytes(t);
                targets.add(DhtKey.of(t));
            }
            live.forEach(l -> targets.add(l.key()));
            // A node finds the nodes close to a key by searching for it, as it does for a friend's.
            for (ParleyDhtNode n : parley) {
                for (DhtKey t : targets) {
                    if (!t.equals(n.dht.selfKey())) {
                        n.dht.addFriend(t, address -> { });
                    }
                }
            }

            Map<DhtKey, Live> byKey = live.stream().collect(Collectors.toMap(Live::key, l -> l));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("parley.mixed.closestSeconds", 40));
            List<String> wrong = mismatches(parley, live, byKey, targets);
            while (!wrong.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("c-toxcore " + version + ", target seed " + seed + ": " + wrong.size()
                            + " (node, target) answers differ from the truth, e.g. "
                            + wrong.subList(0, Math.min(6, wrong.size())) + "; close lists: " + closeLists(parley, byKey));
                }
                Thread.sleep(200); // polling interval; the deadline decides
                wrong = mismatches(parley, live, byKey, targets);
            }
            System.out.printf("mixed DHT, c-toxcore %s: %d Parley + %d c-toxcore nodes connected after %d ms, "
                    + "%d Parley nodes x %d targets answered with the truly closest of all after %d ms%n", version, PARLEY_NODES,
                    TOXCORE_PEERS, connectedMs, PARLEY_NODES, targets.size(), (System.nanoTime() - started) / 1_000_000);
            for (ToxPeer p : peers) {
                assertTrue(p.isAlive(), p.name() + " died");
            }
            for (ParleyDhtNode n : parley) {
                for (int kind : new int[] {0x00, 0x01, 0x02, 0x04}) {
                    assertEquals(0, n.counters(kind).malformed(), "malformed " + n.counters(kind));
                }
            }
        } finally {
            parley.forEach(ParleyDhtNode::close);
        }
    }

    /**
     * For each Parley node and target: what it answers ({@code closestNodes}) against the
     * {@value #SENT_NODES} live nodes other than itself closest to the target, keys and addresses.
     */
    static List<String> mismatches(List<ParleyDhtNode> parley, List<Live> live, Map<DhtKey, Live> byKey,
            List<DhtKey> targets) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (ParleyDhtNode n : parley) {
            DhtKey self = n.dht.selfKey();
            for (DhtKey target : targets) {
                List<NodeInfo> got = n.dht.closestNodes(target).toCompletableFuture().get(5, TimeUnit.SECONDS);
                Set<DhtKey> gotKeys = new HashSet<>();
                boolean addressesRight = true;
                for (NodeInfo i : got) {
                    gotKeys.add(i.key());
                    Live l = byKey.get(i.key());
                    addressesRight &= l != null && l.address().equals(i.address());
                }
                // Its own key (its close list) or a key it searches (that search's list): the truly
                // closest live nodes of all twelve, other than itself.
                List<DhtKey> truth = live.stream().map(Live::key).filter(k -> !k.equals(self))
                        .sorted(target::compareDistance).limit(SENT_NODES).toList();
                if (got.size() != truth.size() || !gotKeys.equals(new HashSet<>(truth)) || !addressesRight) {
                    Map<String, String> what = new LinkedHashMap<>();
                    what.put("node", name(byKey, self));
                    what.put("target", target.toHex().substring(0, 8));
                    what.put("truth", truth.stream().map(k -> name(byKey, k)).toList().toString());
                    what.put("got", got.stream().map(i -> name(byKey, i.key()) + "@" + i.address().getPort()).toList().toString());
                    wrong.add(what.toString());
                }
            }
        }
        return wrong;
    }

    static String closeLists(List<ParleyDhtNode> parley, Map<DhtKey, Live> byKey) throws Exception {
        StringBuilder b = new StringBuilder();
        for (ParleyDhtNode n : parley) {
            b.append(name(byKey, n.dht.selfKey())).append('=')
                    .append(n.closeNodes().stream().map(i -> name(byKey, i.key())).sorted().toList()).append(' ');
        }
        return b.toString();
    }

    static String name(Map<DhtKey, Live> byKey, DhtKey k) {
        Live l = byKey.get(k);
        return l != null ? l.name() : "unknown-" + k.toHex().substring(0, 8);
    }

    static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }
}
