package dev.parley.itests.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.itests.messenger.ParleyMessengerNode;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Ports;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.messenger.OutboxStore;
import dev.parley.net.ForwardingTransport;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.Transport;
import dev.parley.net.UdpTransport;
import dev.parley.onion.Onion;
import dev.parley.profile.ToxSave;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Onion benchmark, run only by {@code mvn -pl itests/interop -Pbench verify} (docs/BENCHMARKS.md):
 * the time from two peers starting on a loopback network to each having the other's DHT key after
 * a's friend request is accepted by b (b accepts the moment it hears the request). Parley-Parley,
 * Parley-c-toxcore and c-toxcore-c-toxcore in one run, c-toxcore at its own iteration interval and
 * with its loop sleep capped at 1 ms; {@code -Dparley.bench.reps=N} repetitions of each (default 7).
 *
 * <p>Each pair gets a network of its own: six Parley helper nodes (DHT and onion node side, what
 * tox-bootstrapd is) that know each other; both peers bootstrap from two of them. When a peer has
 * its friend's DHT key is taken from the earliest sign of it: a Parley peer's own account (its
 * onion's DHT-key listener); the first DHT nodes request (0x02) from the peer's DHT key asking for
 * the friend's DHT key that reaches a helper (c-toxcore has no call or log line for the moment, but
 * starts that search as soon as it learns the key); or the friend connection coming up (the key
 * may come with the friend's net_crypto handshake, and c-toxcore stops sending its own once
 * connected).
 */
@ExtendWith(RigExtension.class)
class OnionBench {
    static final int REPS = Integer.getInteger("parley.bench.reps", 7);
    static final Duration T = Duration.ofSeconds(Long.getLong("parley.bench.timeout", 90));

    /** first time a DHT nodes request from one DHT key for another reached a helper: "from>target" -> nanoTime */
    static final Map<String, Long> SEARCHES = new ConcurrentHashMap<>();

    /** A helper DHT and onion node (what tox-bootstrapd is) that also notes which keys peers search for. */
    static final class Helper implements AutoCloseable {
        final ThreadEventLoop loop;
        final PacketNetwork net;
        final DhtService dht;
        final KeyPair keys = KeyPair.generate();
        final Map<DhtKey, Optional<SharedKey>> shared = new ConcurrentHashMap<>();

        Helper(String name) throws Exception {
            loop = new ThreadEventLoop("bench-helper-" + name);
            int port = Ports.freeUdpAndTcp();
            Transport udp = UdpTransport.bind(
                    UdpTransport.Options.bindTo(InetAddress.getLoopbackAddress()).withPorts(port, port + 20));
            net = new PacketNetwork(loop, watching(udp));
            SecureRandom random = new SecureRandom();
            dht = Dht.start(net, keys, random, DhtOptions.defaults());
            Onion.serve(net, dht, random);
        }

        private Transport watching(Transport t) {
            return new ForwardingTransport(t) {
                @Override
                public void start(Receiver r) {
                    t.start((from, data) -> {
                        note(data);
                        r.receive(from, data);
                    });
                }
            };
        }

        /** [0x02][sender 32][nonce 24][box: target 32, sendback 8] */
        private void note(byte[] d) {
            if (d.length != 113 || d[0] != 0x02) {
                return;
            }
            long now = System.nanoTime();
            DhtKey sender = DhtKey.of(d, 1);
            Optional<SharedKey> k = shared.computeIfAbsent(sender, s -> SharedKey.precompute(keys, s.toBytes()));
            k.flatMap(key -> key.open(Nonce.of(Arrays.copyOfRange(d, 33, 57)), Arrays.copyOfRange(d, 57, 113)))
                    .ifPresent(p -> SEARCHES.putIfAbsent(sender.toHex() + ">" + DhtKey.of(p, 0).toHex(), now));
        }

        int port() {
            return dht.localAddress().getPort();
        }

        @Override
        public void close() {
            net.close();
            loop.close();
        }
    }

    /** One side of a pair. */
    interface End extends AutoCloseable {
        String toxId();

        String publicKey();

        String dhtKey();

        void add(String toxId);

        /** Waits for the request from {@code fromKey} and accepts it. */
        void acceptWhenAsked(String fromKey);

        /** When this end learnt {@code friend}'s DHT key by its own account, in nanoTime units; -1 if not (yet) or it cannot say. */
        long knewDhtKey(String friendPublicKey, String friendDhtKey);

        /** When this end's connection to the friend came up (it then has the friend's DHT key), or -1. */
        long connected();

        @Override
        void close();
    }

    /** When a helper saw {@code who} search for {@code friend}'s DHT key, or -1 if none did yet. */
    static long searched(End who, End friend) {
        Long t = SEARCHES.get(who.dhtKey().toUpperCase() + ">" + friend.dhtKey().toUpperCase());
        return t == null ? -1 : t;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static final class ParleyEnd implements End, FriendListener {
        final ParleyMessengerNode node;
        volatile long connected = -1;
        final Map<String, Long> dhtKeys = new ConcurrentHashMap<>();
        final Map<String, Boolean> requests = new ConcurrentHashMap<>();

        ParleyEnd(String name, List<Helper> helpers) throws Exception {
            node = new ParleyMessengerNode(name, ToxSave.generate(), OutboxStore.none());
            node.onion.onFriendDhtKey((friend, key) -> dhtKeys.putIfAbsent(friend.toHex() + " " + key.toHex(), System.nanoTime()));
            node.messenger.addFriendListener(this);
            for (Helper h : helpers.subList(0, 2)) {
                node.bootstrap("127.0.0.1", h.port(), h.dht.selfKey().toHex());
            }
        }

        @Override
        public void requestReceived(FriendRequest request) {
            requests.put(request.key().hex(), true);
        }

        @Override
        public void connectionChanged(FriendKey key, dev.parley.api.friends.Connection c) {
            if (c != dev.parley.api.friends.Connection.NONE && connected < 0) {
                connected = System.nanoTime();
            }
        }

        @Override
        public long connected() {
            return connected;
        }

        @Override
        public String toxId() {
            return node.messenger.toxId();
        }

        @Override
        public String publicKey() {
            return node.messenger.publicKey();
        }

        @Override
        public String dhtKey() {
            return node.dhtKeyHex();
        }

        @Override
        public void add(String toxId) {
            node.messenger.add(toxId, "benchmark");
        }

        @Override
        public void acceptWhenAsked(String fromKey) {
            long deadline = System.nanoTime() + T.toNanos();
            while (!requests.containsKey(fromKey.toUpperCase()) && !requests.containsKey(fromKey.toLowerCase())) {
                assertTrue(System.nanoTime() < deadline, "Parley: no request within " + T + "; " + node.net.counters());
                sleep(1);
            }
            node.messenger.accept(new FriendKey(fromKey));
        }

        @Override
        public long knewDhtKey(String friendPublicKey, String friendDhtKey) {
            Long t = dhtKeys.get(DhtKey.fromHex(friendPublicKey).toHex() + " " + DhtKey.fromHex(friendDhtKey).toHex());
            return t == null ? -1 : t;
        }

        @Override
        public void close() {
            node.close();
        }

        @Override
        public String toString() {
            return "Parley";
        }
    }

    static final class ToxcoreEnd implements End {
        final ToxPeer peer;

        ToxcoreEnd(String name, Rig rig, List<Helper> helpers, String version, boolean capped) {
            // A fresh port for each peer: a new peer on the port of one that just quit would answer
            // for a DHT key that is gone, which is not what this measures.
            String port = "" + Ports.freeUdpAndTcp();
            peer = capped ? rig.peer(version, name, "--port", port, "--port-end", port, "--max-sleep-ms", "1")
                    : rig.peer(version, name, "--port", port, "--port-end", port);
            for (Helper h : helpers.subList(0, 2)) {
                peer.bootstrap("127.0.0.1", h.port(), h.dht.selfKey().toHex());
            }
        }

        @Override
        public String toxId() {
            return peer.address();
        }

        @Override
        public String publicKey() {
            return peer.publicKey();
        }

        @Override
        public String dhtKey() {
            return peer.dhtKey();
        }

        @Override
        public void add(String toxId) {
            peer.addFriend(toxId, "benchmark");
        }

        @Override
        public void acceptWhenAsked(String fromKey) {
            peer.awaitEvent("request", e -> e.is("friend_request") && fromKey.equalsIgnoreCase(e.get("public_key")), T);
            peer.acceptFriend(fromKey);
        }

        @Override
        public long knewDhtKey(String friendPublicKey, String friendDhtKey) {
            return -1;
        }

        @Override
        public long connected() {
            for (Event e : peer.events()) {
                if (e.is("friend_connection") && !e.has("status", "none")) {
                    return e.timeNanos();
                }
            }
            return -1;
        }

        @Override
        public void close() {
            peer.close();
        }

        @Override
        public String toString() {
            return "c-toxcore " + peer.name();
        }
    }

    interface Maker {
        End make(String name, List<Helper> helpers) throws Exception;
    }

    record Sample(double ms, double helpersMs) {
    }

    @Test
    void friendRequestToDhtKeys(Rig rig) throws Exception {
        List<String> versions = Toxcore.versions();
        assertTrue(!versions.isEmpty(), "no c-toxcore installed: run .ci/install-toxcore");
        String v = versions.get(versions.size() - 1);
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        Maker parley = (n, h) -> new ParleyEnd(n, h);
        Maker c = (n, h) -> new ToxcoreEnd(n, rig, h, v, false);
        Maker c1 = (n, h) -> new ToxcoreEnd(n, rig, h, v, true);
        Map<String, Maker[]> pairs = new LinkedHashMap<>();
        pairs.put("Parley - Parley", new Maker[] {parley, parley});
        pairs.put("Parley - c-toxcore " + v, new Maker[] {parley, c});
        pairs.put("c-toxcore " + v + " - Parley", new Maker[] {c, parley});
        pairs.put("Parley - c-toxcore " + v + " (1 ms)", new Maker[] {parley, c1});
        pairs.put("c-toxcore " + v + " (1 ms) - Parley", new Maker[] {c1, parley});
        pairs.put("c-toxcore - c-toxcore " + v, new Maker[] {c, c});
        pairs.put("c-toxcore - c-toxcore " + v + " (1 ms)", new Maker[] {c1, c1});
        // Round-robin, so that load from other work on the machine spreads over every pair.
        int n = 0;
        for (int rep = 0; rep < REPS; rep++) {
            for (Map.Entry<String, Maker[]> e : pairs.entrySet()) {
                if (!e.getKey().contains(System.getProperty("parley.bench.pairs", ""))) {
                    continue;
                }
                Sample s;
                try {
                    s = run(e.getValue()[0], e.getValue()[1], "o" + (n++));
                } catch (AssertionError failed) {
                    // A run that did not finish in time is a result too: counted, and the table says so.
                    System.out.printf("[onion bench] %s #%d: failed: %s%n", e.getKey(), rep, failed.getMessage());
                    failures.merge(e.getKey(), 1, Integer::sum);
                    continue;
                }
                System.out.printf("[onion bench] %s #%d: %.0f ms (helpers' view %.0f ms)%n", e.getKey(), rep,
                        s.ms(), s.helpersMs());
                results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
            }
        }
        System.out.printf("%n[onion bench] start to both DHT keys known; %d repetitions; loopback, %d cores%n", REPS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("| pair | median (ms) | p90 (ms) | min (ms) | max (ms) | helpers' view for both ends, median (ms) | not within %d s |%n",
                T.toSeconds());
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|%n");
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Double> ms = new ArrayList<>(e.getValue().stream().map(Sample::ms).toList());
            List<Double> own = new ArrayList<>(e.getValue().stream().map(Sample::helpersMs).filter(x -> x >= 0).toList());
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f | %s | %d |%n", e.getKey(), pct(ms, 50), pct(ms, 90),
                    Collections.min(ms), Collections.max(ms), own.isEmpty() ? "-" : String.format("%.0f", pct(own, 50)),
                    failures.getOrDefault(e.getKey(), 0));
        }
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(failed * 4 <= REPS * results.size(), failed + " runs did not finish: " + failures);
    }

    static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * p / 100.0) - 1));
    }

    /**
     * Both ends start at t0 and a sends its request at once; the result is when the later of the two
     * had the other's DHT key, by the earliest sign of it ({@link #known}). {@code helpersMs} is the
     * same by the helpers' view alone (first DHT search for the key), or -1 if they did not see both.
     */
    static Sample run(Maker ma, Maker mb, String name) throws Exception {
        // A network of its own for each pair: six helper nodes that know each other, and no
        // leftovers of earlier pairs (a dead peer in every list would slow whoever comes next).
        List<Helper> helpers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Helper h = new Helper(name + "-" + i);
            for (Helper o : helpers) {
                h.dht.bootstrap(o.dht.localAddress(), o.dht.selfKey());
            }
            helpers.add(h);
        }
        sleep(3_000);
        long t0 = System.nanoTime();
        try (End a = ma.make(name + "a", helpers); End b = mb.make(name + "b", helpers)) {
            a.add(b.toxId());
            b.acceptWhenAsked(a.publicKey());
            long deadline = System.nanoTime() + T.toNanos();
            long aKnew = -1;
            long bKnew = -1;
            while (aKnew < 0 || bKnew < 0) {
                assertTrue(System.nanoTime() < deadline, String.format("within %s: %s knew %s's DHT key: %b, %s knew %s's: %b",
                        T, a, b, aKnew >= 0, b, a, bKnew >= 0));
                aKnew = known(a, b);
                bKnew = known(b, a);
                sleep(2);
            }
            // Give the helpers a moment to see Parley's searches too, for the second column.
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while ((searched(a, b) < 0 || searched(b, a) < 0) && System.nanoTime() < grace) {
                sleep(2);
            }
            long aSaw = searched(a, b);
            long bSaw = searched(b, a);
            double helpersMs = aSaw < 0 || bSaw < 0 ? -1 : (Math.max(aSaw, bSaw) - t0) / 1e6;
            return new Sample((Math.max(aKnew, bKnew) - t0) / 1e6, helpersMs);
        } finally {
            helpers.forEach(Helper::close);
        }
    }

    /**
     * The earliest sign that {@code who} has {@code friend}'s DHT key: its own account, its first
     * DHT search for the key as a helper saw it, or its connection to the friend coming up (it may
     * have learnt the key from the friend's net_crypto handshake, as c-toxcore's friend_connection
     * and Parley's Messenger do, and c-toxcore stops sending its DHT key once connected).
     */
    private static long known(End who, End friend) {
        long best = -1;
        for (long t : new long[] {who.knewDhtKey(friend.publicKey(), friend.dhtKey()), searched(who, friend), who.connected()}) {
            if (t >= 0 && (best < 0 || t < best)) {
                best = t;
            }
        }
        return best;
    }
}
