package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.parley.launcher.Feature.FeatureBundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

class FrameworkCacheTest {

    @TempDir
    Path dir;

    @Test
    void aCompleteStorageIsReusedByTheNextLaunch() throws Exception {
        List<Path> files = List.of(file("lib/launcher.jar", "a"), file("bundles/one.jar", "b"));
        Path storage;
        try (FrameworkCache first = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            assertTrue(first.persistent());
            assertFalse(first.reused(), "nothing to reuse the first time");
            storage = first.storage();
            Files.createDirectories(storage);
            first.markComplete();
        }
        try (FrameworkCache second = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            assertTrue(second.reused());
            assertEquals(storage, second.storage());
            assertTrue(storage.startsWith(dir.resolve("cache")), "inside the cache folder: " + storage);
        }
    }

    @Test
    void aChangedFileMakesAFreshStorageAndTheOldOneGoes() throws Exception {
        Path launcher = file("lib/launcher.jar", "a");
        List<Path> files = List.of(launcher, file("bundles/one.jar", "b"));
        Path old;
        try (FrameworkCache first = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            old = Files.createDirectories(first.storage());
            first.markComplete();
        }
        Files.writeString(launcher, "a newer launcher");
        try (FrameworkCache second = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            assertFalse(second.reused());
            assertNotEquals(old, second.storage());
            assertFalse(Files.exists(old), "the storage of the old distribution is deleted");
        }
        // same size, newer time: still another distribution
        Files.setLastModifiedTime(launcher, FileTime.fromMillis(Files.getLastModifiedTime(launcher).toMillis() + 5_000));
        assertNotEquals(FrameworkCache.key("desktop", files), keyBefore(files, launcher));
    }

    @Test
    void anotherFeatureHasItsOwnStorage() throws Exception {
        List<Path> files = List.of(file("lib/launcher.jar", "a"));
        try (FrameworkCache desktop = FrameworkCache.open(dir.resolve("cache"), "desktop", files);
                FrameworkCache node = FrameworkCache.open(dir.resolve("cache"), "node", files)) {
            assertTrue(desktop.persistent());
            assertTrue(node.persistent());
            assertNotEquals(desktop.storage(), node.storage());
        }
    }

    @Test
    void aSecondInstanceGetsATemporaryStorageThatGoesWithIt() throws Exception {
        List<Path> files = List.of(file("lib/launcher.jar", "a"));
        try (FrameworkCache first = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            Path tmp;
            try (FrameworkCache second = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
                assertFalse(second.persistent(), "the shared storage is locked by the first");
                assertFalse(second.reused());
                tmp = second.storage();
                assertNotEquals(first.storage(), tmp);
                assertTrue(tmp.startsWith(dir.resolve("cache")), "still inside the cache folder: " + tmp);
                Files.writeString(tmp.resolve("something"), "x");
                second.markComplete(); // no effect on a temporary storage
            }
            assertFalse(Files.exists(tmp), "deleted when the second instance ends");
            assertTrue(first.persistent());
        }
    }

    @Test
    void anIncompleteStorageIsWipedNotReused() throws Exception {
        List<Path> files = List.of(file("lib/launcher.jar", "a"));
        Path leftover;
        try (FrameworkCache first = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            leftover = Files.writeString(Files.createDirectories(first.storage()).resolve("half-installed"), "x");
            // the launch died before markComplete
        }
        try (FrameworkCache second = FrameworkCache.open(dir.resolve("cache"), "desktop", files)) {
            assertFalse(second.reused());
            assertFalse(Files.exists(leftover));
        }
    }

    @Test
    void aTemporaryStorageOfAProcessThatDiedIsDeleted() throws Exception {
        Path abandoned = Files.createDirectories(dir.resolve("cache/framework/tmp/" + deadPid() + "-desktop-1"));
        Path alive = Files.createDirectories(dir.resolve("cache/framework/tmp/" + ProcessHandle.current().pid() + "-desktop-2"));
        try (FrameworkCache cache = FrameworkCache.open(dir.resolve("cache"), "desktop", List.of(file("lib/l.jar", "a")))) {
            assertFalse(Files.exists(abandoned));
            assertTrue(Files.exists(alive), "a running process's storage stays");
        }
    }

    /**
     * The framework over a reused storage: the feature's bundles are not installed again, a bundle
     * the last run installed besides them (an add-on) is gone, and all start as on a fresh storage.
     */
    @Test
    void aLaunchOverAReusedStorageKeepsTheFeatureAndDropsTheRest() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("home/bundles"));
        bundle(bundles.resolve("one-1.jar"), "test.one");
        bundle(bundles.resolve("two-1.jar"), "test.two");
        Path addon = bundle(dir.resolve("addon.jar"), "test.addon");
        Feature feature = new Feature("f", List.of(new FeatureBundle(ArtifactId.parse("g:one:1"), 1),
                new FeatureBundle(ArtifactId.parse("g:two:1"), 2)), Map.of());
        List<Path> files = List.of(bundles.resolve("one-1.jar"), bundles.resolve("two-1.jar"));

        Map<String, Long> firstRun = new HashMap<>();
        try (FrameworkCache cache = FrameworkCache.open(dir.resolve("cache"), "f", files)) {
            Launch launch = new Launch(feature, bundles, properties(cache), log());
            Framework framework = launch.start();
            cache.markComplete();
            for (Bundle b : framework.getBundleContext().getBundles()) {
                firstRun.put(b.getSymbolicName(), b.getLastModified());
            }
            framework.getBundleContext().installBundle(addon.toUri().toString()).start();
            assertTrue(launch.stop());
        }
        try (FrameworkCache cache = FrameworkCache.open(dir.resolve("cache"), "f", files)) {
            assertTrue(cache.reused());
            Launch launch = new Launch(feature, bundles, properties(cache), log());
            Framework framework = launch.start();
            List<String> names = new ArrayList<>();
            for (Bundle b : framework.getBundleContext().getBundles()) {
                if (b.getBundleId() != 0) {
                    names.add(b.getSymbolicName());
                    assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
                    assertEquals(firstRun.get(b.getSymbolicName()), b.getLastModified(),
                            b.getSymbolicName() + " was taken from the cache, not installed again");
                }
            }
            assertEquals(List.of("test.one", "test.two"), names);
            assertTrue(launch.stop());
        }
    }

    private static Map<String, String> properties(FrameworkCache cache) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", cache.storage().toString());
        p.put("org.osgi.framework.storage.clean", cache.reused() ? "none" : "onFirstInit");
        return p;
    }

    private static PrintStream log() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private static Path bundle(Path jar, String symbolicName) throws IOException {
        return TestBundles.jar(jar, symbolicName, Map.of());
    }

    private String keyBefore(List<Path> files, Path changed) throws IOException {
        // the key as it was before the last change: recompute with the time moved back
        FileTime now = Files.getLastModifiedTime(changed);
        Files.setLastModifiedTime(changed, FileTime.fromMillis(now.toMillis() - 5_000));
        String key = FrameworkCache.key("desktop", files);
        Files.setLastModifiedTime(changed, now);
        return key;
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve("home").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** A process id no process has now. */
    private static long deadPid() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            long max = all.mapToLong(ProcessHandle::pid).max().orElse(1);
            return max + 100_000;
        }
    }
}
