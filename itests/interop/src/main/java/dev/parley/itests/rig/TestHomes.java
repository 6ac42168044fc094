package dev.parley.itests.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keeps the Parley processes that tests launch out of the real home: their XDG cache, config and
 * data folders lie under the build's target directory. The launcher keeps its bundle cache
 * ({@code parley/framework}) and {@code bin/parley} its class-data archive ({@code parley/cds})
 * under {@code $XDG_CACHE_HOME}, so a launch without it fills the real {@code ~/.cache/parley}.
 *
 * <p>The build (root pom, Failsafe) gives the test JVM {@code XDG_CACHE_HOME},
 * {@code XDG_CONFIG_HOME} and {@code XDG_DATA_HOME} under its module's {@code target/xdg/};
 * launched processes share that cache (so the second launch reuses the bundle cache as a person's
 * does) and get config and data folders of their own. Run outside the build (an IDE), the cache
 * is {@code target/xdg/cache} of the working directory.
 */
public final class TestHomes {

    private TestHomes() {
    }

    /** The cache folder launched processes use: the test JVM's {@code XDG_CACHE_HOME} when it is not the real one. */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute() && !Path.of(xdg).normalize().equals(realCacheHome())) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.dir"), "target", "xdg", "cache").toAbsolutePath();
    }

    /** {@code ~/.cache} of the real home. */
    public static Path realCacheHome() {
        return Path.of(System.getProperty("user.home"), ".cache").toAbsolutePath().normalize();
    }

    /**
     * Points a process at folders under the test's directories: {@code XDG_CACHE_HOME} at
     * {@link #cacheHome()}, {@code XDG_CONFIG_HOME} at {@code dir/config} and
     * {@code XDG_DATA_HOME} at {@code dir/data}.
     */
    public static ProcessBuilder apply(ProcessBuilder builder, Path dir) {
        Map<String, String> env = builder.environment();
        env.put("XDG_CACHE_HOME", cacheHome().toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toAbsolutePath().toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toAbsolutePath().toString());
        return builder;
    }

    /**
     * Checks that what the launched processes put in their cache ({@code parley/framework/*},
     * {@code parley/cds/*}: the names carry a digest of this build's distribution) has no twin in
     * the real {@code ~/.cache/parley}, which other programs on the machine may use meanwhile.
     *
     * @return how many entries of the test's cache were checked (0: no process wrote one)
     * @throws AssertionError naming the first entry found in the real cache
     */
    public static int assertRealCacheUntouched() {
        Path mine = cacheHome().resolve("parley");
        Path real = realCacheHome().resolve("parley");
        if (mine.normalize().equals(real)) {
            throw new AssertionError("the test's cache is the real one: " + real);
        }
        int checked = 0;
        for (String folder : List.of("framework", "cds")) {
            for (String name : names(mine.resolve(folder))) {
                if (name.equals("tmp")) {
                    continue; // storages of second instances, named by their process: nothing to compare
                }
                checked++;
                Path twin = real.resolve(folder).resolve(name);
                if (Files.exists(twin)) {
                    throw new AssertionError("a launched process wrote into the real home's cache: " + twin
                            + " (the test's own is " + mine.resolve(folder).resolve(name) + ")");
                }
            }
        }
        return checked;
    }

    private static List<String> names(Path folder) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> out.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new AssertionError("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }
}
