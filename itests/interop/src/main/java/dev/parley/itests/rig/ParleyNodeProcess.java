package dev.parley.itests.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/parley-node} from the built distribution ({@code -Dparley.distribution}, else the
 * reactor's {@code distribution/target/parley}), run as a process on a free loopback UDP port,
 * optionally with a TCP relay, its JSON events on standard output. Its output is kept in
 * {@code <dir>/parley-node.log}; {@link #close()} stops it with SIGTERM, then for sure.
 */
public final class ParleyNodeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"([0-9A-F]{64})\",\"udp_port\":(\\d+),.*\"tcp_ports\":\\[([0-9,]*)\\].*");
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern PROMPT = Pattern.compile("^(g! )+");

    private final Process process;
    private final java.io.Writer console;
    private final List<String> lines = new ArrayList<>();
    private final String key;
    private final int udpPort;
    private final List<Integer> tcpPorts;

    private ParleyNodeProcess(Process process, java.io.Writer console, Path log) throws InterruptedException {
        this.process = process;
        this.console = console;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    line = PROMPT.matcher(line).replaceFirst(""); // the console's prompts share the output
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException ended) {
                // The process is gone.
            }
        }, "parley-node-output");
        reader.setDaemon(true);
        reader.start();
        Matcher ready = await(READY, START_DEADLINE);
        key = ready.group(1);
        udpPort = Integer.parseInt(ready.group(2));
        tcpPorts = ready.group(3).isEmpty() ? List.of()
                : Arrays.stream(ready.group(3).split(",")).map(Integer::valueOf).toList();
    }

    /** Starts the node in {@code dir} (key file, data folder, log) on a free UDP port, with extra flags. */
    public static ParleyNodeProcess start(Path dir, String... flags) throws Exception {
        return start(dir, false, false, flags);
    }

    /** Like {@link #start(Path, String...)}, also running a TCP relay on a free port. */
    public static ParleyNodeProcess startWithRelay(Path dir, String... flags) throws Exception {
        return start(dir, true, false, flags);
    }

    /**
     * Like {@link #start(Path, String...)}, with the node's Gogo console on its standard input, to
     * drive it with {@link #command}. Its prompts are stripped from the output lines.
     */
    public static ParleyNodeProcess startWithConsole(Path dir, String... flags) throws Exception {
        return start(dir, false, true, flags);
    }

    /**
     * Like {@link #start(Path, String...)}, from another copy of the distribution (for a test that
     * changes its {@code addons/} or {@code features/} folders).
     */
    public static ParleyNodeProcess startFrom(Path home, Path dir, String... flags) throws Exception {
        return start(home, dir, false, false, flags);
    }

    /**
     * Like {@link #startWithRelay(Path, String...)}, with options for the node's JVM
     * ({@code PARLEY_JAVA_OPTS}, for example {@code -Xmx256m}).
     */
    /** A node with a TCP relay on a free port, driven through its console. */
    public static ParleyNodeProcess startWithRelayAndConsole(Path dir, String... flags) throws Exception {
        return start(dir, true, true, flags);
    }

    public static ParleyNodeProcess startWithRelayAndJavaOptions(Path dir, String javaOptions, String... flags)
            throws Exception {
        return start(distribution(), dir, true, false, javaOptions, flags);
    }

    private static ParleyNodeProcess start(Path dir, boolean relay, boolean withConsole, String... flags)
            throws Exception {
        return start(distribution(), dir, relay, withConsole, flags);
    }

    private static ParleyNodeProcess start(Path home, Path dir, boolean relay, boolean withConsole, String... flags)
            throws Exception {
        return start(home, dir, relay, withConsole, null, flags);
    }

    private static ParleyNodeProcess start(Path home, Path dir, boolean relay, boolean withConsole, String javaOptions,
            String... flags) throws Exception {
        Files.createDirectories(dir);
        int udp = Ports.freeUdpAndTcp();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/parley-node").toString(),
                withConsole ? "--console" : "--no-console", "--port", "" + udp, "--keys", dir.resolve("node.keys").toString(), "--events", "-"));
        if (relay) {
            command.addAll(List.of("--tcp-port", "" + Ports.freeUdpAndTcp(udp)));
        }
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        TestHomes.apply(builder, dir);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (javaOptions != null) {
            builder.environment().put("PARLEY_JAVA_OPTS", javaOptions);
        }
        Process process = builder.start();
        java.io.Writer console = null;
        if (withConsole) {
            console = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        } else {
            process.getOutputStream().close();
        }
        try {
            return new ParleyNodeProcess(process, console, dir.resolve("parley-node.log"));
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The built distribution (property {@code parley.distribution}, else the reactor's). */
    public static Path distribution() {
        String configured = System.getProperty("parley.distribution");
        Path home = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../distribution/target/parley").normalize();
        if (!Files.isExecutable(home.resolve("bin/parley-node"))) {
            throw new IllegalStateException("no built distribution at " + home
                    + " (build it first: mvn -pl distribution -am install -DskipTests)");
        }
        return home;
    }

    /** Types one command line at the node's console (started with {@link #startWithConsole}). */
    public void command(String line) throws IOException {
        if (console == null) {
            throw new IllegalStateException("this node runs without a console");
        }
        console.write(line + "\n");
        console.flush();
    }

    /**
     * The local ports of the UDP sockets the node's process holds now (its file descriptors matched
     * against {@code /proc/<pid>/net/udp} and {@code udp6}). Linux only.
     */
    public List<Integer> udpSockets() throws IOException {
        long pid = process.pid();
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went while we looked
                }
            }
        }
        List<Integer> ports = new ArrayList<>();
        for (String table : List.of("udp", "udp6")) {
            Path f = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(f)) {
                continue;
            }
            List<String> rows = Files.readAllLines(f);
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                String[] c = row.trim().split("\\s+");
                if (c.length > 9 && inodes.contains(c[9])) {
                    String local = c[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** The node's DHT public key, 64 upper-case hex digits. */
    public String key() {
        return key;
    }

    public int udpPort() {
        return udpPort;
    }

    /** The node's processes: the one started (the launch script) and everything under it (the JVM). */
    public java.util.Set<Long> pids() {
        java.util.Set<Long> out = new java.util.HashSet<>();
        out.add(process.pid());
        process.descendants().forEach(h -> out.add(h.pid()));
        return out;
    }

    /** The TCP relay ports from the ready event; empty without a relay. */
    public List<Integer> tcpPorts() {
        return tcpPorts;
    }

    /** Every output line so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for an output line matching {@code wanted}, searching from the first line. */
    public Matcher await(Pattern wanted, Duration deadline) throws InterruptedException {
        return awaitAfter(0, wanted, deadline);
    }

    /** How many output lines there are so far, for {@link #awaitAfter}. */
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Waits for an output line matching {@code wanted}, searching from line number {@code mark}. */
    public Matcher awaitAfter(int mark, Pattern wanted, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int seen = mark;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = wanted.matcher(lines.get(seen));
                    if (m.matches()) {
                        return m;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                    throw new AssertionError("parley-node: no " + wanted + " within " + deadline + "; output:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 500_000_000L))));
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (console != null) {
            try {
                console.close();
            } catch (IOException gone) {
                // the process has ended
            }
        }
        process.destroy(); // SIGTERM: the node stops its framework
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        TestHomes.assertRealCacheUntouched();
    }
}
