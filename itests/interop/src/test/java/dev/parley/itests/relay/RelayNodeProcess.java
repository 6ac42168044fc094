package dev.parley.itests.relay;

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
 * {@code bin/parley-node --tcp-port N} from the built distribution ({@code -Dparley.distribution},
 * else {@code distribution/target/parley}), on loopback, events on standard output, output kept
 * in {@code <dir>/parley-node.log}.
 */
final class RelayNodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile(
            "\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"([0-9A-F]{64})\",\"udp_port\":(\\d+),.*\"tcp_ports\":\\[(\\d+)\\].*");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    final String key;
    final int udpPort;
    final int tcpPort;

    private RelayNodeProcess(Process process, Path log) throws InterruptedException {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "parley-node-output");
        reader.setDaemon(true);
        reader.start();
        Matcher m = await(READY, Duration.ofSeconds(60));
        key = m.group(1);
        udpPort = Integer.parseInt(m.group(2));
        tcpPort = Integer.parseInt(m.group(3));
    }

    static RelayNodeProcess start(Path dir, String... flags) throws Exception {
        String configured = System.getProperty("parley.distribution");
        Path home = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../distribution/target/parley").normalize();
        if (!Files.isExecutable(home.resolve("bin/parley-node"))) {
            throw new IllegalStateException("no built distribution at " + home
                    + " (build it first: mvn -pl distribution -am install -DskipTests)");
        }
        Files.createDirectories(dir);
        int udp = Ports.freeUdpAndTcp();
        int tcp = Ports.freeUdpAndTcp(udp);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/parley-node").toString(), "--no-console",
                "--port", "" + udp, "--tcp-port", "" + tcp, "--keys", dir.resolve("node.keys").toString(),
                "--events", "-"));
        command.addAll(List.of(flags));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        b.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = b.start();
        p.getOutputStream().close();
        try {
            return new RelayNodeProcess(p, dir.resolve("parley-node.log"));
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

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
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
