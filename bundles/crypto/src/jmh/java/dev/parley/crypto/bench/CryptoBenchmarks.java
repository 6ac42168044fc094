package dev.parley.crypto.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the crypto benchmarks and prints Parley next to libsodium, measured in the same run:
 * libsodium in C (sodium_bench.c, compiled here with cc) before and after the JMH run, and
 * libsodium through JNA inside JMH. Every figure is the best of its iterations (see below).
 * Writes the table to {@code <outDir>/results.md}.
 *
 * <p>Arguments: path of sodium_bench.c, output directory, seconds per iteration.
 */
public final class CryptoBenchmarks {

    private static final int[] SIZES = {100, 1024, 65536};
    private static int seconds = 1;

    private CryptoBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        seconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Files.createDirectories(outDir);

        Path exe = outDir.resolve("sodium_bench");
        run(List.of("cc", "-O2", "-o", exe.toString(), source.toString(), "-lsodium"));

        Map<String, Double> cBefore = runC(exe, seconds);

        Options options = new OptionsBuilder()
                .include(ParleyBenchmark.class.getName())
                .include(ParleyBeforenmBenchmark.class.getName())
                .include(LibsodiumJnaBenchmark.class.getName())
                .forks(2)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(6)
                .measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true)
                .build();
        Map<String, Double> parley = new LinkedHashMap<>();
        Map<String, Double> jna = new LinkedHashMap<>();
        for (RunResult r : new Runner(options).run()) {
            String benchmark = r.getParams().getBenchmark();
            String op = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String size = r.getParams().getParam("size");
            String key = op + " " + (size == null ? "32" : size);
            // The best measurement iteration: other load on the machine only ever slows a run down,
            // so the fastest iteration is the least disturbed estimate. The mean is in the JMH log.
            double score = r.getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(it -> it.getPrimaryResult().getScore())
                    .max().orElse(Double.NaN);
            (benchmark.contains("Libsodium") ? jna : parley).put(key, score);
        }

        Map<String, Double> cAfter = runC(exe, seconds);
        Map<String, Double> c = new LinkedHashMap<>();
        cBefore.forEach((k, v) -> c.put(k, Math.max(v, cAfter.getOrDefault(k, v))));

        String table = table(parley, c, jna, cBefore, cAfter);
        String report = environment() + "\n" + table;
        System.out.println();
        System.out.println(report);
        Files.writeString(outDir.resolve("results.md"), report);
    }

    private static String table(Map<String, Double> parley, Map<String, Double> c, Map<String, Double> jna,
            Map<String, Double> cBefore, Map<String, Double> cAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation | bytes | Parley ops/s | Parley MB/s | libsodium C ops/s | libsodium C MB/s "
                + "| Parley / C | libsodium JNA ops/s | Parley / JNA | C before / after JMH |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> keys = new ArrayList<>();
        for (String op : new String[] {"seal", "open"}) {
            for (int size : SIZES) {
                keys.add(op + " " + size);
            }
        }
        keys.add("beforenm 32");
        for (String key : keys) {
            String[] parts = key.split(" ");
            int bytes = Integer.parseInt(parts[1]);
            boolean perByte = !parts[0].equals("beforenm");
            double p = parley.getOrDefault(key, Double.NaN);
            double s = c.getOrDefault(key, Double.NaN);
            double j = jna.getOrDefault(key, Double.NaN);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %,.0f | %s | %.2f | %,.0f | %.2f | %,.0f / %,.0f |%n",
                    parts[0], perByte ? parts[1] : "-", p, perByte ? mbps(p, bytes) : "-", s,
                    perByte ? mbps(s, bytes) : "-", p / s, j, p / j,
                    cBefore.getOrDefault(key, Double.NaN), cAfter.getOrDefault(key, Double.NaN)));
        }
        sb.append("\nEach figure is the best iteration (JMH: 2 forks x 6 x " + seconds + " s after 3 warm-up iterations; "
                + "C: best of 6 x " + seconds + " s, run before and after JMH). MB/s = 10^6 plaintext bytes per second. \"seal\" is crypto_box_easy_afternm, \"open\" is "
                + "crypto_box_open_easy_afternm, \"beforenm\" is crypto_box_beforenm.\n");
        return sb.toString();
    }

    private static String mbps(double opsPerSecond, int bytes) {
        return String.format(Locale.ROOT, "%,.0f", opsPerSecond * bytes / 1e6);
    }

    private static String environment() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        return String.format(Locale.ROOT, "JVM: %s %s (%s); CPU: %s, %d hardware threads; OS: %s %s; "
                        + "system load average at the end: %.2f; libsodium %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vendor"), cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                sodiumVersion());
    }

    private static String sodiumVersion() {
        try {
            return com.sun.jna.NativeLibrary.getInstance(SodiumLibrary.name())
                    .getFunction("sodium_version_string").invokeString(new Object[0], false);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "(version unknown)";
        }
    }

    private static Map<String, Double> runC(Path exe, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(exe.toString(), Integer.toString(seconds), "6")
                .redirectErrorStream(true).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[sodium_bench] " + line);
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 3) {
                    out.put(parts[0] + " " + parts[1], Double.parseDouble(parts[2]));
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("sodium_bench failed");
        }
        return out;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command)
                    + " (the benchmark needs cc and libsodium-dev)");
        }
    }
}
