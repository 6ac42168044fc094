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
import java.util.Arrays;
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
    /** Timed round trips: with 1000 the p99 is the 11th slowest, not one stray pause (200 before 2026-11-26 night). */
    static final int ROUND_TRIPS = Integer.getInteger("parley.bench.roundtrips", 1000);
    /** Messages in the timed burst: 10,000 keep a sender busy for a while, not 50 ms (1000 before 2026-11-26 night). */
    static final int BURST = Integer.getInteger("parley.bench.burst", 10_000);
    /** Untimed round trips before the timed ones, for every pair alike (the JVM compiles the path meanwhile). */
    static final int WARM_UP = Integer.getInteger("parley.bench.warmup", 50);
    /**
     * An untimed burst of this many messages before the round trips, for every pair alike: a JVM
     * compiles the send and receive path only after thousands of messages (0: none, as before
     * 2026-11-26 evening).
     */
    static final int WARM_UP_BURST = Integer.getInteger("parley.bench.warmupburst", 2000);
    static final Duration T = Duration.ofSeconds(120);
    static final String BURST_TEXT = "burst message ";
    /** Pairs to run, by exact label, separated by commas (all when unset): for a quicker look at one pair. */
    static final String PAIRS = System.getProperty("parley.bench.pairs", "");
    /**
     * A c-toxcore end answers a round trip's ping from toxpeer's message callback ({@code --echo}),
     * as a Parley end answers from its listener; {@code -Dparley.bench.echo=false}: through the
     * harness (toxpeer's event line read, a send command written), as before session 16, which
     * put two pipe crossings in every round trip a c-toxcore end answered.
     */
    static final boolean ECHO = Boolean.parseBoolean(System.getProperty("parley.bench.echo", "true"));
    static final String PING = "ping ";
    static final String PONG = "pong ";

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

        /** Answers a round trip's ping (just seen) with {@code pong}: sends it, unless this end answers by itself. */
        default void answer(String key, String pong) {
            send(key, pong);
        }

        /** Sends n messages as fast as the api takes them, then waits for n receipts; nanoTime of the last. */
        long burst(String key, int n);

        /** When each receipt of the last burst came, in nanoTime units, in the order they came. */
        List<Long> lastBurstReceipts();

        /** This end's net_crypto counters for the session with {@code key} (empty for c-toxcore). */
        default String sessionCounters(String key) {
            return "";
        }

        @Override
        void close();
    }

    /**
     * A Parley end keeps its outbox in a file, as a user's node does (MessengerComponent), unless
     * {@code -Dparley.bench.outbox=none} (the bench before 2026-11-26 night).
     */
    static OutboxStore outbox(String name) throws java.io.IOException {
        if ("none".equals(System.getProperty("parley.bench.outbox"))) {
            return OutboxStore.none();
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-bench-" + name);
        dir.toFile().deleteOnExit(); // after the files (reverse order of registration)
        dir.resolve(name + ".outbox").toFile().deleteOnExit();
        dir.resolve(name + ".outbox.tmp").toFile().deleteOnExit();
        return OutboxStore.file(dir.resolve(name + ".outbox"));
    }

    static final class ParleyEnd implements End, FriendListener, ChatListener {
        final ParleyMessengerNode node;
        final Map<String, Long> online = new ConcurrentHashMap<>();
        final Map<String, Boolean> requests = new ConcurrentHashMap<>();
        final Map<Long, Long> receipts = new ConcurrentHashMap<>();
        final Map<String, Long> messages = new ConcurrentHashMap<>();

        ParleyEnd(String name, Rig rig, List<ParleyMessengerNode> helpers) throws Exception {
            node = new ParleyMessengerNode(name, ToxSave.generate(), outbox(name));
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

        // The test thread is woken only by the event it waits for (or, in a burst, once enough
        // receipts are in), not by every event: else the harness's own wake-ups compete with the
        // nodes for the CPU. ToxPeer's reader thread is the counterpart for c-toxcore.
        volatile String wantedMessage;
        volatile long wantedReceipt = -1;
        volatile int wantedReceipts = Integer.MAX_VALUE;
        /** Receipts are kept from the start (the first message's is awaited) and during bursts. */
        volatile boolean keepReceipts = true;

        @Override
        public void received(dev.parley.api.chat.IncomingMessage m) {
            long at = System.nanoTime();
            if (m.text().startsWith(BURST_TEXT)) {
                return; // a burst is timed by its receipts; its messages are not awaited
            }
            String k = m.from().hex() + " " + m.text();
            messages.put(k, at);
            if (k.equals(wantedMessage)) {
                wake();
            }
        }

        private synchronized void wake() {
            notifyAll();
        }

        @Override
        public long awaitMessage(String key, String text) {
            String k = key + " " + text;
            wantedMessage = k;
            await(() -> messages.containsKey(k), "message " + text);
            // Dropped once seen: a map that grows by two entries a round trip would make every
            // young collection copy more of the harness's own garbage-to-be (each text is unique).
            return messages.remove(k);
        }

        @Override
        public void delivered(FriendKey to, long messageId) {
            if (!keepReceipts) {
                return; // round trips are timed by the answer, their receipts are not awaited
            }
            receipts.put(messageId, System.nanoTime());
            if (messageId == wantedReceipt || receipts.size() >= wantedReceipts) {
                wake();
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
            wantedReceipt = id;
            await(() -> receipts.containsKey(id), "receipt " + id);
            return receipts.remove(id);
        }

        @Override
        public long burst(String key, int n) {
            List<Long> ids = new ArrayList<>();
            receipts.clear(); // receipts are awaited one burst or message at a time
            keepReceipts = true;
            wantedReceipts = n;
            FriendKey to = new FriendKey(key);
            for (int i = 0; i < n; i++) {
                ids.add(node.messenger.send(to, MessageKind.NORMAL, BURST_TEXT + i));
            }
            long lastId = ids.get(ids.size() - 1);
            await(() -> receipts.containsKey(lastId) && receipts.keySet().containsAll(ids), n + " receipts");
            wantedReceipts = Integer.MAX_VALUE;
            lastBurst = ids.stream().map(receipts::get).sorted().toList();
            keepReceipts = false;
            receipts.clear();
            return lastBurst.get(lastBurst.size() - 1);
        }

        List<Long> lastBurst = List.of();

        @Override
        public List<Long> lastBurstReceipts() {
            return lastBurst;
        }

        @Override
        public String sessionCounters(String key) {
            try {
                byte[] pk = java.util.HexFormat.of().parseHex(key);
                return node.loop.call(() -> node.nc.session(pk).map(s -> String.format(
                        "lossless sent at once %d, later (resent or held) %d, window %d, window cuts %d",
                        s.losslessSentAtOnce(), s.losslessSentLater(), s.sendWindow(), s.sendWindowCuts())).orElse("no session"))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                return e.toString();
            }
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
            List<String> args = new ArrayList<>();
            if (capped) {
                args.addAll(List.of("--max-sleep-ms", "1"));
            }
            if (ECHO) {
                args.addAll(List.of("--echo", PING, PONG));
            }
            peer = rig.peer(version, name, args.toArray(String[]::new));
            for (ParleyMessengerNode h : helpers.subList(0, 2)) {
                peer.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
            }
            Rig.awaitOnline(peer, Duration.ofSeconds(60));
        }

        static long nanos(Event e) {
            return e.timeNanos();
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

        /**
         * Where the next awaited message can start in toxpeer's transcript: each message of a
         * round trip is sent only after the previous await returned, so nothing older needs
         * scanning (scanning from the first line held the transcript's lock, which its reader
         * thread needs, for longer with every message: thousands of lines after a burst).
         */
        int seen;

        @Override
        public long awaitMessage(String key, String text) {
            int n = friends.get(key);
            Event e = peer.awaitEventAfter(seen, "message", ev -> ev.is("friend_message") && ev.has("friend", "" + n)
                    && text.equals(ev.text("text")), T);
            seen = peer.mark();
            return nanos(e);
        }

        @Override
        public void answer(String key, String pong) {
            if (!ECHO) {
                send(key, pong);
            } // else toxpeer answered from its message callback
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
            List<Long> times = new ArrayList<>();
            long last = nanos(peer.awaitEventAfter(mark, n + " receipts", ev -> {
                if (!ev.is("friend_read_receipt")) {
                    return false;
                }
                times.add(nanos(ev));
                return ++receipts[0] == n;
            }, T));
            lastBurst = times;
            return last;
        }

        List<Long> lastBurst = List.of();

        @Override
        public List<Long> lastBurstReceipts() {
            return lastBurst;
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

    /**
     * This JVM's CPU time (ns) and context switches so far (all its threads: both Parley nodes of a
     * Parley pair, the helpers, the harness). Per message they change far less with the machine's
     * load than times do, so they show the effect of a change on a busy machine.
     */
    static long[] jvmCost() {
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        long switches = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {cpu, -1, allocated()};
        }
        return new long[] {cpu, switches, allocated()};
    }

    /** Compiled once: a pattern compiled per thread per reading kept the JIT busy with {@code Pattern.compile}. */
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]+");

    /** CPU ticks per thread name (from /proc), to see which threads a phase keeps busy. */
    static Map<String, Long> threadTicks() {
        Map<String, Long> m = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String st = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = DIGITS.matcher(st.substring(st.indexOf('(') + 1, st.lastIndexOf(')'))).replaceAll("#");
                    String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            // no /proc
        }
        return m;
    }

    static String busiest(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + "=" + e.getValue() * 10 + "ms").toList().toString();
    }

    /** How many receipts had come after how many ms: "10%: 12 ms, 25%: ...". */
    static String receiptProfile(long t0, List<Long> times) {
        if (times.isEmpty()) {
            return "-";
        }
        List<Long> sorted = times.stream().sorted().toList();
        StringBuilder s = new StringBuilder();
        for (int pct : new int[] {1, 5, 10, 25, 50, 75, 90, 100}) {
            int i = Math.max(0, (int) Math.ceil(sorted.size() * pct / 100.0) - 1);
            s.append(s.length() == 0 ? "" : ", ").append(pct).append("%: ")
                    .append(String.format("%.0f ms", (sorted.get(i) - t0) / 1e6));
        }
        return s.toString();
    }

    static String costPer(long[] before, long[] after, int n) {
        return String.format("%.1f us CPU, %.1f context switches and %.1f KB allocated each", (after[0] - before[0]) / 1e3 / n,
                after[1] < 0 ? Double.NaN : (after[1] - before[1]) / (double) n, (after[2] - before[2]) / 1024.0 / n);
    }

    /** Bytes allocated so far by the live threads of this JVM (threads that ended meanwhile drop out). */
    static long allocated() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Collections so far in this JVM (all collectors). */
    static long gcCount() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean b : GCS) {
            n += b.getCollectionCount();
        }
        return n;
    }

    static final List<java.lang.management.GarbageCollectorMXBean> GCS =
            java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();

    /** Collector pauses of this JVM as they end: nanoTime at the notification, pause in ms, collector. */
    static final List<String> GC_PAUSES = Collections.synchronizedList(new ArrayList<>());
    static final List<long[]> GC_TIMES = Collections.synchronizedList(new ArrayList<>());

    static {
        for (java.lang.management.GarbageCollectorMXBean b : GCS) {
            if (b instanceof javax.management.NotificationEmitter e) {
                e.addNotificationListener((n, handback) -> {
                    if (n.getUserData() instanceof javax.management.openmbean.CompositeData cd) {
                        var info = com.sun.management.GarbageCollectionNotificationInfo.from(cd);
                        long ms = info.getGcInfo().getDuration();
                        GC_TIMES.add(new long[] {System.nanoTime(), ms});
                        GC_PAUSES.add(info.getGcName() + " " + info.getGcCause() + " " + ms + " ms");
                    }
                }, n -> com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                        .equals(n.getType()), null);
            }
        }
    }

    /**
     * The round trips over 1 ms and the 15 slowest with what was going on meanwhile: collector
     * pauses that ended in or just after it, and the event-loop tasks that held a loop for long
     * ({@code -DargLine=-Dparley.loop.traceMicros=200}: every loop of this JVM, helpers included).
     */
    static void explainSlowest(String pair, double[] times, double[] pings, long[] starts) {
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(times[y], times[x]));
        long over1 = java.util.Arrays.stream(times).filter(t -> t > 1.0).count();
        long over2 = java.util.Arrays.stream(times).filter(t -> t > 2.0).count();
        System.out.printf("[messenger bench] %s round trips over 1 ms: %d, over 2 ms: %d (of %d); collector pauses in the run: %s%n",
                pair, over1, over2, times.length, GC_PAUSES);
        longTasks(pair, "the timed round trips", starts[0], starts[starts.length - 1] + (long) (times[times.length - 1] * 1e6));
        for (int k = 0; k < Math.min(15, order.length); k++) {
            int i = order[k];
            long from = starts[i];
            long to = from + (long) (times[i] * 1e6);
            StringBuilder why = new StringBuilder();
            synchronized (GC_TIMES) {
                for (long[] g : GC_TIMES) {
                    // The notification comes after the pause: one ending within the round trip or 50 ms after.
                    if (g[0] - from >= 0 && g[0] - to <= 50_000_000L && g[0] - TimeUnit.MILLISECONDS.toNanos(g[1]) - to <= 0) {
                        why.append(" gc ").append(g[1]).append(" ms;");
                    }
                }
            }
            for (dev.parley.net.ThreadEventLoop.TracedTask t : dev.parley.net.ThreadEventLoop.traced(from, to)) {
                why.append(String.format(" %s +%.2f %s %.0f/%.0f us;", t.loop().replace("parley-messenger-", ""),
                        (t.startNanos() - from) / 1e6, shortTask(t.task()), t.wallNanos() / 1e3, t.cpuNanos() / 1e3));
            }
            System.out.printf("[messenger bench] %s slow #%d: %.3f ms (ping leg %.3f):%s%n", pair, i, times[i], pings[i], why);
        }
    }

    /** Every long loop task of a window (with the trace on), by loop and task: how often, longest wall and CPU time. */
    static void longTasks(String pair, String what, long from, long to) {
        Map<String, long[]> byTask = new java.util.TreeMap<>();
        for (dev.parley.net.ThreadEventLoop.TracedTask t : dev.parley.net.ThreadEventLoop.traced(from, to)) {
            long[] c = byTask.computeIfAbsent(t.loop().replace("parley-messenger-", "") + " " + shortTask(t.task()),
                    x -> new long[3]);
            c[0]++;
            c[1] = Math.max(c[1], t.wallNanos() / 1000);
            c[2] = Math.max(c[2], t.cpuNanos() / 1000);
        }
        synchronized (GC_TIMES) {
            for (long[] g : GC_TIMES) {
                if (g[0] - from >= 0 && g[0] - TimeUnit.MILLISECONDS.toNanos(g[1]) - to <= 0) {
                    byTask.computeIfAbsent("gc", x -> new long[3])[0]++;
                    byTask.get("gc")[1] = Math.max(byTask.get("gc")[1], g[1] * 1000);
                }
            }
        }
        if (!byTask.isEmpty()) {
            System.out.printf("[messenger bench] %s long loop tasks and collector pauses in %s (count, max wall/CPU us): %s%n",
                    pair, what, byTask.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "x "
                            + e.getValue()[1] + "/" + e.getValue()[2]).toList());
        }
    }

    static String shortTask(String task) {
        return task.replaceAll("dev\\.parley\\.([a-z]+\\.)*", "").replaceAll("\\$\\$Lambda\\$[0-9]+/0x[0-9a-f]+(@[0-9a-f]+)?", "\\$L")
                .replaceAll("@[0-9a-f]+$", "");
    }

    /**
     * After the counted warm-up, more warm-up round trips (in blocks of 500) until two blocks in a
     * row pass with at most {@link #SETTLED_MILLIS} of the JIT compiler threads' CPU each, at most this many
     * seconds (0: off, as before 2026-11-26 night). Every pair alike; for c-toxcore pairs only the harness compiles.
     * The limit was 20 ms (in 10 ms steps) until 2026-11-27: the compiling left for the timed round
     * trips (20-90 ms in six runs) then set Parley - Parley's p99 (docs/BENCHMARKS.md).
     */
    static final int SETTLE_SECONDS = Integer.getInteger("parley.bench.settleseconds", 30);
    static final long SETTLED_MILLIS = Long.getLong("parley.bench.settledmillis", 3);

    /**
     * CPU time of the JIT's compiler threads so far, in microseconds: from each thread's
     * {@code schedstat} (nanoseconds), else from {@code stat} (10 ms steps).
     */
    static long compilerCpuMicros() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/schedstat"))) {
            return threadTicks().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToLong(Map.Entry::getValue).sum() * 10_000;
        }
        long nanos = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    if (java.nio.file.Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        nanos += Long.parseLong(java.nio.file.Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            // no /proc
        }
        return nanos / 1000;
    }

    /** When the last round trip's ping reached b, in nanoTime units (for the legs' split). */
    private static long pingSeen;

    /** a sends, b answers the moment it sees it; when the answer reached a, in nanoTime units. */
    private static long roundTrip(End a, End b, String ping, String pong) {
        a.send(b.publicKey(), ping);
        pingSeen = b.awaitMessage(a.publicKey(), ping);
        b.answer(a.publicKey(), pong);
        return a.awaitMessage(b.publicKey(), pong);
    }

    /**
     * A run of round trips, one at a time, with what the report needs of each (time, ping's leg,
     * start, whether this JVM collected meanwhile) and the JVM's and threads' cost around them.
     * The settling warm-up runs the same, so the timed run brings the compiler nothing new.
     */
    static final class RoundTrips {
        final double[] times;
        final double[] pings;
        final long[] starts;
        final boolean[] collected;
        long[] costBefore;
        long[] costAfter;
        Map<String, Long> ticksBefore;
        Map<String, Long> ticksAfter;

        RoundTrips(int n) {
            times = new double[n];
            pings = new double[n];
            starts = new long[n];
            collected = new boolean[n];
        }

        RoundTrips run(End a, End b, String label) {
            costBefore = jvmCost();
            ticksBefore = threadTicks();
            for (int i = 0; i < times.length; i++) {
                long gcs = gcCount();
                long t0 = System.nanoTime();
                starts[i] = t0;
                String n = label + " " + i;
                times[i] = (roundTrip(a, b, PING + n, PONG + n) - t0) / 1e6;
                pings[i] = (pingSeen - t0) / 1e6;
                collected[i] = gcCount() != gcs;
            }
            costAfter = jvmCost();
            ticksAfter = threadTicks();
            return this;
        }
    }

    /** The median of the values. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
            if (WARM_UP_BURST > 0) {
                a.burst(b.publicKey(), WARM_UP_BURST);
            }
            new RoundTrips(WARM_UP).run(a, b, "warm-up");
            int warm = WARM_UP;
            // Then until the JIT has settled: a node that has run for a while has its message path
            // compiled, and the compiler threads, while busy, take the cores the round trips need.
            // The blocks also run the harness's own measuring (reading /proc), else its first use,
            // just before the timed round trips, sets the compiler to work while they run.
            // Compiling is read as the compiler threads' CPU time: the JIT's own count grows only
            // when a compilation ends, and a long one would run on into the timed round trips.
            long compiling = compilerCpuMicros();
            long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
            int quiet = 0;
            while (SETTLE_SECONDS > 0 && quiet < 2 && System.nanoTime() - settleDeadline < 0) {
                // The very code of the timed round trips, measuring included (its first use would
                // otherwise set the compiler to work, and take a core, while they run).
                new RoundTrips(500).run(a, b, "warm " + warm);
                warm += 500;
                long now = compilerCpuMicros();
                quiet = now - compiling <= SETTLED_MILLIS * 1000 ? quiet + 1 : 0;
                compiling = now;
            }
            long compiledBefore = compilerCpuMicros();
            if (Boolean.getBoolean("parley.bench.marks")) {
                System.out.println("[messenger bench] mark: round trips start at " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            }
            // Ping-pong: b answers each message as soon as it sees it; a times the answer.
            RoundTrips timed = new RoundTrips(ROUND_TRIPS).run(a, b, "timed");
            double[] times = timed.times;
            double[] pings = timed.pings;
            long compiledAfter = compilerCpuMicros();
            System.out.printf("[messenger bench] %s warm-up: %d round trips; JIT compiler threads' CPU during the timed round trips: %.1f ms%n",
                    pair, warm, (compiledAfter - compiledBefore) / 1000.0);
            if (Boolean.getBoolean("parley.bench.marks")) {
                System.out.println("[messenger bench] mark: round trips end at " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            }
            // The tail, to tell GC pauses (marked gc: this JVM collected during that round trip)
            // from timer or scheduling delays.
            List<String> slow = new ArrayList<>();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                slow.add(String.format("%08.3f #%d%s", times[i], i, timed.collected[i] ? " gc" : ""));
            }
            slow.sort(Collections.reverseOrder());
            System.out.printf("[messenger bench] %s slowest round trips (ms, index): %s%n", pair,
                    slow.subList(0, Math.min(8, slow.size())));
            explainSlowest(pair, times, pings, timed.starts);
            // Which way the time goes: the ping's leg is a's send to b's event, the answer's leg
            // b's event to a's (with ECHO off, a c-toxcore b's leg also holds the harness's turn).
            double[] pongs = new double[ROUND_TRIPS];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pongs[i] = times[i] - pings[i];
            }
            System.out.printf("[messenger bench] %s legs (median ms): ping a -> b %.3f; answer b -> a %.3f%n", pair,
                    median(pings), median(pongs));
            long[] burstCost = jvmCost();
            Map<String, Long> burstTicks = threadTicks();
            String countersBefore = a.sessionCounters(b.publicKey());
            UdpDrops drops = UdpDrops.now();
            long t0 = System.nanoTime();
            long last = a.burst(b.publicKey(), BURST);
            longTasks(pair, "the burst", t0, last);
            long[] burstCostAfter = jvmCost();
            // Whether the receiver's socket overflowed, and how the receipts came in over time
            // (a fast first part, then a slow tail, is the sign of datagrams lost and resent).
            System.out.printf("[messenger bench] %s burst: UDP %s; receipts by time %s; sender's session %s -> %s%n",
                    pair, UdpDrops.now().since(drops), receiptProfile(t0, a.lastBurstReceipts()), countersBefore,
                    a.sessionCounters(b.publicKey()));
            // In this JVM: for a Parley pair both nodes' work; for c-toxcore only reading toxpeer's lines.
            System.out.printf("[messenger bench] %s in this JVM: round trips %s; burst messages %s%n", pair,
                    costPer(timed.costBefore, timed.costAfter, ROUND_TRIPS), costPer(burstCost, burstCostAfter, BURST));
            System.out.printf("[messenger bench] %s busiest threads: round trips %s; burst %s%n", pair,
                    busiest(timed.ticksBefore, timed.ticksAfter), busiest(burstTicks, threadTicks()));
            double perSecond = BURST / ((last - t0) / 1e9);
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            Result r = new Result(pair, connectMs, sorted[sorted.length / 2],
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)], perSecond);
            System.out.printf("[messenger bench] %s%n", r);
            return r;
        }
    }
}
