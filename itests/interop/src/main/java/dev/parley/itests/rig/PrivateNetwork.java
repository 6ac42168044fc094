package dev.parley.itests.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
}
