package dev.parley.onion.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.onion.wire.AnnouncePayload;
import dev.parley.onion.wire.AnnounceRequest;
import dev.parley.onion.wire.OnionKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The privacy simulation: many Parley nodes (real DHT and onion code) on the in-memory network and
 * virtual time, some pairs of them becoming friends through onion friend requests, and a
 * {@link PrivacyObserver} watching what every node receives. Deterministic from the seed.
 */
final class PrivacySimulation {

    /** Ways a node can be made to leak on purpose, to show that the observer catches leaks. */
    enum Leak {
        NONE,
        /** One node uses its long-term key pair as its DHT key pair (DHT packets then carry it in clear). */
        DHT_KEY_IS_LONG_TERM_KEY,
        /** One node also sends its announce requests straight to announce nodes, without the onion. */
        ANNOUNCE_WITHOUT_ONION
    }

    record Config(int nodes, int pairs, long seed, long settleMillis, Leak leak) {
    }

    record Node(int index, PacketNetwork net, DhtService dht, OnionService onion, KeyPair dhtKeys, KeyPair longTerm) {
    }

    record Result(Config config, PrivacyObserver observer, int connectedPairs, long connectMillis, long virtualMillis,
            long wallMillis, long malformed, long delivered, int leakyNode) {
    }

    private PrivacySimulation() {
    }

    private static <T> T now(CompletionStage<T> s) {
        return s.toCompletableFuture().getNow(null);
    }

    static Result run(Config c) {
        long wall = System.nanoTime();
        VirtualEventLoop loop = new VirtualEventLoop(c.seed());
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 20, 0.0);
        PrivacyObserver observer = new PrivacyObserver();
        List<Node> nodes = new ArrayList<>();
        int leaky = c.leak() == Leak.NONE ? -1 : 1 + loop.random().nextInt(c.nodes() - 1);
        for (int i = 0; i < c.nodes(); i++) {
            byte[] sk = new byte[32];
            loop.random().nextBytes(sk);
            KeyPair lt = KeyPair.fromSecretKey(sk);
            loop.random().nextBytes(sk);
            KeyPair dk = i == leaky && c.leak() == Leak.DHT_KEY_IS_LONG_TERM_KEY ? lt : KeyPair.fromSecretKey(sk);
            var t = sim.newTransport();
            int index = observer.add(t.localAddress(), dk, lt);
            PacketNetwork net = new PacketNetwork(loop, observer.tap(index, t));
            DhtService dht = Dht.start(net, dk, loop.random(), DhtOptions.defaults());
            OnionService onion = Onion.start(net, dht, lt, loop.random().nextInt(), loop.random(), OnionOptions.defaults());
            nodes.add(new Node(index, net, dht, onion, dk, lt));
        }
        // Each node joins through the first node and one random earlier node, a few at a time.
        for (int i = 1; i < c.nodes(); i++) {
            Node n = nodes.get(i);
            Node other = nodes.get(loop.random().nextInt(i));
            loop.schedule(() -> {
                n.dht().bootstrap(nodes.get(0).dht().localAddress(), nodes.get(0).dht().selfKey());
                n.dht().bootstrap(other.dht().localAddress(), other.dht().selfKey());
            }, i * 20L);
        }
        if (leaky >= 0 && c.leak() == Leak.ANNOUNCE_WITHOUT_ONION) {
            Node l = nodes.get(leaky);
            loop.schedule(() -> leakAnnounces(loop, l, nodes), 10_000);
        }
        loop.runFor(30_000 + c.nodes() * 20L);

        // Pairs of distinct nodes: a sends a friend request to b, b accepts it when it arrives.
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i < c.nodes(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, loop.random());
        List<Node[]> pairs = new ArrayList<>();
        for (int p = 0; p < c.pairs(); p++) {
            Node a = nodes.get(order.get(2 * p));
            Node b = nodes.get(order.get(2 * p + 1));
            pairs.add(new Node[] {a, b});
            b.onion().onFriendRequest((from, msg) -> {
                if (from.equals(a.onion().publicKey())) {
                    observer.befriend(a.index(), b.index());
                    b.onion().addFriend(from);
                }
            });
            a.onion().sendFriendRequest(b.onion().address(),
                    ("privacy simulation " + p).getBytes(StandardCharsets.UTF_8));
        }
        long start = loop.nowMillis();
        while (loop.nowMillis() - start < 300_000 && connected(loop, pairs) < pairs.size()) {
            loop.runFor(1_000);
        }
        long connectMillis = loop.nowMillis() - start;
        int connected = connected(loop, pairs);
        loop.runFor(c.settleMillis());
        long malformed = 0;
        for (Node n : nodes) {
            for (int k = 0x80; k <= 0x8e; k++) {
                malformed += n.net().counters(k).malformed();
            }
        }
        return new Result(c, observer, connected, connectMillis, loop.nowMillis() - 1_000_000L,
                (System.nanoTime() - wall) / 1_000_000, malformed, sim.delivered(), leaky);
    }

    /** Pairs where each side knows the other's DHT key and the DHT found the other's address. */
    private static int connected(VirtualEventLoop loop, List<Node[]> pairs) {
        int ok = 0;
        for (Node[] p : pairs) {
            if (knows(loop, p[0], p[1]) && knows(loop, p[1], p[0])) {
                ok++;
            }
        }
        return ok;
    }

    private static boolean knows(VirtualEventLoop loop, Node a, Node b) {
        DhtKey friend = DhtKey.of(b.longTerm().publicKey());
        CompletionStage<Optional<DhtKey>> k = a.onion().friendDhtKey(friend);
        CompletionStage<Optional<InetSocketAddress>> addr = a.onion().friendAddress(friend);
        loop.runFor(0);
        Optional<DhtKey> key = now(k);
        Optional<InetSocketAddress> at = now(addr);
        return key != null && key.isPresent() && key.get().equals(b.dht().selfKey()) && at != null
                && b.dht().localAddress().equals(at.orElse(null));
    }

    /** The deliberate leak: an announce request sealed with our long-term key, sent from our own address. */
    private static void leakAnnounces(VirtualEventLoop loop, Node l, List<Node> nodes) {
        Node to = nodes.get(loop.random().nextInt(nodes.size()));
        if (to != l) {
            byte[] sendback = new byte[8];
            loop.random().nextBytes(sendback);
            SharedKey k = SharedKey.precompute(l.longTerm(), to.dhtKeys().publicKey()).orElseThrow();
            AnnouncePayload p = new AnnouncePayload(new byte[32], l.longTerm().publicKey(), new byte[32], sendback,
                    new byte[0]);
            byte[] req = AnnounceRequest.seal(OnionKind.ANNOUNCE_REQUEST_OLD, l.longTerm().publicKey(), k,
                    Nonce.random(), p).toBytes();
            byte[] packet = new byte[req.length + OnionKind.RETURN_3];
            System.arraycopy(req, 0, packet, 0, req.length);
            l.net().send(to.dht().localAddress(), packet);
        }
        loop.schedule(() -> leakAnnounces(loop, l, nodes), 2_000);
    }
}
