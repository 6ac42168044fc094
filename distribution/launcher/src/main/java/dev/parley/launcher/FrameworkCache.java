package dev.parley.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the OSGi framework keeps its installed bundles, so that a second launch finds them there
 * instead of copying every jar (and SWT's native libraries) into a fresh folder.
 *
 * <p>Layout under the cache folder ({@code $XDG_CACHE_HOME/parley} by default):
 * {@code framework/<feature>-<key>/} is the framework storage, {@code framework/<feature>-<key>.lock}
 * its lock. The key is a digest of the feature's name and of the name, size and modification time
 * of every file that makes the framework (the launcher's {@code lib/} and the feature's bundle
 * jars), so an updated distribution gets a fresh storage, and the storages of older keys of the
 * same feature are deleted. A storage is reused only once a launch has marked it complete
 * ({@link #markComplete}); a launch that died half way leaves one that the next launch wipes.
 *
 * <p>One process at a time owns a storage (the lock is held until {@link #close}); a second
 * instance started meanwhile gets a storage of its own under {@code framework/tmp/}, deleted when
 * it ends (and, should it die, by a later launch, once its process is gone).
 */
final class FrameworkCache implements AutoCloseable {

    static final String COMPLETE_MARKER = "parley-complete";
    private static final String TMP = "tmp";

    private final Path storage;
    private final boolean reusable;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private FrameworkCache(Path storage, boolean reusable, FileChannel lockChannel, FileLock lock) {
        this.storage = storage;
        this.reusable = reusable;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * The framework storage for one feature made of {@code files}, under {@code cacheRoot}.
     *
     * @throws IOException if the cache folder cannot be made or written
     */
    static FrameworkCache open(Path cacheRoot, String feature, List<Path> files) throws IOException {
        Path folder = Files.createDirectories(cacheRoot.resolve("framework"));
        String name = safeName(feature) + "-" + key(feature, files);
        Path lockFile = folder.resolve(name + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            return temporary(folder, feature);
        }
        try {
            deleteOtherKeys(folder, safeName(feature), name);
            deleteAbandonedTemporaries(folder.resolve(TMP));
            Path storage = folder.resolve(name);
            boolean complete = Files.isRegularFile(storage.resolve(COMPLETE_MARKER));
            if (!complete) {
                deleteTree(storage);
            }
            return new FrameworkCache(storage, complete, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A storage of this process only, for when another instance owns the shared one. */
    private static FrameworkCache temporary(Path folder, String feature) throws IOException {
        Path tmp = Files.createDirectories(folder.resolve(TMP));
        Path storage = Files.createTempDirectory(tmp, ProcessHandle.current().pid() + "-" + safeName(feature) + "-");
        return new FrameworkCache(storage, false, null, null);
    }

    /** A fresh storage in the system's temporary folder, for when no cache folder can be used. */
    static FrameworkCache systemTemporary() throws IOException {
        return new FrameworkCache(Files.createTempDirectory("parley-osgi-"), false, null, null);
    }

    /** The folder to hand the framework as {@code org.osgi.framework.storage}. */
    Path storage() {
        return storage;
    }

    /** Whether the storage holds the bundles of a complete earlier launch (else the framework starts it clean). */
    boolean reused() {
        return reusable;
    }

    /** Whether the storage outlives this process. */
    boolean persistent() {
        return lock != null;
    }

    /** Records that every bundle of the feature is installed, so later launches may reuse the storage. */
    void markComplete() throws IOException {
        if (persistent() && !reusable) {
            Files.writeString(storage.resolve(COMPLETE_MARKER), "", StandardCharsets.UTF_8);
        }
    }

    /** Gives the storage back: unlocks a shared one, deletes a temporary one. */
    @Override
    public void close() {
        if (lock == null) {
            deleteTree(storage);
            return;
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** Storages of the same feature under other keys (an earlier distribution), unless in use. */
    private static void deleteOtherKeys(Path folder, String feature, String keep) throws IOException {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, feature + "-*.lock")) {
            entries.forEach(others::add);
        }
        for (Path lockFile : others) {
            String name = lockFile.getFileName().toString();
            name = name.substring(0, name.length() - ".lock".length());
            if (name.equals(keep) || !name.matches(java.util.regex.Pattern.quote(feature) + "-[0-9a-f]{16}")) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock other = tryLock(channel);
                if (other != null) {
                    deleteTree(folder.resolve(name));
                    other.release();
                }
            } catch (IOException ignored) {
                // left for a later launch
            }
        }
    }

    /** Temporary storages whose process is gone (it died before it could delete its own). */
    private static void deleteAbandonedTemporaries(Path tmp) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
            stream.forEach(entries::add);
        }
        for (Path entry : entries) {
            Optional<Long> pid = pidOf(entry.getFileName().toString());
            if (pid.isPresent() && ProcessHandle.of(pid.get()).isEmpty()) {
                deleteTree(entry);
            }
        }
    }

    private static Optional<Long> pidOf(String name) {
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Optional.of(Long.parseLong(name.substring(0, dash))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A digest of the feature's name and of every file's name, size and modification time. */
    static String key(String feature, List<Path> files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(feature.getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                String entry = "\n" + file.getFileName() + "\t" + Files.size(file) + "\t"
                        + Files.getLastModifiedTime(file).toMillis();
                digest.update(entry.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** The files of a folder, sorted by name (empty if there is no such folder). */
    static List<Path> filesOf(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static String safeName(String feature) {
        return feature.replaceAll("[^A-Za-z0-9._+]", "_");
    }

    static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a cache: what is left is deleted by a later launch or by the person
        }
    }
}
