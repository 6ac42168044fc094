package dev.parley.itests.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test JVM's own network namespace, which itests/netns/bin/java makes (it sets PARLEY_NETNS and
 * leaves only {@code lo}). Tests that add interfaces or change {@code lo} do so only in there.
 */
public final class PrivateNetwork {

    private PrivateNetwork() {
    }

    /** The names of this JVM's network interfaces. */
    public static List<String> interfaces() {
        List<String> names = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                names.add(n.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Whether this JVM runs in a namespace of its own with nothing but {@code lo}. */
    public static boolean isOurs() {
        return "1".equals(System.getenv("PARLEY_NETNS")) && interfaces().equals(List.of("lo"));
    }

    /** Runs {@code ip} with these arguments, failing with its output unless it succeeds within 10 s. */
    public static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
