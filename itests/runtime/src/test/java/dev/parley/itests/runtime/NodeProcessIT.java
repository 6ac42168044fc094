package dev.parley.itests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.TestHomes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/parley-node as a bootstrap node run by a script: the ready event with its DHT key and UDP
 * port, a key that stays the same across restarts, the MOTD over UDP, and bad settings refused
 * with one line and a non-zero exit. Loopback only.
 */
class NodeProcessIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern READY = Pattern.compile(
            "\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"([0-9A-F]{64})\",\"udp_port\":(\\d+),\"address\":null,\"tcp_ports\":\\[]}");

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void announcesItselfKeepsItsKeyAndAnswersWithItsMotd() throws Exception {
        int port = freeUdpPort();
        Path keys = dir.resolve("node.keys");
        String[] args = {"--no-console", "--port", "" + port, "--keys", keys.toString(), "--events", "-", "--motd", "hello from parley-node"};

        Process first = start(args);
        Lines out = new Lines(first);
        Matcher ready = out.await(READY, DEADLINE);
        String key = ready.group(1);
        assertEquals(port, Integer.parseInt(ready.group(2)));
        assertTrue(out.firstJsonLine().contains("\"event\":\"ready\""), "ready is the first event: " + out.firstJsonLine());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals(64, Files.size(keys));

        String motd = bootstrapInfo(port);
        assertTrue(motd.contains("hello from parley-node"), motd);
        assertEquals("bootstrap", feature(first), "no profile, no console: the lean feature");
        stop(first);

        byte[] keyFile = Files.readAllBytes(keys);
        Process second = start(args);
        Matcher again = new Lines(second).await(READY, DEADLINE);
        assertEquals(key, again.group(1), "the DHT key is the same after a restart");
        stop(second);
        assertArrayEquals(keyFile, Files.readAllBytes(keys), "the key file is not rewritten");
        assertTrue(TestHomes.assertRealCacheUntouched() > 0, "the node's bundle cache is in the test's cache folder");
    }

    @Test
    void withoutAPortItTakesOneOfTheToxcoreRange() throws Exception {
        Process node = start("--no-console", "--keys", dir.resolve("k").toString(), "--events", "-", "--ipv4-only");
        int port = Integer.parseInt(new Lines(node).await(READY, DEADLINE).group(2));
        assertTrue(port >= 33445 && port <= 33545, "port " + port);
        stop(node);
    }

    /**
     * {@code --ipv4-only --tcp-port N}: the relay listens on IPv4 only (it once bound [::], a
     * dual-stack socket that took IPv6 clients too), says so in its log, and is in the ready event.
     */
    @Test
    void anIpv4OnlyRelayListensOnIpv4Only() throws Exception {
        int tcp;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            tcp = probe.getLocalPort();
        }
        Process node = start("--no-console", "--port", "" + freeUdpPort(), "--keys", dir.resolve("k").toString(),
                "--events", "-", "--ipv4-only", "--tcp-port", "" + tcp);
        Lines out = new Lines(node);
        Matcher log = out.await(Pattern.compile(".*TCP relay on \\[(.*)]"), DEADLINE);
        assertEquals("/0.0.0.0:" + tcp, log.group(1));
        out.await(Pattern.compile("\\{\"ts\":\\d+,\"event\":\"ready\",.*\"tcp_ports\":\\[" + tcp + "]}"), DEADLINE);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                new InetSocketAddress("127.0.0.1", tcp))) {
            assertTrue(ch.isConnected());
        }
        boolean ipv6;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            ipv6 = true;
        } catch (IOException none) {
            ipv6 = false;
        }
        if (ipv6) {
            try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                    new InetSocketAddress("::1", tcp))) {
                throw new AssertionError("an IPv6 client got in: " + ch);
            } catch (java.net.ConnectException refused) {
                // nothing listens on IPv6
            }
        }
        stop(node);
    }

    /**
     * Before the node applies its settings, the runtime's default socket takes the first free port
     * of 33445-33545; asking for exactly that port must still work (it once failed as "in use").
     */
    @Test
    void thePortTheDefaultSocketWouldTakeCanBeAskedFor() throws Exception {
        int firstFree = 33445;
        while (!udpPortFree(firstFree)) {
            firstFree++;
        }
        Process node = start("--no-console", "--port", "" + firstFree, "--keys", dir.resolve("k").toString(),
                "--events", "-");
        assertEquals(firstFree, Integer.parseInt(new Lines(node).await(READY, DEADLINE).group(2)));
        stop(node);
    }

    /** A profile named only in the config file still gets the whole node feature (it needs the Messenger). */
    @Test
    void aProfileInTheConfigFileStartsTheNodeFeature() throws Exception {
        Path config = dir.resolve("node.json");
        Files.writeString(config, "{ \"profile\": \"alice.tox\" }");
        Process node = start("--no-console", "--config", config.toString(), "--keys", dir.resolve("k").toString(),
                "--events", "-", "--ipv4-only");
        Matcher ready = new Lines(node).await(Pattern.compile("\\{\"ts\":\\d+,\"event\":\"ready\",.*\"address\":\"([0-9A-F]{76})\".*"),
                DEADLINE);
        assertEquals(76, ready.group(1).length());
        assertEquals("node", feature(node));
        stop(node);
    }

    @Test
    void aPortInUseIsOneClearLine() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0)) {
            Result r = runToEnd("--no-console", "--port", "" + taken.getLocalPort(), "--keys",
                    dir.resolve("k").toString());
            assertNotEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("could not open a UDP socket on port " + taken.getLocalPort()), r.output());
        }
    }

    private static boolean udpPortFree(int port) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(port)) {
            return true;
        } catch (java.net.SocketException inUse) {
            return false;
        }
    }

    @Test
    void badFlagsAreOneLineAndANonZeroExit() throws Exception {
        Result r = runToEnd("--no-console", "--keys", dir.resolve("k").toString(), "--prot", "1");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("parley-node: unknown option --prot (try --help)"), r.output());

        r = runToEnd("--no-console", "--keys", dir.resolve("k").toString(), "--bootstrap", "::1:33445:00");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("brackets"), r.output());
    }

    @Test
    void aCorruptKeyFileIsRefusedAndLeftAlone() throws Exception {
        Path keys = dir.resolve("broken.keys");
        byte[] junk = "not a key file".getBytes(StandardCharsets.UTF_8);
        Files.write(keys, junk);
        Result r = runToEnd("--no-console", "--keys", keys.toString(), "--events", "-");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("key file " + keys + " is corrupt"), r.output());
        assertTrue(!r.output().contains("\"event\":\"ready\""), r.output());
        assertArrayEquals(junk, Files.readAllBytes(keys));
    }

    @Test
    void helpListsTheNodeFlags() throws Exception {
        Result r = runToEnd("--help");
        assertEquals(0, r.exitCode());
        for (String flag : List.of("--config FILE", "--keys FILE", "--port N", "--bootstrap HOST:PORT:DHTKEY", "--nodes FILE",
                "--no-lan", "--ipv4-only", "--events FILE", "--motd TEXT")) {
            assertTrue(r.output().contains(flag), flag + " in\n" + r.output());
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The feature bin/parley-node chose, from the java command line it exec'd into. */
    private static String feature(Process p) {
        List<String> args = List.of(p.toHandle().info().arguments().orElseThrow());
        int i = args.lastIndexOf("--feature");
        assertTrue(i >= 0 && i + 1 < args.size(), "no --feature in " + args);
        return args.get(i + 1);
    }

    /** Sends a bootstrap info request (0xf0, 78 bytes) and returns the reply's MOTD text. */
    private static String bootstrapInfo(int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(500);
            byte[] request = new byte[78];
            request[0] = (byte) 0xf0;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                s.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                byte[] buf = new byte[1024];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(reply);
                } catch (java.net.SocketTimeoutException e) {
                    continue; // UDP: ask again until the deadline
                }
                if (reply.getLength() > 5 && buf[0] == (byte) 0xf0) {
                    return new String(buf, 5, reply.getLength() - 5, StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no bootstrap info reply within " + DEADLINE);
    }

    private static int freeUdpPort() {
        for (int i = 0; i < 100; i++) {
            int p = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (DatagramSocket s = new DatagramSocket(p)) {
                return p;
            } catch (SocketException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free UDP port");
    }

    private record Result(int exitCode, String output) {
    }

    private Process start(String... args) throws IOException {
        Path home = Distribution.home();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/parley-node").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        TestHomes.apply(builder, dir);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        started.add(process);
        return process;
    }

    private static void stop(Process p) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
    }

    private Result runToEnd(String... args) throws Exception {
        Process process = start(args);
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "did not finish");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** The process's output, line by line, read on a thread so waits have deadlines. */
    private static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder all = new StringBuilder();
        private String firstJson;

        Lines(Process process) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "parley-node-output");
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern wanted, Duration deadline) throws InterruptedException {
            long end = System.nanoTime() + deadline.toNanos();
            while (true) {
                String line = queue.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("not seen within " + deadline + ": " + wanted + "; output so far:\n" + all);
                }
                all.append(line).append('\n');
                if (firstJson == null && line.startsWith("{")) {
                    firstJson = line;
                }
                Matcher m = wanted.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
        }

        String firstJsonLine() {
            return firstJson;
        }
    }
}
