package dev.parley.itests.onion;

import dev.parley.itests.rig.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/parley-node} of the built distribution as a process on a free loopback port, its
 * JSON events on standard output (copied to {@code <dir>/parley-node.log}). The onion tests'
 * own helper, so they can wait for the onion events.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"([0-9A-F]{64})\",\"udp_port\":(\\d+),.*");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final String key;
    private final int port;

    private NodeProcess(Process process, Path log) throws Exception {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "parley-node-events");
        reader.setDaemon(true);
        reader.start();
        Matcher m = await(READY, Duration.ofSeconds(60));
        key = m.group(1);
        port = Integer.parseInt(m.group(2));
    }

    static NodeProcess start(Path dir, String... flags) throws Exception {
        String configured = System.getProperty("parley.distribution");
        Path home = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../distribution/target/parley").normalize();
        if (!Files.isExecutable(home.resolve("bin/parley-node"))) {
            throw new IllegalStateException("no built distribution at " + home
                    + " (build it first: mvn -pl distribution -am package -DskipTests)");
        }
        Files.createDirectories(dir);
        int port = Ports.freeUdpAndTcp();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/parley-node").toString(), "--no-console",
                "--port", "" + port, "--keys", dir.resolve("node.keys").toString(), "--events", "-"));
        command.addAll(List.of(flags));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        b.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = b.start();
        p.getOutputStream().close();
        try {
            return new NodeProcess(p, dir.resolve("parley-node.log"));
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String key() {
        return key;
    }

    int port() {
        return port;
    }

    /** Waits for an output line matching {@code wanted}, searching from the first line. */
    Matcher await(Pattern wanted, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int seen = 0;
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

    /** The largest {@code onion_announcements} count reported so far (0 if none). */
    int maxAnnouncements() {
        Pattern p = Pattern.compile(".*\"event\":\"onion_announcements\",\"count\":(\\d+).*");
        int max = 0;
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = p.matcher(l);
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max;
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the node stops its framework
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
