package dev.parley.itests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.PrivateNetwork;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.TcpSockets;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.net.ThreadEventLoop;
import dev.parley.relay.RelayClient;
import dev.parley.relay.TcpRelayConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCP relay benchmarks, run only by {@code mvn -pl itests/interop -Pbench verify}
 * (docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li>{@link #relaysSideBySide}: two c-toxcore pairs with UDP off (toxpeer {@code --no-udp
 *       --max-sleep-ms 1}, so that c-toxcore's own sleep does not hide the relay), one knowing
 *       only {@code tox-bootstrapd}'s relay, the other only a {@code bin/parley-node --tcp-port}
 *       relay, measured one after the other in the same run, plus a UDP pair as the baseline
 *       without a relay: round trips (A sends, B answers on sight, A times the answer), a burst
 *       of short messages with receipts, a burst of 1372-byte messages (the largest), and a file
 *       sent from A to B (net_crypto's congestion-controlled bulk path; its bytes compared).
 *   <li>{@link #idleClientsIn256MiB}: a {@code bin/parley-node} relay in a JVM with
 *       {@code -Xmx256m} and N idle clients (Parley's own {@link RelayClient}, real handshakes
 *       and pings, over loopback, all on one event loop in this JVM); the node's heap after a full
 *       GC before and after, and that every client is still connected past a ping interval.
 * </ul>
 */
@ExtendWith(RigExtension.class)
class RelayBench {
    static final int ROUNDS = Integer.getInteger("parley.bench.rounds", 5);
    static final int ROUND_TRIPS = Integer.getInteger("parley.bench.roundtrips", 100);
    static final int BURST = Integer.getInteger("parley.bench.burst", 1000);
    static final int BIG_BURST = Integer.getInteger("parley.bench.bigburst", 500);
    static final int CLIENTS = Integer.getInteger("parley.bench.clients", 10_000);
    /** The size of the file each pair sends per round; 0: no file. */
    static final int FILE_BYTES = Integer.getInteger("parley.bench.filebytes", 8 << 20);
    static final int MAX_MESSAGE = 1372;
    static final Duration T = Duration.ofSeconds(150);
    /**
     * With {@code -Dparley.bench.pauserelay=MS}, each large burst starts with the pair's relay
     * process frozen (SIGSTOP) for MS milliseconds, the same for either relay: the stall hunt's
     * trigger (docs/BENCHMARKS.md, "The stall"). 0 (the default): no pause.
     */
    static final long PAUSE_RELAY_MS = Long.getLong("parley.bench.pauserelay", 0);
    static final Duration BURST_DEADLINE = Duration.ofSeconds(Integer.getInteger("parley.bench.burstdeadline", 60));
    /**
     * The loopback MTU for the side-by-side run, 0 to leave loopback's own (65536). 1500 gives the
     * relays' connections the segment size of an Ethernet path, where relays are really reached.
     */
    static final int MTU = Integer.getInteger("parley.bench.mtu", 0);
    /** The node reports its relay counters once a second when they changed; this covers one report. */
    static final long SETTLE_MILLIS = 2500;
    private static final Pattern RELAY_EVENT = Pattern.compile(
            "\\{.*\"event\":\"relay\".*\"forwarded\":(\\d+),\"dropped\":(\\d+),\"largest_queue\":(\\d+).*");

    /** A relay whose counters the bench can read (the parley-node), or none (tox-bootstrapd, direct UDP). */
    record Counters(ParleyNodeProcess node) {
        static final Counters NONE = new Counters(null);

        /** forwarded, dropped, largest queue so far; null if unknown. */
        long[] read() {
            return node == null ? null : relayCounters(node);
        }

        int mark() {
            return node == null ? 0 : node.mark();
        }

        /**
         * The longest time between two {@code relay} events from output line {@code mark} on
         * (while a burst flows they come once a second; a long gap means the relay's loop did not
         * answer), -1 without a node.
         */
        long longestEventGap(int mark) {
            if (node == null) {
                return -1;
            }
            List<String> lines = node.lines();
            long gap = 0;
            long previous = -1;
            for (int i = mark; i < lines.size(); i++) {
                Matcher m = RELAY_TS.matcher(lines.get(i));
                if (m.lookingAt()) {
                    long ts = Long.parseLong(m.group(1));
                    if (previous >= 0) {
                        gap = Math.max(gap, ts - previous);
                    }
                    previous = ts;
                }
            }
            return gap;
        }
    }

    private static final Pattern RELAY_TS = Pattern.compile("\\{\"ts\":(\\d+),\"event\":\"relay\"");

    /** relayPort: the TCP port of the pair's relay, 0 without one. */
    record Pair(String name, ToxPeer a, ToxPeer b, Rig.Friendship f, Counters relay, int relayPort, List<Long> relayPids) {
    }

    /**
     * One burst: the rate (or, when {@code receipts < n}, a stall), the longest wait between two
     * receipts (or from the last send to the first receipt), and the data packets the relay
     * dropped for a backed-up receiver during it (-1: not readable).
     */
    record Burst(int n, int receipts, double seconds, double longestGapMs, long dropped, long largestQueue,
            long senderSocketMax, long relaySocketMax, long relayEventGapMs) {
        boolean stalled() {
            return receipts < n;
        }
    }

    /** One file sent: its seconds from the send command to the last byte received, or a stall. */
    record FileSend(long bytes, boolean done, double seconds) {
        double kibPerSecond() {
            return done ? bytes / 1024.0 / seconds : 0;
        }
    }

    record Round(int round, String pair, double medianMs, double p99Ms, Burst small, Burst large, FileSend file) {
    }

    static long nanos(Event e) {
        return e.timeNanos();
    }

    @Test
    void relaysSideBySide(Rig rig) throws Exception {
        if (MTU > 0) {
            setLoopbackMtu(MTU); // before any connection of the run, which takes its segment size from it
        }
        List<String> versions = Toxcore.versions();
        Toxcore.Installation lib = Toxcore.require(versions.get(versions.size() - 1));
        String bs = rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey();
        // -Dparley.bench.nodejavaopts=... : options for the relay node's JVM (PARLEY_JAVA_OPTS), for experiments.
        String nodeJavaOptions = System.getProperty("parley.bench.nodejavaopts", "");
        try (ParleyNodeProcess node = nodeJavaOptions.isBlank()
                ? ParleyNodeProcess.startWithRelay(rig.dir().resolve("parley-node"), "--bootstrap", bs)
                : ParleyNodeProcess.startWithRelayAndJavaOptions(rig.dir().resolve("parley-node"), nodeJavaOptions,
                        "--bootstrap", bs)) {
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            List<Pair> pairs = new ArrayList<>();
            ToxPeer a1 = rig.startPeer(lib, "bd-a", "--no-udp", "--max-sleep-ms", "1");
            ToxPeer b1 = rig.startPeer(lib, "bd-b", "--no-udp", "--max-sleep-ms", "1", "--recv-dir", receiveDir(rig, "bd-b"));
            ToxPeer a2 = rig.startPeer(lib, "pn-a", "--no-udp", "--max-sleep-ms", "1");
            ToxPeer b2 = rig.startPeer(lib, "pn-b", "--no-udp", "--max-sleep-ms", "1", "--recv-dir", receiveDir(rig, "pn-b"));
            for (ToxPeer p : List.of(a1, b1)) {
                rig.connect(p); // the daemon's UDP port for the onion, its TCP relay as the only relay
            }
            for (ToxPeer p : List.of(a2, b2)) {
                p.addTcpRelay("127.0.0.1", node.tcpPorts().get(0), node.key());
                p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            ToxPeer u1 = rig.peer(lib, "udp-a", "--max-sleep-ms", "1");
            ToxPeer u2 = rig.peer(lib, "udp-b", "--max-sleep-ms", "1", "--recv-dir", receiveDir(rig, "udp-b"));
            Path file = rig.dir().resolve("bench-file.bin");
            byte[] content = new byte[FILE_BYTES];
            new SecureRandom().nextBytes(content);
            Files.write(file, content);
            int parleyPort = node.tcpPorts().get(0);
            int daemonPort = rig.bootstrapd().tcpPort();
            pairs.add(pair("tox-bootstrapd relay", a1, b1, rig, "tcp", Counters.NONE, daemonPort,
                    List.of(rig.bootstrapd().pid())));
            pairs.add(pair("parley-node relay", a2, b2, rig, "tcp", new Counters(node), parleyPort, List.copyOf(node.pids())));
            pairs.add(pair("direct UDP (no relay)", u1, u2, rig, "udp", Counters.NONE, 0, List.of()));
            // Each relay pair is connected to its own relay only.
            for (ToxPeer p : List.of(a1, b1, a2, b2)) {
                List<TcpSockets.Connection> held = TcpSockets.heldBy(p.pid());
                boolean daemonPair = p == a1 || p == b1;
                assertTrue(held.stream().anyMatch(c -> c.peerPort() == (daemonPair ? daemonPort : parleyPort)), held.toString());
                assertTrue(held.stream().noneMatch(c -> c.peerPort() == (daemonPair ? parleyPort : daemonPort)), held.toString());
            }

            // Interleaved: every round measures every path once, in the same order, so that a
            // disturbance of the shared machine hits a round, not one relay.
            // -Dparley.bench.only=parley measures only the paths whose name contains that text (a stall hunt).
            String only = System.getProperty("parley.bench.only", "");
            pairs.removeIf(p -> !p.name().contains(only));
            List<Round> rounds = new ArrayList<>();
            for (int r = 1; r <= ROUNDS; r++) {
                for (Pair p : pairs) {
                    Round done = measure(r, p, file);
                    rounds.add(done);
                    System.out.println("[relay bench] " + describe(done));
                }
            }
            System.out.printf("%n%s%n", table(rounds, lib.version()));
        }
    }

    /** Sets the MTU of {@code lo}, only in the test JVM's private namespace (itests/netns/bin/java). */
    private static void setLoopbackMtu(int mtu) throws IOException, InterruptedException {
        if (!PrivateNetwork.isOurs()) {
            throw new IllegalStateException("-Dparley.bench.mtu needs the test JVM's private network namespace "
                    + "(interfaces here: " + PrivateNetwork.interfaces() + "): not changing this host's loopback");
        }
        PrivateNetwork.ip("link", "set", "lo", "mtu", String.valueOf(mtu));
        assertEquals(mtu, java.net.NetworkInterface.getByName("lo").getMTU(), "loopback MTU");
    }

    private static String receiveDir(Rig rig, String peer) throws IOException {
        return Files.createDirectories(rig.dir().resolve("files-" + peer)).toString();
    }

    private static Pair pair(String name, ToxPeer a, ToxPeer b, Rig rig, String status, Counters relay, int relayPort,
            List<Long> relayPids) {
        Rig.awaitOnline(a, T);
        Rig.awaitOnline(b, T);
        Rig.Friendship f = rig.befriend(a, b, T);
        a.awaitEvent(name + " friend on A", e -> e.is("friend_connection") && e.has("friend", "" + f.bOnA())
                && e.has("status", status), T);
        b.awaitEvent(name + " friend on B", e -> e.is("friend_connection") && e.has("friend", "" + f.aOnB())
                && e.has("status", status), T);
        return new Pair(name, a, b, f, relay, relayPort, relayPids);
    }

    /** The last {@code relay} event of the node: forwarded, dropped, largest queue. */
    static long[] relayCounters(ParleyNodeProcess node) {
        List<String> lines = node.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = RELAY_EVENT.matcher(lines.get(i));
            if (m.matches()) {
                return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            }
        }
        return new long[] {0, 0, 0};
    }

    private static Round measure(int round, Pair p, Path file) throws InterruptedException, IOException {
        ToxPeer a = p.a();
        ToxPeer b = p.b();
        int bOnA = p.f().bOnA();
        int aOnB = p.f().aOnB();
        // Warm up: a few round trips not counted.
        List<Long> rtts = new ArrayList<>();
        for (int i = -10; i < ROUND_TRIPS; i++) {
            int markB = b.mark();
            int markA = a.mark();
            String text = "r" + round + "t" + i;
            long t0 = System.nanoTime();
            a.sendLine("send " + bOnA + " " + text);
            b.awaitEventAfter(markB, "ping", e -> e.is("friend_message") && text.equals(e.text("text")), T);
            b.sendLine("send " + aOnB + " re" + text);
            Event back = a.awaitEventAfter(markA, "pong", e -> e.is("friend_message") && ("re" + text).equals(e.text("text")), T);
            if (i >= 0) {
                rtts.add(nanos(back) - t0);
            }
        }
        Collections.sort(rtts);
        double median = rtts.get(rtts.size() / 2) / 1e6;
        double p99 = rtts.get(Math.min(rtts.size() - 1, (int) Math.ceil(rtts.size() * 0.99) - 1)) / 1e6;
        Burst small = burst(p, BURST, "r" + round + " burst message ", 0);
        String big = "x".repeat(MAX_MESSAGE - 6);
        Burst large = burst(p, BIG_BURST, big, PAUSE_RELAY_MS);
        FileSend sent = FILE_BYTES == 0 ? new FileSend(0, false, 0) : sendFile(p, file);
        return new Round(round, p.name(), median, p99, small, large, sent);
    }

    /**
     * A sends the file to B; timed from the command until B has written its last byte, within the
     * burst deadline. The received copy must equal the file.
     */
    private static FileSend sendFile(Pair p, Path file) throws InterruptedException, IOException {
        int markB = p.b().mark();
        long t0 = System.nanoTime();
        // (not call: the replies to the bursts' sends may still be on their way)
        p.a().sendLine("file_send " + p.f().bOnA() + " " + Event.encode(file.toString()));
        Event got;
        try {
            got = p.b().awaitEventAfter(markB, "file received", e -> e.is("file_done") && e.has("direction", "recv")
                    && e.has("friend", "" + p.f().aOnB()), BURST_DEADLINE);
        } catch (AssertionError stalled) {
            // (toxpeer cannot cancel it: it may go on in the background of the next measurements)
            return new FileSend(Files.size(file), false, BURST_DEADLINE.toNanos() / 1e9);
        }
        double seconds = (nanos(got) - t0) / 1e9;
        Path copy = Path.of(got.text("path"));
        assertEquals(-1L, Files.mismatch(file, copy), "the received file differs from the one sent");
        Files.delete(copy);
        return new FileSend(Files.size(file), true, seconds);
    }

    /**
     * Sends n messages (prefix + number) as fast as toxpeer takes them and waits for their receipts
     * until the deadline; then, after the relay's counters settled, reads what it dropped. With
     * {@code pauseMs > 0} the relay's processes are frozen from just before the first send until
     * pauseMs later.
     */
    private static Burst burst(Pair p, int n, String prefix, long pauseMs) throws InterruptedException {
        ToxPeer a = p.a();
        long[] before = p.relay().read();
        int nodeMark = p.relay().mark();
        int senderPort = p.relayPort() == 0 ? 0 : TcpSockets.heldBy(a.pid()).stream()
                .filter(c -> c.peerPort() == p.relayPort()).mapToInt(TcpSockets.Connection::localPort).findFirst().orElse(0);
        SocketQueues queues = new SocketQueues(senderPort, p.relayPort());
        int mark = a.mark();
        boolean pause = pauseMs > 0 && !p.relayPids().isEmpty();
        if (pause) {
            signal("STOP", p.relayPids());
        }
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                a.sendLine("send " + p.f().bOnA() + " " + prefix + i);
            }
            if (pause) {
                Thread.sleep(Math.max(0, pauseMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            }
        } finally {
            if (pause) {
                signal("CONT", p.relayPids());
            }
        }
        long sent = System.nanoTime();
        int[] receipts = {0};
        try {
            a.awaitEventAfter(mark, n + " receipts", ev -> ev.is("friend_read_receipt") && ++receipts[0] == n, BURST_DEADLINE);
        } catch (AssertionError stalled) {
            // counted below
        } finally {
            queues.close();
        }
        List<Long> times = new ArrayList<>();
        for (Event e : a.eventsSince(mark)) {
            if (e.is("friend_read_receipt")) {
                times.add(nanos(e));
            }
        }
        times = times.subList(0, Math.min(n, times.size()));
        long gap = 0;
        long previous = sent;
        for (long t : times) {
            gap = Math.max(gap, t - previous);
            previous = Math.max(previous, t);
        }
        double seconds = times.isEmpty() ? BURST_DEADLINE.toNanos() / 1e9 : (times.get(times.size() - 1) - t0) / 1e9;
        long dropped = -1;
        long largest = -1;
        if (before != null) {
            Thread.sleep(SETTLE_MILLIS);
            long[] after = p.relay().read();
            dropped = after[1] - before[1];
            largest = after[2];
        }
        return new Burst(n, times.size(), seconds, gap / 1e6, dropped, largest,
                senderPort == 0 ? -1 : queues.maxClientSend(), senderPort == 0 ? -1 : queues.maxRelayReceive(),
                p.relay().longestEventGap(nodeMark));
    }

    /** Sends SIGSTOP or SIGCONT to the processes (kill(1); Java has no way to stop a process). */
    static void signal(String name, List<Long> pids) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(pid -> cmd.add(Long.toString(pid)));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new AssertionError(cmd + " failed: " + new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError(cmd + " failed", e);
        }
    }

    static String describe(Round r) {
        String file = r.file().bytes() == 0 ? "" : r.file().done()
                ? String.format("; file of %d KiB: %.0f KiB/s (%.2f s)", r.file().bytes() / 1024, r.file().kibPerSecond(),
                        r.file().seconds())
                : String.format("; file of %d KiB: STALLED (not received within %.0f s)", r.file().bytes() / 1024,
                        r.file().seconds());
        return String.format("round %d %s: round trip median %.2f ms, p99 %.2f ms; %s; %s%s", r.round(), r.pair(),
                r.medianMs(), r.p99Ms(), describe(r.small(), false), describe(r.large(), true), file);
    }

    static String describe(Burst b, boolean large) {
        String rate = b.stalled() ? String.format("STALLED: %d of %d receipts within %d s", b.receipts(), b.n(),
                BURST_DEADLINE.toSeconds())
                : large ? String.format("%.0f KiB/s", rate(b, true)) : String.format("%.0f messages/s", rate(b, false));
        return String.format("%d x %s: %s, longest receipt gap %.0f ms%s", b.n(), large ? MAX_MESSAGE + " B" : "short", rate,
                b.longestGapMs(), b.dropped() < 0 ? "" : ", relay dropped " + b.dropped() + " (largest queue so far "
                + b.largestQueue() + " B, longest time between relay events " + b.relayEventGapMs() + " ms)") + (b.senderSocketMax() < 0 ? "" : String.format(
                ", largest send queue of the sender's socket %d B, receive queue at the relay %d B",
                b.senderSocketMax(), b.relaySocketMax()));
    }

    static double rate(Burst b, boolean large) {
        if (b.stalled()) {
            return 0;
        }
        return large ? b.n() * (double) MAX_MESSAGE / 1024 / b.seconds() : b.n() / b.seconds();
    }

    /** Per path: median and range over the rounds; a stalled burst counts as rate 0. */
    static String table(List<Round> rounds, String version) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("c-toxcore %s, --max-sleep-ms 1, %d rounds (interleaved), loopback MTU %s; "
                + "median (min-max) over rounds%n%n", version, ROUNDS, MTU > 0 ? String.valueOf(MTU) : "65536"));
        out.append(String.format("| path | round trip median (ms) | round trip p99 (ms) | messages/s with receipts (%d short) "
                + "| KiB/s with receipts (%d x %d B) | file KiB/s (%d KiB) | stalled bursts or files "
                + "| data dropped by the relay (short / large, per round) |%n",
                BURST, BIG_BURST, MAX_MESSAGE, FILE_BYTES / 1024));
        out.append("|---|---|---|---|---|---|---|---|\n");
        List<String> names = rounds.stream().map(Round::pair).distinct().toList();
        for (String name : names) {
            List<Round> mine = rounds.stream().filter(r -> r.pair().equals(name)).toList();
            long stalled = mine.stream().filter(r -> r.small().stalled() || r.large().stalled()
                    || (r.file().bytes() > 0 && !r.file().done())).count();
            String drops = mine.get(0).small().dropped() < 0 ? "not readable" : String.join(", ", mine.stream()
                    .map(r -> r.small().dropped() + " / " + r.large().dropped()).toList());
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %d of %d | %s |%n", name,
                    spread(mine.stream().mapToDouble(Round::medianMs).toArray(), "%.2f"),
                    spread(mine.stream().mapToDouble(Round::p99Ms).toArray(), "%.2f"),
                    spread(mine.stream().mapToDouble(r -> rate(r.small(), false)).toArray(), "%.0f"),
                    spread(mine.stream().mapToDouble(r -> rate(r.large(), true)).toArray(), "%.0f"),
                    FILE_BYTES == 0 ? "not measured"
                            : spread(mine.stream().mapToDouble(r -> r.file().kibPerSecond()).toArray(), "%.0f"),
                    stalled, mine.size(), drops));
        }
        return out.toString();
    }

    static String spread(double[] values, String format) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(format + " (" + format + "-" + format + ")", median, v[0], v[v.length - 1]);
    }

    // ---------------------------------------------------------------------------------------------

    private static final Pattern HEAP_USED = Pattern.compile("(?s).*heap\\s+total (\\d+)K, used (\\d+)K.*");

    @Test
    void idleClientsIn256MiB(Rig rig) throws Exception {
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithRelayAndJavaOptions(rig.dir().resolve("relay-256m"),
                "-Xmx256m")) {
            int port = node.tcpPorts().get(0);
            long java = node.pids().stream().filter(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().command())
                    .map(c -> c.endsWith("java")).orElse(false)).findFirst().orElseThrow();
            long before = heapAfterGc(java);
            byte[] relayKey = HexFormat.of().parseHex(node.key());
            AtomicInteger ready = new AtomicInteger();
            AtomicInteger closed = new AtomicInteger();
            List<RelayClient> clients = new ArrayList<>();
            RelayClient.Listener counting = new RelayClient.Listener() {
                @Override
                public void ready(RelayClient c) {
                    ready.incrementAndGet();
                }

                @Override
                public void closed(RelayClient c, String reason) {
                    closed.incrementAndGet();
                }
            };
            try (ThreadEventLoop loop = new ThreadEventLoop("idle-clients");
                    TcpRelayConnector connector = new TcpRelayConnector(loop, 30_000)) {
                InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
                SecureRandom random = new SecureRandom();
                long t0 = System.nanoTime();
                // In batches below the server's limit of pending handshakes (256).
                for (int start = 0; start < CLIENTS; start += 200) {
                    int end = Math.min(CLIENTS, start + 200);
                    int from = start;
                    List<RelayClient> batch = loop.call(() -> {
                        List<RelayClient> made = new ArrayList<>();
                        for (int i = from; i < end; i++) {
                            KeyPair k = KeyPair.generate();
                            SharedKey s = SharedKey.precompute(k, relayKey).orElseThrow();
                            RelayClient c = new RelayClient(loop, k.publicKey(), s, relayKey, RelayClient.Options.defaults(),
                                    random, counting);
                            k.destroy();
                            connector.connect(at, c);
                            made.add(c);
                        }
                        return made;
                    }).toCompletableFuture().get(60, TimeUnit.SECONDS);
                    clients.addAll(batch);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (ready.get() + closed.get() < end && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    if (closed.get() > 0) {
                        break;
                    }
                }
                double connectSeconds = (System.nanoTime() - t0) / 1e9;
                int connected = ready.get();
                System.out.printf("%n%d of %d clients ready in %.1f s (%d closed)%n", connected, CLIENTS, connectSeconds, closed.get());
                // Past one ping interval of both sides (30 s) and its timeout: idle, but alive.
                Thread.sleep(45_000);
                int alive = loop.call(() -> (int) clients.stream().filter(RelayClient::isReady).count())
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                int accepted = TcpSockets.acceptedOn(port).size();
                long after = heapAfterGc(java);
                long perClient = alive == 0 ? 0 : (after - before) * 1024 / alive;
                System.out.printf("| clients held (after 45 s idle) | connections at the relay | heap after GC before (KiB) "
                        + "| heap after GC with clients (KiB) | per client (bytes) |%n|---|---|---|---|---|%n"
                        + "| %d of %d | %d | %d | %d | %d |%n%n", alive, CLIENTS, accepted, before, after, perClient);
                assertTrue(node.lines().stream().noneMatch(l -> l.contains("OutOfMemoryError")), "the relay ran out of memory");
                loop.call(() -> {
                    clients.forEach(c -> c.close("done"));
                    return null;
                }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Heap in use right after a full GC in process {@code pid}, in KiB (jcmd GC.run, then GC.heap_info). */
    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.matches()) {
            throw new AssertionError("jcmd GC.heap_info said: " + info);
        }
        return Long.parseLong(m.group(2));
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String exe = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(exe, "" + pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
