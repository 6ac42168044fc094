package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    /** The bundles start on their own thread; one that fails still ends the launch, with code 3. */
    @Test
    void aBundleThatFailsToStartEndsTheLaunchWithCode3() throws Exception {
        Path home = dir.resolve("home");
        TestBundles.jar(home.resolve("bundles/good-1.jar"), "test.good", Map.of());
        TestBundles.jar(home.resolve("bundles/bad-1.jar"), "test.bad", Map.of("Bundle-Activator", "test.bad.Missing"));
        Files.createDirectories(home.resolve("features"));
        Files.writeString(home.resolve("features/f.json"), "{ \"id\": \"g:f:osgifeature:f:1\", \"bundles\": ["
                + "{\"id\": \"g:good:1\", \"start-order\": 1}, {\"id\": \"g:bad:1\", \"start-order\": 2} ] }");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        Path cache = dir.resolve("cache");

        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(new String[] {
            "--home", home.toString(), "--feature", "f", "--no-console", "--cache-dir", cache.toString()}, out, out));

        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, text);
        assertTrue(text.contains("feature f failed to start") && text.contains("test.bad.Missing"), text);
        try (Stream<Path> files = Files.walk(cache)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().equals(FrameworkCache.COMPLETE_MARKER)),
                    "a launch that failed does not leave its bundle cache to be reused");
        }
    }
}
