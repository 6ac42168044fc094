package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the shipped desktop feature (features/src/main/features, read as the launcher reads it)
 * starts, and in which order: what the launch time depends on.
 */
class DesktopFeatureTest {

    private static final Path FEATURES = Path.of("../../features/src/main/features");

    private static List<String> artifacts(Feature feature) {
        return feature.bundles().stream().map(b -> b.id().artifactId()).toList();
    }

    private static int startOrder(Feature feature, String artifactId) {
        return feature.bundles().stream().filter(b -> b.id().artifactId().equals(artifactId)).findFirst()
                .orElseThrow(() -> new AssertionError(artifactId + " is not in " + feature.name()))
                .startOrder();
    }

    @Test
    void theDesktopStartsNoGogoUnlessAConsoleIsAskedFor() {
        assertTrue(Files.isDirectory(FEATURES), FEATURES.toAbsolutePath().toString());
        FeatureReader reader = new FeatureReader(FEATURES);
        List<String> desktop = artifacts(reader.read("desktop"));
        assertTrue(desktop.contains("parley-shell-swt"), desktop.toString());
        assertTrue(desktop.stream().noneMatch(a -> a.startsWith("org.apache.felix.gogo")), desktop.toString());
        List<String> withConsole = artifacts(reader.read("desktop+console"));
        assertTrue(withConsole.containsAll(List.of("org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
                "org.apache.felix.gogo.shell")), withConsole.toString());
        List<String> node = artifacts(reader.read("node"));
        assertTrue(node.containsAll(List.of("org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
                "parley-console")), node.toString());
    }

    @Test
    void theWindowsBundleStartsWithSwtRightAfterDeclarativeServicesAndBeforeTheMessenger() {
        Feature desktop = new FeatureReader(FEATURES).read("desktop");
        int shell = startOrder(desktop, "parley-shell-swt");
        assertEquals(startOrder(desktop, "org.eclipse.swt"), shell);
        assertTrue(startOrder(desktop, "org.apache.felix.scr") < shell);
        assertTrue(shell < startOrder(desktop, "parley-messenger"));
    }

    @Test
    void theMessengerAndTheNodesLoopStartBeforeTheNetworking() {
        Feature desktop = new FeatureReader(FEATURES).read("desktop");
        int messenger = startOrder(desktop, "parley-messenger");
        assertTrue(startOrder(desktop, "parley-net") <= messenger);
        for (String networking : List.of("parley-transport-udp", "parley-dht", "parley-onion", "parley-netcrypto",
                "parley-relay")) {
            assertTrue(messenger < startOrder(desktop, networking), networking);
        }
    }
}
