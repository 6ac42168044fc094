package dev.parley.itests.rig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The c-toxcore versions on this machine, where their test peer and tox-bootstrapd are, and how
 * to get a toxpeer binary for each.
 *
 * <p>{@code .ci/install-toxcore} puts each version under {@code <prefix>/<version>/} with a
 * {@code toxcore.properties} (version, source, include, lib, bootstrapd) and a prebuilt
 * {@code bin/toxpeer}. The prefix is the system property {@code parley.toxcore.prefix}, else the
 * environment variable {@code PARLEY_TOXCORE_PREFIX}, else {@code /opt/parley-toxcore}. A system
 * c-toxcore installed by hand (headers in /usr/include/tox) is found too, without a prebuilt peer.
 *
 * <p>When the prebuilt peer is missing or was built from another toxpeer.c than the one in this
 * jar, {@link Installation#peerBinary()} builds one with {@code cc} under
 * {@code parley.toxpeer.builddir} (default {@code target/toxpeer}).
 */
public final class Toxcore {

    /** The versions the rig expects on a machine set up by .ci/install-toxcore. */
    public static final List<String> EXPECTED_VERSIONS = List.of("0.2.18", "0.2.20");

    static final String PEER_SOURCE = "/dev/parley/itests/rig/toxpeer.c";

    private static List<Installation> cached;

    private Toxcore() {
    }

    /** One installed c-toxcore version. */
    public record Installation(String version, String source, Path home, Path includeDir, Path libDir,
                               Path prebuiltPeer, Path bootstrapd) {

        /** A toxpeer binary built from this jar's toxpeer.c against this version; builds it if needed. */
        public Path peerBinary() {
            return Toxcore.peerBinary(this);
        }

        /** True if this version has NGC groups (tox_group_*), i.e. 0.2.19 or newer. */
        public boolean hasNgc() {
            return compareVersions(version, "0.2.19") >= 0;
        }
    }

    /** What to tell someone whose machine lacks c-toxcore. */
    public static String installHint() {
        return "run `sudo .ci/install-toxcore` from the repository root (Debian 12 or 13): it installs "
                + "c-toxcore " + String.join(" and ", EXPECTED_VERSIONS) + ", tox-bootstrapd and the toxpeer test "
                + "peer under " + prefix();
    }

    public static Path prefix() {
        String p = System.getProperty("parley.toxcore.prefix");
        if (p == null || p.isBlank()) {
            p = System.getenv("PARLEY_TOXCORE_PREFIX");
        }
        if (p == null || p.isBlank()) {
            p = "/opt/parley-toxcore";
        }
        return Paths.get(p);
    }

    /** All installed versions, oldest first. */
    public static synchronized List<Installation> installed() {
        if (cached == null) {
            cached = List.copyOf(discover());
        }
        return cached;
    }

    public static Optional<Installation> find(String version) {
        return installed().stream().filter(i -> i.version().equals(version)).findFirst();
    }

    /** The installation of a version, or an AssertionError that says how to install it. */
    public static Installation require(String version) {
        return find(version).orElseThrow(() -> new AssertionError(
                "c-toxcore " + version + " is not installed (found: " + versions() + "); " + installHint()));
    }

    public static List<String> versions() {
        return installed().stream().map(Installation::version).toList();
    }

    /**
     * The versions every interop test runs against, for
     * {@code @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")}: all of
     * {@link #EXPECTED_VERSIONS}, so a missing installation fails its test (through
     * {@link #require}) instead of quietly shrinking the matrix.
     */
    public static List<String> requiredVersions() {
        return EXPECTED_VERSIONS;
    }

    /** A tox-bootstrapd that runs on this machine (Debian 13's does not run on Debian 12). */
    public static Path bootstrapd() {
        for (Installation i : installed()) {
            if (i.bootstrapd() != null && Files.isExecutable(i.bootstrapd())) {
                return i.bootstrapd();
            }
        }
        Path onPath = which("tox-bootstrapd");
        if (onPath != null) {
            return onPath;
        }
        throw new AssertionError("tox-bootstrapd is not installed; " + installHint());
    }

    /**
     * A helper program the tests need from a Debian package (a proxy server, say): its path, or an
     * assertion error naming the package (installed by {@code .ci/setup}).
     */
    public static String requireCommand(String program, String debianPackage) {
        Path p = which(program);
        if (p == null) {
            throw new AssertionError(program + " is not installed: run .ci/setup (Debian package " + debianPackage + ")");
        }
        return p.toString();
    }

    private static List<Installation> discover() {
        List<Installation> found = new ArrayList<>();
        Path prefix = prefix();
        if (Files.isDirectory(prefix)) {
            try (Stream<Path> dirs = Files.list(prefix)) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    Path props = dir.resolve("toxcore.properties");
                    if (Files.isRegularFile(props)) {
                        Installation i = fromProperties(dir, props);
                        if (i != null) {
                            found.add(i);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // A system c-toxcore that the script did not set up.
        Path header = Paths.get("/usr/include/tox/tox.h");
        String sysVersion = headerVersion(header);
        if (sysVersion != null && found.stream().noneMatch(i -> i.version().equals(sysVersion))) {
            Path lib = systemLibDir();
            if (lib != null) {
                found.add(new Installation(sysVersion, "system", null, Paths.get("/usr/include"), lib, null,
                        which("tox-bootstrapd")));
            }
        }
        found.sort(Comparator.comparing(Installation::version, Toxcore::compareVersions));
        return found;
    }

    private static Installation fromProperties(Path dir, Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = p.getProperty("version", "").trim();
        String lib = p.getProperty("lib", "").trim();
        String include = p.getProperty("include", "").trim();
        if (version.isEmpty() || lib.isEmpty() || include.isEmpty()) {
            return null;
        }
        String bsd = p.getProperty("bootstrapd", "").trim();
        Path peer = dir.resolve("bin/toxpeer");
        return new Installation(version, p.getProperty("source", "").trim(), dir, Paths.get(include), Paths.get(lib),
                Files.isExecutable(peer) ? peer : null, bsd.isEmpty() ? null : Paths.get(bsd));
    }

    static String headerVersion(Path toxH) {
        if (!Files.isRegularFile(toxH)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(toxH, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
        String[] parts = new String[3];
        String[] names = {"MAJOR", "MINOR", "PATCH"};
        for (int k = 0; k < 3; k++) {
            Matcher m = Pattern.compile("#define\\s+TOX_VERSION_" + names[k] + "\\s+(\\d+)").matcher(text);
            if (!m.find()) {
                return null;
            }
            parts[k] = m.group(1);
        }
        return String.join(".", parts);
    }

    private static Path systemLibDir() {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Paths.get("/usr/lib"))) {
            dirs.filter(Files::isDirectory).forEach(candidates::add);
        } catch (IOException e) {
            // no /usr/lib: nothing to find
        }
        candidates.add(Paths.get("/usr/lib"));
        for (Path d : candidates) {
            if (Files.exists(d.resolve("libtoxcore.so"))) {
                return d;
            }
        }
        return null;
    }

    private static Path which(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Paths.get(d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Compares dotted version numbers numerically. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    // --- the peer binary ------------------------------------------------------------------------

    static byte[] peerSource() {
        try (InputStream in = Toxcore.class.getResourceAsStream(PEER_SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("toxpeer.c is missing from the classpath at " + PEER_SOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Path peerBinary(Installation inst) {
        byte[] source = peerSource();
        String sum = sha256(source);
        Path pre = inst.prebuiltPeer();
        if (pre != null && Files.isExecutable(pre)) {
            Path stamp = pre.resolveSibling("toxpeer.source-sha256");
            try {
                if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equalsIgnoreCase(sum)) {
                    return pre;
                }
            } catch (IOException e) {
                // fall through to building one
            }
        }
        Path header = inst.includeDir().resolve("tox/tox.h");
        Path cc = which("cc");
        if (cc == null || !Files.isRegularFile(header)) {
            if (pre != null && Files.isExecutable(pre)) {
                System.err.println("[rig] warning: using " + pre + ", built from another toxpeer.c (no cc or headers"
                        + " to build this one)");
                return pre;
            }
            throw new AssertionError("no toxpeer for c-toxcore " + inst.version() + " and no way to build one (cc: "
                    + cc + ", " + header + " present: " + Files.isRegularFile(header) + "); " + installHint());
        }
        Path buildRoot = Paths.get(System.getProperty("parley.toxpeer.builddir", "target/toxpeer")).toAbsolutePath();
        Path dir = buildRoot.resolve(inst.version() + "-" + sum.substring(0, 12));
        Path out = dir.resolve("toxpeer");
        if (Files.isExecutable(out)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve("toxpeer.c");
            Files.write(src, source);
            Path tmp = dir.resolve("toxpeer.tmp");
            String lib = inst.libDir().toString();
            List<String> cmd = List.of(cc.toString(), "-std=c11", "-O2", "-g", "-Wall", "-Wextra",
                    "-D_POSIX_C_SOURCE=200809L", "-I" + inst.includeDir(), "-o", tmp.toString(), src.toString(),
                    "-L" + lib, "-Wl,--disable-new-dtags,-rpath," + lib, "-ltoxcore");
            Path buildLog = dir.resolve("build.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(buildLog.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("building toxpeer timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("building toxpeer for c-toxcore " + inst.version() + " failed: " + cmd
                        + "\n" + Files.readString(buildLog));
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
