package dev.parley.itests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
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
 *       of short messages with receipts, and a burst of 1372-byte messages (the largest).
 *   <li>{@link #idleClientsIn256MiB}: a {@code bin/parley-node} relay in a JVM with
 *       {@code -Xmx256m} and N idle clients (Parley's own {@link RelayClient}, real handshakes
 *       and pings, over loopback, all on one event loop in this JVM); the node's heap after a full
 *       GC before and after, and that every client is still connected past a ping interval.
 * </ul>
 */
@ExtendWith(RigExtension.class)
class RelayBench {
    static final int ROUND_TRIPS = Integer.getInteger("parley.bench.roundtrips", 200);
    static final int BURST = Integer.getInteger("parley.bench.burst", 1000);
    static final int BIG_BURST = Integer.getInteger("parley.bench.bigburst", 500);
    static final int CLIENTS = Integer.getInteger("parley.bench.clients", 10_000);
    static final int MAX_MESSAGE = 1372;
    static final Duration T = Duration.ofSeconds(150);
    static final Duration BURST_DEADLINE = Duration.ofSeconds(60);

    record Pair(String name, ToxPeer a, ToxPeer b, Rig.Friendship f) {
    }

    /** With {@code stalled}, the rate columns hold the receipts that came before the deadline instead. */
    record Result(String pair, double medianMs, double p99Ms, double perSecond, double kibPerSecond, boolean stalled) {
    }

    static long nanos(Event e) {
        return TimeUnit.MILLISECONDS.toNanos(e.timeMs());
    }

    @Test
    void relaysSideBySide(Rig rig) throws Exception {
        List<String> versions = Toxcore.versions();
        Toxcore.Installation lib = Toxcore.require(versions.get(versions.size() - 1));
        String bs = rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey();
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithRelay(rig.dir().resolve("parley-node"), "--bootstrap", bs)) {
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            List<Pair> pairs = new ArrayList<>();
            ToxPeer a1 = rig.startPeer(lib, "bd-a", "--no-udp", "--max-sleep-ms", "1");
            ToxPeer b1 = rig.startPeer(lib, "bd-b", "--no-udp", "--max-sleep-ms", "1");
            ToxPeer a2 = rig.startPeer(lib, "pn-a", "--no-udp", "--max-sleep-ms", "1");
            ToxPeer b2 = rig.startPeer(lib, "pn-b", "--no-udp", "--max-sleep-ms", "1");
            for (ToxPeer p : List.of(a1, b1)) {
                rig.connect(p); // the daemon's UDP port for the onion, its TCP relay as the only relay
            }
            for (ToxPeer p : List.of(a2, b2)) {
                p.addTcpRelay("127.0.0.1", node.tcpPorts().get(0), node.key());
                p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            ToxPeer u1 = rig.peer(lib, "udp-a", "--max-sleep-ms", "1");
            ToxPeer u2 = rig.peer(lib, "udp-b", "--max-sleep-ms", "1");
            pairs.add(pair("tox-bootstrapd relay", a1, b1, rig, "tcp"));
            pairs.add(pair("parley-node relay", a2, b2, rig, "tcp"));
            pairs.add(pair("direct UDP (no relay)", u1, u2, rig, "udp"));
            // Each relay pair is connected to its own relay only.
            int parleyPort = node.tcpPorts().get(0);
            int daemonPort = rig.bootstrapd().tcpPort();
            for (ToxPeer p : List.of(a1, b1, a2, b2)) {
                List<TcpSockets.Connection> held = TcpSockets.heldBy(p.pid());
                boolean daemonPair = p == a1 || p == b1;
                assertTrue(held.stream().anyMatch(c -> c.peerPort() == (daemonPair ? daemonPort : parleyPort)), held.toString());
                assertTrue(held.stream().noneMatch(c -> c.peerPort() == (daemonPair ? parleyPort : daemonPort)), held.toString());
            }

            List<Result> results = new ArrayList<>();
            for (Pair p : pairs) {
                results.add(measure(p));
            }
            System.out.printf("%n| path (c-toxcore %s, --max-sleep-ms 1) | round trip median (ms) | p99 (ms) "
                    + "| messages/s with receipts (%d) | KiB/s with receipts (%d x %d B) |%n", lib.version(), BURST,
                    BIG_BURST, MAX_MESSAGE);
            System.out.printf("|---|---|---|---|---|%n");
            for (Result r : results) {
                System.out.printf("| %s | %.2f | %.2f | %.0f | %.0f |%s%n", r.pair(), r.medianMs(), r.p99Ms(), r.perSecond(),
                        r.kibPerSecond(), r.stalled() ? " STALLED: receipts counted, not rates" : "");
            }
            System.out.println();
        }
    }

    private static Pair pair(String name, ToxPeer a, ToxPeer b, Rig rig, String status) {
        Rig.awaitOnline(a, T);
        Rig.awaitOnline(b, T);
        Rig.Friendship f = rig.befriend(a, b, T);
        a.awaitEvent(name + " friend on A", e -> e.is("friend_connection") && e.has("friend", "" + f.bOnA())
                && e.has("status", status), T);
        b.awaitEvent(name + " friend on B", e -> e.is("friend_connection") && e.has("friend", "" + f.aOnB())
                && e.has("status", status), T);
        return new Pair(name, a, b, f);
    }

    private static Result measure(Pair p) {
        ToxPeer a = p.a();
        ToxPeer b = p.b();
        int bOnA = p.f().bOnA();
        int aOnB = p.f().aOnB();
        // Warm up: a few round trips not counted.
        List<Long> rtts = new ArrayList<>();
        for (int i = -10; i < ROUND_TRIPS; i++) {
            int markB = b.mark();
            int markA = a.mark();
            String text = "rt" + i;
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
        long small = burst(a, bOnA, BURST, "burst message ");
        String big = "x".repeat(MAX_MESSAGE - 6);
        long large = burst(a, bOnA, BIG_BURST, big);
        return new Result(p.name(), median, p99, small < 0 ? -small : BURST / seconds(small),
                large < 0 ? -large : BIG_BURST * (double) MAX_MESSAGE / 1024 / seconds(large), small < 0 || large < 0);
    }

    /**
     * Sends n messages (prefix + number) as fast as toxpeer takes them; nanos from the first send to
     * the last receipt, or -(receipts seen) when not all came within the deadline (a stall).
     */
    private static long burst(ToxPeer a, int friend, int n, String prefix) {
        int mark = a.mark();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.sendLine("send " + friend + " " + prefix + i);
        }
        int[] receipts = {0};
        try {
            Event last = a.awaitEventAfter(mark, n + " receipts", ev -> ev.is("friend_read_receipt") && ++receipts[0] == n,
                    BURST_DEADLINE);
            return nanos(last) - t0;
        } catch (AssertionError stalled) {
            long seen = a.eventsSince(mark).stream().filter(e -> e.is("friend_read_receipt")).count();
            System.out.printf("%s: only %d of %d receipts within %s%n", a.name(), seen, n, BURST_DEADLINE);
            return -seen;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
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
        String exe = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(exe, "" + pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
