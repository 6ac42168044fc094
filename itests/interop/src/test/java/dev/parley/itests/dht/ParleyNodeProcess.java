package dev.parley.itests.dht;

import dev.parley.itests.rig.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/parley-node} from the built distribution, run as a process on a loopback port with
 * its events on standard output. Its output is kept in {@code <dir>/parley-node.log}.
 */
final class ParleyNodeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"([0-9A-F]{64})\",\"udp_port\":(\\d+),.*");

    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final String key;
    private final int port;

    private ParleyNodeProcess(Process process, Path log, Duration deadline) throws Exception {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "parley-node-output");
        reader.setDaemon(true);
        reader.start();
        Matcher ready = await(READY, deadline);
        key = ready.group(1);
        port = Integer.parseInt(ready.group(2));
    }

    /** Starts the node in {@code dir} (key file, data folder, log) with extra flags. */
    static ParleyNodeProcess start(Path dir, String... flags) throws Exception {
        Path home = distribution();
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
            return new ParleyNodeProcess(p, dir.resolve("parley-node.log"), Duration.ofSeconds(30));
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The built distribution (property {@code parley.distribution}, else the reactor's). */
    static Path distribution() {
        String configured = System.getProperty("parley.distribution");
        Path home = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../distribution/target/parley").normalize();
        if (!Files.isExecutable(home.resolve("bin/parley-node")) || !Files.isRegularFile(home.resolve("bundles")
                .resolve("parley-node-" + System.getProperty("parley.version", "0.1.0-SNAPSHOT") + ".jar"))) {
            throw new IllegalStateException("no built distribution with parley-node at " + home
                    + " (build it first: mvn -pl distribution -am install -DskipTests)");
        }
        return home;
    }

    String key() {
        return key;
    }

    int port() {
        return port;
    }

    /** Waits for an output line matching {@code wanted}, from the first line on. */
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
                    throw new AssertionError("parley-node: not seen within " + deadline + ": " + wanted + "; output:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 500_000_000L))));
            }
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the node stops its framework
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
