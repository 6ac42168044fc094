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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/parley-node as a person runs it: version, help, the console, Ctrl-C, and refused features. */
class DistributionIT {

    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void printsItsVersionAndHelp() throws Exception {
        Result version = runToEnd(Distribution.home(), "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.output().matches("parley-node \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), version.output());

        Result help = runToEnd(Distribution.home(), "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("Usage: parley-node"), help.output());
        assertTrue(help.output().contains("--no-console"), help.output());
    }

    @Test
    void theConsoleListsEveryBundleActiveAndCtrlCStopsWithinFiveSeconds() throws Exception {
        Process node = start(Distribution.home());
        Lines lines = new Lines(node);
        OutputStream console = node.getOutputStream();

        lines.await(line -> line.contains("Welcome to Apache Felix Gogo"), START_DEADLINE);
        console.write("lb\n".getBytes(StandardCharsets.UTF_8));
        console.flush();
        List<String> listing = lines.collectUntil(line -> line.contains("Apache Felix Gogo Shell"), START_DEADLINE);

        List<String> bundleRows = listing.stream().filter(line -> line.matches("\\s*\\d+\\|.*")).toList();
        int expected = Distribution.feature("node").bundles().size() + 1; // plus the system bundle
        assertEquals(expected, bundleRows.size(), String.join("\n", listing));
        assertTrue(bundleRows.stream().allMatch(row -> row.contains("|Active")), String.join("\n", bundleRows));
        assertTrue(bundleRows.stream().anyMatch(row -> row.contains("Parley runtime")), String.join("\n", bundleRows));

        long before = System.nanoTime();
        new ProcessBuilder("kill", "-TERM", Long.toString(node.pid())).start().waitFor();
        assertTrue(node.waitFor(5, TimeUnit.SECONDS), "still running 5 s after SIGTERM");
        long millis = (System.nanoTime() - before) / 1_000_000;
        System.out.println("parley-node stopped " + millis + " ms after SIGTERM, exit code " + node.exitValue());
    }

    @Test
    void aFeatureNamingAMissingBundleIsRefusedNamingIt(@TempDir Path home) throws Exception {
        copyDistribution(home);
        Files.writeString(home.resolve("features/broken.json"),
                "{ \"id\": \"x:y:osgifeature:broken:1\", \"bundles\": [\"com.example:not-there:1.0\"] }");

        Result result = runToEnd(home, "--feature", "broken", "--no-console");

        assertEquals(3, result.exitCode());
        assertTrue(result.output().contains("bundle com.example:not-there:1.0 is missing"), result.output());
    }

    @Test
    void aFeatureWithAnUnresolvableBundleIsRefusedNamingTheRequirement(@TempDir Path home) throws Exception {
        copyDistribution(home);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "dev.parley.itest.unresolvable");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "com.example.nowhere;version=\"[1,2)\"");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("bundles/unresolvable-1.0.jar")), manifest)) {
            jar.flush();
        }
        Files.writeString(home.resolve("features/broken.json"),
                "{ \"id\": \"x:y:osgifeature:broken:1\", \"bundles\": [\"dev.parley.itest:unresolvable:1.0\"], "
                        + "\"extensions\": {\"dev.parley.includes\": {\"kind\": \"mandatory\", \"type\": \"artifacts\", "
                        + "\"artifacts\": [\"dev.parley:parley-features:osgifeature:core:1\"]}} }");

        Result result = runToEnd(home, "--feature", "broken", "--no-console");

        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("bundle dev.parley.itest:unresolvable:1.0"), result.output());
        assertTrue(result.output().contains("com.example.nowhere"), result.output());
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Result(int exitCode, String output) {
    }

    private Process start(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/parley-node").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        TestHomes.apply(builder, home);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Result runToEnd(Path home, String... args) throws Exception {
        Process process = start(home, args);
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS), "did not finish");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void copyDistribution(Path target) throws IOException {
        Path source = Distribution.home();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The process's output, line by line, read on a thread so waits can have deadlines. */
    private static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder all = new StringBuilder();

        Lines(Process process) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            }, "parley-node-output");
            reader.setDaemon(true);
            reader.start();
        }

        void await(Predicate<String> wanted, Duration deadline) throws InterruptedException {
            collectUntil(wanted, deadline);
        }

        List<String> collectUntil(Predicate<String> wanted, Duration deadline) throws InterruptedException {
            List<String> lines = new ArrayList<>();
            long end = System.nanoTime() + deadline.toNanos();
            while (true) {
                String line = queue.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("not seen within " + deadline + "; output so far:\n" + all);
                }
                all.append(line).append('\n');
                lines.add(line);
                if (wanted.test(line)) {
                    return lines;
                }
            }
        }
    }
}
