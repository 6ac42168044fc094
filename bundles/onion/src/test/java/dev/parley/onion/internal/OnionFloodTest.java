package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.Transport;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionRequest0;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Floods of malformed and replayed onion packets from one source, on virtual time (after
 * c-toxcore's onion tests and its fuzzers: short, long and garbled packets of every kind, boxes that
 * do not open, boxes that open to nonsense, replays of real traffic). The nodes must count what is
 * malformed, never throw, drop what is replayed where the protocol can tell, and keep serving: a
 * friend request and DHT-key exchange between two nodes that join during the flood completes in
 * the same virtual time as without it.
 */
class OnionFloodTest {
    static final int[] ONION_KINDS = {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x8c, 0x8d, 0x8e};

    private final List<LogRecord> thrown = new ArrayList<>();
    private final Logger netLog = Logger.getLogger(PacketNetwork.class.getName());
    private Level oldLevel;
    private final Handler catcher = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getThrown() != null) {
                synchronized (thrown) {
                    thrown.add(r);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void catchHandlerExceptions() {
        oldLevel = netLog.getLevel();
        netLog.setLevel(Level.ALL);
        netLog.addHandler(catcher);
    }

    @AfterEach
    void release() {
        netLog.removeHandler(catcher);
        netLog.setLevel(oldLevel);
    }

    record Node(PacketNetwork net, DhtService dht, OnionService onion, KeyPair dhtKeys) {
    }

    static final class Net {
        final VirtualEventLoop loop;
        final SimulatedNetwork sim;
        final List<Node> nodes = new ArrayList<>();

        Net(long seed) {
            loop = new VirtualEventLoop(seed);
            sim = new SimulatedNetwork(loop, 10, 20, 0.0);
        }

        Node add(java.util.function.UnaryOperator<Transport> wrap) {
            byte[] sk = new byte[32];
            loop.random().nextBytes(sk);
            KeyPair dk = KeyPair.fromSecretKey(sk);
            loop.random().nextBytes(sk);
            KeyPair lt = KeyPair.fromSecretKey(sk);
            PacketNetwork net = new PacketNetwork(loop, wrap.apply(sim.newTransport()));
            DhtService dht = Dht.start(net, dk, loop.random(), DhtOptions.defaults());
            OnionService onion = Onion.start(net, dht, lt, loop.random().nextInt(), loop.random(), OnionOptions.defaults());
            Node n = new Node(net, dht, onion, dk);
            if (!nodes.isEmpty()) {
                Node first = nodes.get(0);
                Node other = nodes.get(loop.random().nextInt(nodes.size()));
                dht.bootstrap(first.dht().localAddress(), first.dht().selfKey());
                dht.bootstrap(other.dht().localAddress(), other.dht().selfKey());
            }
            nodes.add(n);
            return n;
        }

        <T> T now(CompletionStage<T> s) {
            loop.runFor(0);
            return s.toCompletableFuture().getNow(null);
        }

        boolean knows(Node a, Node b) {
            DhtKey friend = b.onion().publicKey();
            Optional<DhtKey> k = now(a.onion().friendDhtKey(friend));
            Optional<InetSocketAddress> at = now(a.onion().friendAddress(friend));
            return k != null && k.isPresent() && k.get().equals(b.dht().selfKey()) && at != null && at.isPresent();
        }
    }

    /** Garbage of one kind: what c-toxcore's fuzzers and onion tests throw at a node. */
    static final class Garbage {
        final Random r;
        final KeyPair attacker;
        final Map<Integer, Integer> knownMalformed = new HashMap<>();

        Garbage(Random r, KeyPair attacker) {
            this.r = r;
            this.attacker = attacker;
        }

        byte[] next(int kind, Node target) {
            int shape = r.nextInt(6);
            byte[] p;
            switch (shape) {
                case 0 -> p = new byte[] {(byte) kind}; // the kind alone
                case 1 -> p = random(kind, 1401 + r.nextInt(200)); // longer than any onion packet
                case 2 -> p = random(kind, 2 + r.nextInt(60)); // shorter than any onion packet
                case 3 -> {
                    // The right sizes, the attacker's key where a key goes: the box does not open.
                    p = random(kind, 400 + r.nextInt(600));
                    attacker.writePublicKey(p, kind == 0x85 ? 1 + 32 + 24 : 1 + 24);
                }
                case 4 -> p = random(kind, 1 + r.nextInt(1400)); // anything
                default -> {
                    p = sealedNonsense(kind, target);
                    if (p == null) {
                        p = random(kind, 300);
                    } else {
                        return p; // verdict depends on the nonsense; not counted as known malformed
                    }
                }
            }
            // Known to be malformed whatever the random bytes: the wrong size for the kind, or a box
            // under the attacker's key. (Garbled 0x84/0x88/0x8c-0x8e of a valid size may look well
            // formed and be dropped as not ours, which is right too.)
            if (shape <= 2 || (shape == 3 && (kind <= 0x83 || kind == 0x86))) {
                knownMalformed.merge(kind, 1, Integer::sum);
            }
            return p;
        }

        private byte[] random(int kind, int len) {
            byte[] p = new byte[len];
            r.nextBytes(p);
            p[0] = (byte) kind;
            return p;
        }

        /** A box the target can open, holding nonsense (bad address family, wrong inner kind). */
        private byte[] sealedNonsense(int kind, Node target) {
            SharedKey k = SharedKey.precompute(attacker, target.dhtKeys().publicKey()).orElseThrow();
            byte[] n = new byte[24];
            r.nextBytes(n);
            Nonce nonce = Nonce.of(n);
            if (kind == OnionKind.SEND_INITIAL) {
                byte[] inner = new byte[200];
                r.nextBytes(inner);
                inner[0] = 7; // no such address family
                return new OnionRequest0(nonce, attacker.publicKey(), k.seal(nonce, inner)).toBytes();
            }
            if (kind == OnionKind.ANNOUNCE_REQUEST_OLD || kind == OnionKind.ANNOUNCE_REQUEST) {
                byte[] inner = new byte[20]; // far too short for an announce payload
                byte[] box = k.seal(nonce, inner);
                byte[] p = new byte[1 + 24 + 32 + box.length + OnionKind.RETURN_3];
                p[0] = (byte) kind;
                nonce.writeTo(p, 1);
                attacker.writePublicKey(p, 25);
                System.arraycopy(box, 0, p, 57, box.length);
                return p;
            }
            return null;
        }
    }

    @Test
    void malformedPacketsOfEveryKindAreCountedAndNeverThrow() {
        Net w = new Net(31);
        for (int i = 0; i < 12; i++) {
            w.add(t -> t);
        }
        w.loop.runFor(20_000);
        Node target = w.nodes.get(5);
        PacketNetwork attacker = new PacketNetwork(w.loop, w.sim.newTransport());
        Garbage g = new Garbage(new Random(5), KeyPair.generate());
        Map<Integer, Long> before = new HashMap<>();
        for (int k : ONION_KINDS) {
            before.put(k, target.net().counters(k).malformed());
        }
        int sent = 0;
        for (int round = 0; round < 300; round++) {
            for (int k : ONION_KINDS) {
                byte[] p = g.next(k, target);
                w.loop.execute(() -> attacker.send(target.dht().localAddress(), p));
                sent++;
            }
            w.loop.runFor(10);
        }
        w.loop.runFor(1_000);
        assertEquals(List.of(), thrown, "a handler threw");
        for (int k : ONION_KINDS) {
            long malformed = target.net().counters(k).malformed() - before.get(k);
            int known = g.knownMalformed.getOrDefault(k, 0);
            assertTrue(malformed >= known, String.format("kind 0x%02x: %d counted malformed, %d sent that are", k, malformed, known));
        }
        assertEquals(300 * ONION_KINDS.length, sent);
        // The node still serves: a fresh node announces through the network, the target included.
        Node late = w.add(t -> t);
        assertTrue(w.loop.runUntil(() -> Boolean.TRUE.equals(w.now(late.onion().isAnnounced())), 60_000),
                "announce after the flood");
    }

    /**
     * One node of the network turns bad: it records every onion packet it passes on as a hop or
     * announce node and replays them, mixed with garbage of every kind, 1,000 packets per virtual
     * second at the other nodes, while two new nodes join, announce, and become friends.
     */
    @Test
    void floodFromOneSourceDoesNotStarveAFriendRequestAndDhtKeyExchange() {
        long quiet = befriendDuring(false);
        long wall = System.nanoTime();
        long flooded = befriendDuring(true);
        System.out.printf("[onion flood] friend request to DHT keys exchanged: %.1f s virtual without flood, %.1f s"
                + " during it (%d ms wall with the flood)%n", quiet / 1000.0, flooded / 1000.0,
                (System.nanoTime() - wall) / 1_000_000);
        assertTrue(flooded <= quiet + 15_000, "flood slowed the exchange from " + quiet + " ms to " + flooded + " ms");
    }

    /** Virtual milliseconds from the friend request to both sides knowing the other's DHT key and address. */
    private long befriendDuring(boolean flood) {
        thrown.clear();
        Net w = new Net(77);
        Map<Integer, List<Object[]>> recorded = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            boolean bad = i == 9;
            w.add(t -> bad ? recording(t, recorded) : t);
        }
        w.loop.runFor(30_000);
        Node bad = w.nodes.get(9);
        Garbage g = new Garbage(new Random(9), KeyPair.generate());
        long[] replays = {0};
        long[] garbage = {0};
        boolean[] flooding = {flood};
        if (flood) {
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (!flooding[0]) {
                    return;
                }
                for (int i = 0; i < 10; i++) {
                    Node to = w.nodes.get(w.loop.random().nextInt(w.nodes.size()));
                    if (to == bad) {
                        continue;
                    }
                    List<Object[]> kindRecords = recorded.get(ONION_KINDS[w.loop.random().nextInt(ONION_KINDS.length)]);
                    if (i % 2 == 0 && kindRecords != null && !kindRecords.isEmpty()) {
                        Object[] rec = kindRecords.get(w.loop.random().nextInt(kindRecords.size()));
                        bad.net().transport().send((InetSocketAddress) rec[0], (byte[]) rec[1]);
                        replays[0]++;
                    } else {
                        bad.net().transport().send(to.dht().localAddress(),
                                g.next(ONION_KINDS[w.loop.random().nextInt(ONION_KINDS.length)], to));
                        garbage[0]++;
                    }
                }
                w.loop.schedule(tick[0], 10);
            };
            w.loop.execute(tick[0]);
        }
        // Two newcomers join during the flood and become friends.
        Node alice = w.add(t -> t);
        Node bob = w.add(t -> t);
        List<DhtKey> requests = new ArrayList<>();
        List<DhtKey> dhtKeys = new ArrayList<>();
        bob.onion().onFriendRequest((from, msg) -> {
            requests.add(from);
            bob.onion().addFriend(from);
        });
        alice.onion().onFriendDhtKey((f, k) -> dhtKeys.add(k));
        assertTrue(w.loop.runUntil(() -> Boolean.TRUE.equals(w.now(alice.onion().isAnnounced()))
                && Boolean.TRUE.equals(w.now(bob.onion().isAnnounced())), 60_000), "both announced");
        long start = w.loop.nowMillis();
        alice.onion().sendFriendRequest(bob.onion().address(), "through the flood".getBytes(StandardCharsets.UTF_8));
        boolean done = false;
        while (!done && w.loop.nowMillis() - start < 90_000) {
            w.loop.runFor(250);
            done = w.knows(alice, bob) && w.knows(bob, alice);
        }
        long took = w.loop.nowMillis() - start;
        assertTrue(done, (flood ? "during the flood" : "without flood") + ": DHT keys not exchanged in 90 s");
        // Keep going a while: replays of the request and of DHT-key announcements reach them again.
        w.loop.runFor(30_000);
        flooding[0] = false;
        w.loop.runFor(2_000);
        assertEquals(List.of(), thrown, "a handler threw");
        assertEquals(List.of(alice.onion().publicKey()), requests, "the request was heard once");
        assertEquals(List.of(bob.dht().selfKey()), dhtKeys, "bob's DHT key was heard once");
        if (flood) {
            long malformed = 0;
            long dropped = 0;
            for (Node n : w.nodes) {
                for (int k : ONION_KINDS) {
                    malformed += n.net().counters(k).malformed();
                }
                dropped += n.net().counters(0x84).dropped() + n.net().counters(0x86).dropped();
            }
            int known = g.knownMalformed.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("[onion flood] %,d garbage packets (%,d known malformed), %,d replays; counted %,d malformed,"
                    + " %,d announce/data responses dropped%n", garbage[0], known, replays[0], malformed, dropped);
            assertTrue(malformed >= known, malformed + " counted malformed, " + known + " sent that are");
            assertTrue(replays[0] > 1000 && dropped > 0, "replays " + replays[0] + ", dropped responses " + dropped);
        }
        return took;
    }

    /** A transport that keeps the last 100 onion packets of each kind it sends, with their destination. */
    private static Transport recording(Transport t, Map<Integer, List<Object[]>> recorded) {
        return new TappedTransport(t, (from, data) -> { }, (to, data) -> {
            int k = data[0] & 0xff;
            if (k >= 0x80 && k <= 0x8e) {
                List<Object[]> l = recorded.computeIfAbsent(k, x -> new ArrayList<>());
                if (l.size() >= 100) {
                    l.remove(0);
                }
                l.add(new Object[] {to, data.clone()});
            }
        });
    }

    @Test
    void malformedResponsesThroughATcpRelayAreCounted() {
        Net w = new Net(3);
        Node n = w.add(t -> t);
        w.loop.runFor(100);
        byte[] junk84 = new byte[120];
        junk84[0] = (byte) 0x84;
        byte[] junk86 = new byte[200];
        junk86[0] = (byte) 0x86;
        byte[] short88 = {(byte) 0x88, 1, 2};
        byte[] request = new byte[300];
        request[0] = (byte) 0x80; // not a response: a relay must not hand us requests
        for (byte[] p : List.of(junk84, junk86, short88, request)) {
            n.onion().tcpResponse(p);
        }
        w.loop.runFor(100);
        assertEquals(1, n.net().counters(0x84).received());
        // 0x84 with an unknown sendback is well-formed but not ours: dropped, as over UDP.
        assertEquals(1, n.net().counters(0x84).dropped());
        assertEquals(1, n.net().counters(0x86).malformed());
        assertEquals(1, n.net().counters(0x88).malformed());
        assertEquals(1, n.net().counters(0x80).malformed());
        assertEquals(List.of(), thrown);
    }
}
