package dev.parley.itests.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.itests.messenger.ParleyMessengerNode;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.messenger.OutboxStore;
import dev.parley.profile.ToxSave;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messenger benchmark, run only by {@code mvn -pl itests/interop -Pbench verify} (docs/BENCHMARKS.md):
 * Parley-Parley, Parley-c-toxcore and c-toxcore-c-toxcore on loopback in one run, c-toxcore both at
 * its own iteration interval and with its sleep capped at 1 ms. For each pair: the time from the
 * friend request's acceptance to both sides online, the round trip of a message (a sends, b
 * answers the moment it sees it, a times the answer; one at a time) and the sustained rate of
 * messages with receipts (a burst, timed from the first send to the last receipt).
 * Times come from one clock: System.nanoTime and toxpeer's CLOCK_MONOTONIC milliseconds.
 */
@ExtendWith(RigExtension.class)
class MessengerBench {
    static final int ROUND_TRIPS = Integer.getInteger("parley.bench.roundtrips", 200);
    static final int BURST = Integer.getInteger("parley.bench.burst", 1000);
    /** Untimed round trips before the timed ones, for every pair alike (the JVM compiles the path meanwhile). */
    static final int WARM_UP = Integer.getInteger("parley.bench.warmup", 50);
    static final Duration T = Duration.ofSeconds(120);
    /** Pairs to run, by exact label, separated by commas (all when unset): for a quicker look at one pair. */
    static final String PAIRS = System.getProperty("parley.bench.pairs", "");

    static boolean selected(String pair) {
        return PAIRS.isBlank() || java.util.Arrays.stream(PAIRS.split(",")).map(String::strip).anyMatch(pair::equals);
    }

    /** One side of a pair. */
    interface End extends AutoCloseable {
        String toxId();

        String publicKey();

        /** Sends a friend request; returns the friend number or -1. */
        void add(String toxId);

        void awaitRequest(String fromKey);

        void accept(String key);

        /** When the friend came online, in nanoTime units. */
        long awaitOnline(String key);

        /** Sends and returns something {@link #awaitReceipt} takes. */
        long send(String key, String text);

        /** When the receipt came, in nanoTime units. */
        long awaitReceipt(String key, long id);

        /** When a message with this text from {@code key} arrived (since the last call), in nanoTime units. */
        long awaitMessage(String key, String text);

        /** Sends n messages as fast as the api takes them, then waits for n receipts; nanoTime of the last. */
        long burst(String key, int n);

        @Override
        void close();
    }

    static final class ParleyEnd implements End, FriendListener, ChatListener {
        final ParleyMessengerNode node;
        final Map<String, Long> online = new ConcurrentHashMap<>();
        final Map<String, Boolean> requests = new ConcurrentHashMap<>();
        final Map<Long, Long> receipts = new ConcurrentHashMap<>();
        final Map<String, Long> messages = new ConcurrentHashMap<>();

        ParleyEnd(String name, Rig rig, List<ParleyMessengerNode> helpers) throws Exception {
            node = new ParleyMessengerNode(name, ToxSave.generate(), OutboxStore.none());
            for (ParleyMessengerNode h : helpers) {
                node.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
            }
            node.messenger.addFriendListener(this);
            node.messenger.addChatListener(this);
            node.awaitAnnounced(Duration.ofSeconds(60));
        }

        @Override
        public void requestReceived(FriendRequest request) {
            requests.put(request.key().hex(), true);
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public void connectionChanged(FriendKey key, Connection c) {
            if (c != Connection.NONE) {
                online.putIfAbsent(key.hex(), System.nanoTime());
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        @Override
        public void received(dev.parley.api.chat.IncomingMessage m) {
            messages.put(m.from().hex() + " " + m.text(), System.nanoTime());
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public long awaitMessage(String key, String text) {
            await(() -> messages.containsKey(key + " " + text), "message " + text);
            return messages.get(key + " " + text);
        }

        @Override
        public void delivered(FriendKey to, long messageId) {
            receipts.put(messageId, System.nanoTime());
            synchronized (this) {
                notifyAll();
            }
        }

        private synchronized void await(java.util.function.BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + T.toNanos();
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "Parley: " + what + " not within " + T);
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
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
        public void add(String toxId) {
            node.messenger.add(toxId, "benchmark");
        }

        @Override
        public void awaitRequest(String fromKey) {
            await(() -> requests.containsKey(fromKey), "request");
        }

        @Override
        public void accept(String key) {
            node.messenger.accept(new FriendKey(key));
        }

        @Override
        public long awaitOnline(String key) {
            await(() -> online.containsKey(key), "friend online");
            return online.get(key);
        }

        @Override
        public long send(String key, String text) {
            return node.messenger.send(new FriendKey(key), MessageKind.NORMAL, text);
        }

        @Override
        public long awaitReceipt(String key, long id) {
            await(() -> receipts.containsKey(id), "receipt " + id);
            return receipts.get(id);
        }

        @Override
        public long burst(String key, int n) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(send(key, "burst message " + i));
            }
            long lastId = ids.get(ids.size() - 1);
            // The cheap test first: this thread wakes for every receipt.
            await(() -> receipts.containsKey(lastId) && receipts.keySet().containsAll(ids), n + " receipts");
            return ids.stream().mapToLong(receipts::get).max().orElseThrow();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    static final class ToxcoreEnd implements End {
        final ToxPeer peer;
        final Map<String, Integer> friends = new ConcurrentHashMap<>();

        ToxcoreEnd(String name, Rig rig, List<ParleyMessengerNode> helpers, String version, boolean capped) {
            peer = capped ? rig.peer(version, name, "--max-sleep-ms", "1") : rig.peer(version, name);
            for (ParleyMessengerNode h : helpers.subList(0, 2)) {
                peer.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
            }
            Rig.awaitOnline(peer, Duration.ofSeconds(60));
        }

        static long nanos(Event e) {
            return TimeUnit.MILLISECONDS.toNanos(e.timeMs());
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
        public void add(String toxId) {
            friends.put(toxId.substring(0, 64), peer.addFriend(toxId, "benchmark"));
        }

        @Override
        public void awaitRequest(String fromKey) {
            peer.awaitEvent("request", Event.of("friend_request", "public_key", fromKey), T);
        }

        @Override
        public void accept(String key) {
            friends.put(key, peer.acceptFriend(key));
        }

        @Override
        public long awaitOnline(String key) {
            int n = friends.get(key);
            return nanos(peer.awaitEvent("online", e -> e.is("friend_connection") && e.has("friend", "" + n)
                    && !e.has("status", "none"), T));
        }

        @Override
        public long send(String key, String text) {
            return peer.sendMessage(friends.get(key), text);
        }

        @Override
        public long awaitMessage(String key, String text) {
            int n = friends.get(key);
            return nanos(peer.awaitEvent("message", e -> e.is("friend_message") && e.has("friend", "" + n)
                    && text.equals(e.text("text")), T));
        }

        @Override
        public long awaitReceipt(String key, long id) {
            return nanos(peer.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + friends.get(key),
                    "message_id", "" + id), T));
        }

        @Override
        public long burst(String key, int n) {
            int f = friends.get(key);
            int mark = peer.mark();
            for (int i = 0; i < n; i++) {
                peer.sendLine("send " + f + " burst message " + i);
            }
            int[] receipts = {0}; // the predicate sees each line once, in order
            return nanos(peer.awaitEventAfter(mark, n + " receipts",
                    ev -> ev.is("friend_read_receipt") && ++receipts[0] == n, T));
        }

        @Override
        public void close() {
            peer.close();
        }
    }

    record Result(String pair, double connectMs, double medianMs, double p99Ms, double perSecond) {
    }

    @Test
    void messengerSideBySide(Rig rig) throws Exception {
        List<String> versions = Toxcore.versions();
        assertTrue(!versions.isEmpty(), "no c-toxcore installed: run .ci/install-toxcore");
        String v = versions.get(versions.size() - 1);
        List<ParleyMessengerNode> helpers = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ParleyMessengerNode h = new ParleyMessengerNode("bh" + i, ToxSave.generate(), OutboxStore.none());
                h.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
                helpers.add(h);
            }
            String pp = "Parley - Parley";
            String pc = "Parley - c-toxcore " + v;
            String pc1 = "Parley - c-toxcore " + v + " (1 ms)";
            String cc = "c-toxcore - c-toxcore " + v;
            String cc1 = "c-toxcore - c-toxcore " + v + " (1 ms)";
            if (selected(pp)) {
                results.add(run(pp, new ParleyEnd("pa", rig, helpers), new ParleyEnd("pb", rig, helpers)));
            }
            if (selected(pc)) {
                results.add(run(pc, new ParleyEnd("pc", rig, helpers), new ToxcoreEnd("cp", rig, helpers, v, false)));
            }
            if (selected(pc1)) {
                results.add(run(pc1, new ParleyEnd("pd", rig, helpers), new ToxcoreEnd("cq", rig, helpers, v, true)));
            }
            if (selected(cc)) {
                results.add(run(cc, new ToxcoreEnd("ca", rig, helpers, v, false),
                        new ToxcoreEnd("cb", rig, helpers, v, false)));
            }
            if (selected(cc1)) {
                results.add(run(cc1, new ToxcoreEnd("cc", rig, helpers, v, true),
                        new ToxcoreEnd("cd", rig, helpers, v, true)));
            }
        } finally {
            helpers.forEach(ParleyMessengerNode::close);
        }
        System.out.printf("%n[messenger bench] %d round trips after %d untimed, bursts of %d; loopback, %d cores%n",
                ROUND_TRIPS, WARM_UP, BURST, Runtime.getRuntime().availableProcessors());
        System.out.printf("| pair | accept to both online (ms) | round trip median (ms) | p99 (ms) | messages/s with receipts |%n");
        System.out.printf("|---|---|---|---|---|%n");
        for (Result r : results) {
            System.out.printf("| %s | %.0f | %.2f | %.2f | %.0f |%n", r.pair(), r.connectMs(), r.medianMs(), r.p99Ms(),
                    r.perSecond());
        }
    }

    private static Result run(String pair, End a, End b) throws Exception {
        try (a; b) {
            a.add(b.toxId());
            b.awaitRequest(a.publicKey());
            long accepted = System.nanoTime();
            b.accept(a.publicKey());
            long online = Math.max(a.awaitOnline(b.publicKey()), b.awaitOnline(a.publicKey()));
            double connectMs = (online - accepted) / 1e6;
            // Let both sides settle (congestion state, first pings) before timing.
            a.awaitReceipt(b.publicKey(), a.send(b.publicKey(), "warm-up"));
            for (int i = 0; i < WARM_UP; i++) {
                a.send(b.publicKey(), "warm ping " + i);
                b.awaitMessage(a.publicKey(), "warm ping " + i);
                b.send(a.publicKey(), "warm pong " + i);
                a.awaitMessage(b.publicKey(), "warm pong " + i);
            }
            // Ping-pong: b answers each message as soon as it sees it; a times the answer.
            List<Double> rtts = new ArrayList<>();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                long t0 = System.nanoTime();
                a.send(b.publicKey(), "ping " + i);
                b.awaitMessage(a.publicKey(), "ping " + i);
                b.send(a.publicKey(), "pong " + i);
                rtts.add((a.awaitMessage(b.publicKey(), "pong " + i) - t0) / 1e6);
            }
            Collections.sort(rtts);
            long t0 = System.nanoTime();
            long last = a.burst(b.publicKey(), BURST);
            double perSecond = BURST / ((last - t0) / 1e9);
            Result r = new Result(pair, connectMs, rtts.get(rtts.size() / 2),
                    rtts.get(Math.min(rtts.size() - 1, (int) Math.ceil(rtts.size() * 0.99) - 1)), perSecond);
            System.out.printf("[messenger bench] %s%n", r);
            return r;
        }
    }
}
