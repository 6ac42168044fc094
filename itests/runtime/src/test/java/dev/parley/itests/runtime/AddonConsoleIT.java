package dev.parley.itests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.TestHomes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The addon:* console commands of bin/parley-node, and installs surviving a restart: add-ons
 * installed, disabled and refused from the console are listed the same (ids, states) after the
 * node is stopped and started again; remove deletes the jar.
 */
class AddonConsoleIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void consoleCommandsAndARestart() throws Exception {
        copyDistribution(home);
        Path echo = sample("parley-echo-bot");
        Path theme = sample("parley-dark-theme");

        Node node = new Node(start());
        node.await("Welcome to Apache Felix Gogo");
        assertEquals("1\tactive\tbot\tEcho bot", node.run("addon:install " + echo, "1\t").substring(0, 21));
        assertTrue(node.run("addon:install " + theme, "2\t").startsWith("2\tactive\ttheme\tDark theme\t"));
        assertTrue(node.run("addon:disable 2", "2\t").startsWith("2\tdisabled\ttheme\t"));
        assertEquals("error: no such file: /nowhere/x.jar", node.run("addon:install /nowhere/x.jar", "error"));
        assertEquals("error: " + theme.getFileName() + " is dev.parley.dark-theme, not dev.parley.echo-bot (add-on 1)",
                node.run("addon:update 1 " + theme, "error"));
        assertEquals("error: no add-on 9", node.run("addon:enable 9", "error"));
        assertTrue(Files.exists(home.resolve("addons").resolve(echo.getFileName())));
        node.stop();

        Node again = new Node(start());
        again.await("Welcome to Apache Felix Gogo");
        List<String> list = again.runAll("addon:list", 2);
        assertTrue(list.get(0).startsWith("1\tactive\tbot\tEcho bot\t"), list.toString());
        assertTrue(list.get(1).startsWith("2\tdisabled\ttheme\tDark theme\t"), list.toString());
        String lb = String.join("\n", again.runAll("lb", line -> line.contains("Echo bot"))); // installed after the theme (file name order)
        assertTrue(lb.matches("(?s).*\\|Active\\s*\\|.*\\|Echo bot.*"), lb);
        assertTrue(lb.matches("(?s).*\\|(Installed|Resolved)\\s*\\|.*\\|Dark theme.*"), lb); // not started
        assertEquals("removed\t1", again.run("addon:remove 1", "removed"));
        assertTrue(again.runAll("addon:list", 1).get(0).startsWith("2\tdisabled"));
        assertTrue(!Files.exists(home.resolve("addons").resolve(echo.getFileName())), "the jar is deleted");
        again.stop();
    }

    private Path sample(String artifact) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("samples"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst().orElseThrow();
        }
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/parley-node").toString()).redirectErrorStream(true);
        TestHomes.apply(builder, home);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** A node with its console: commands in, lines out (the "g! " prompt stripped). */
    private static final class Node {
        private final Process process;
        private final OutputStream in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder all = new StringBuilder();

        Node(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        while (line.startsWith("g! ")) {
                            line = line.substring(3);
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // ended
                }
            }, "parley-node-output");
            reader.setDaemon(true);
            reader.start();
        }

        String await(String prefix) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line starting with " + prefix + " within " + DEADLINE + "; output:\n" + all);
                }
                all.append(line).append('\n');
                if (line.startsWith(prefix) || line.contains(prefix) && prefix.startsWith("Welcome")) {
                    return line;
                }
            }
        }

        String run(String command, String answerPrefix) throws Exception {
            send(command);
            return await(answerPrefix);
        }

        List<String> runAll(String command, int count) throws Exception {
            send(command);
            List<String> out = new ArrayList<>();
            while (out.size() < count) {
                String line = await("");
                if (line.matches("\\d+\t.*")) { // add-on lines; the node's own messages are skipped
                    out.add(line);
                }
            }
            return out;
        }

        List<String> runAll(String command, java.util.function.Predicate<String> last) throws Exception {
            send(command);
            List<String> out = new ArrayList<>();
            while (true) {
                String line = await("");
                out.add(line);
                if (last.test(line)) {
                    return out;
                }
            }
        }

        private void send(String command) throws IOException {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        void stop() throws Exception {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
        }
    }

    private static void copyDistribution(Path target) throws IOException {
        Path source = Distribution.home();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
