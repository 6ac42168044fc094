package dev.parley.addons.internal;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonException;
import dev.parley.api.addon.AddonInfo;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.addon.AddonState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The add-on manager's logic, on a {@link BundleHost}. The add-ons folder is the single source of
 * truth: an add-on is a jar in it (not hidden, ending in {@code .jar}); installing from elsewhere
 * copies the jar in, uninstalling deletes it. {@link #scan()} makes the framework follow the
 * folder (a new jar is installed, a changed one updated, a deleted one uninstalled) once a file has
 * looked the same for two scans in a row, so a jar still being copied is not taken. Ids and
 * enabled flags are kept in {@link StateFile}, so both survive restarts.
 *
 * <p>Every method is synchronized: the folder scan, the console, the shells and the bot
 * dispatcher's reports are applied one at a time. {@code changed} is called with the new list
 * after every change, under the lock; it must only hand it on.
 */
final class Addons implements AddonManager {

    private static final Logger LOG = Logger.getLogger(Addons.class.getName());

    private record Fingerprint(long size, long modified) {
    }

    private static final class Entry {
        final int id;
        final String file;
        AddonInfo info;
        Long bundleId;
        boolean enabled;
        AddonState state;
        String error;
        Fingerprint fingerprint;

        Entry(int id, String file) {
            this.id = id;
            this.file = file;
        }

        Addon snapshot() {
            return new Addon(id, file, info, state, Optional.ofNullable(error));
        }
    }

    private final Path folder;
    private final BundleHost host;
    private final StateFile stateFile;
    private final Consumer<List<Addon>> changed;
    private final Map<Integer, Entry> byId = new TreeMap<>();
    private final Map<String, Fingerprint> lastScan = new HashMap<>();
    private Map<String, StateFile.Saved> remembered = Map.of();
    private int nextId = 1;
    private boolean started;

    Addons(Path folder, BundleHost host, Consumer<List<Addon>> changed) {
        this.folder = folder.toAbsolutePath().normalize();
        this.host = host;
        this.stateFile = new StateFile(this.folder);
        this.changed = changed;
    }

    /** Reads the remembered state and installs every jar in the folder, starting the enabled ones. */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "add-ons: cannot create " + folder + ": " + e.getMessage());
        }
        StateFile.Loaded loaded = stateFile.load();
        remembered = loaded.byFile();
        nextId = loaded.nextId();
        Map<String, Fingerprint> now = jars();
        // Files present at start are complete: take them all at once, then retry the failed ones
        // (one add-on may need another installed after it).
        lastScan.putAll(now);
        for (Map.Entry<String, Fingerprint> e : now.entrySet()) {
            adopt(e.getKey(), e.getValue());
        }
        retryFailed();
        remembered = Map.of();
        persist();
        publish();
    }

    /** Follows the folder: what changed since the last scan and then stayed the same is applied. */
    synchronized void scan() {
        if (!started) {
            start();
            return;
        }
        Map<String, Fingerprint> now = jars();
        boolean any = false;
        for (Map.Entry<String, Fingerprint> e : now.entrySet()) {
            String file = e.getKey();
            Fingerprint fp = e.getValue();
            if (!fp.equals(lastScan.get(file))) {
                continue; // new or still changing: wait for the next scan
            }
            Entry entry = byFile(file);
            if (entry == null) {
                adopt(file, fp);
                any = true;
            } else if (!fp.equals(entry.fingerprint)) {
                entry.fingerprint = fp;
                reload(entry);
                any = true;
            }
        }
        for (Entry entry : List.copyOf(byId.values())) {
            if (!now.containsKey(entry.file)) {
                drop(entry);
                any = true;
            }
        }
        lastScan.clear();
        lastScan.putAll(now);
        if (any) {
            retryFailed();
            persist();
            publish();
        }
    }

    // Reads start the manager too: asked before its own thread got to it, the list would be empty.
    @Override
    public synchronized List<Addon> list() {
        ensureStarted();
        return byId.values().stream().map(Entry::snapshot).toList();
    }

    @Override
    public synchronized Optional<Addon> get(int id) {
        ensureStarted();
        return Optional.ofNullable(byId.get(id)).map(Entry::snapshot);
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public synchronized Addon install(Path jar) {
        ensureStarted();
        Path source = readable(jar);
        AddonInfo info = requireBundle(source);
        for (Entry e : byId.values()) {
            if (e.info.symbolicName().equals(info.symbolicName())) {
                throw new AddonException(info.symbolicName() + " is already installed as add-on " + e.id
                        + " (use update)");
            }
        }
        String name = source.getFileName().toString();
        if (folder.equals(source.getParent()) && name.endsWith(".jar") && !name.startsWith(".")) {
            // Already in the folder (the scan has not taken it yet): take it as it is.
            Entry entry = adopt(name, fingerprint(source));
            lastScan.put(name, entry.fingerprint);
            retryFailed();
            persist();
            publish();
            return entry.snapshot();
        }
        if (!name.endsWith(".jar") || name.startsWith(".")) {
            name = info.symbolicName() + "-" + info.version() + ".jar";
        }
        Path target = folder.resolve(name);
        if (byFile(name) != null || Files.exists(target)) {
            throw new AddonException("the add-ons folder already has a file " + name);
        }
        copyInto(source, target);
        Fingerprint fp = fingerprint(target);
        lastScan.put(name, fp);
        Entry entry = adopt(name, fp);
        retryFailed();
        persist();
        publish();
        return entry.snapshot();
    }

    @Override
    public synchronized Addon update(int id, Path jar) {
        ensureStarted();
        Entry entry = entry(id);
        Path source = readable(jar);
        AddonInfo info = requireBundle(source);
        if (!entry.info.symbolicName().isEmpty() && !entry.info.symbolicName().equals(info.symbolicName())) {
            throw new AddonException(source.getFileName() + " is " + info.symbolicName() + ", not "
                    + entry.info.symbolicName() + " (add-on " + id + ")");
        }
        Path target = folder.resolve(entry.file);
        copyInto(source, target);
        entry.fingerprint = fingerprint(target);
        lastScan.put(entry.file, entry.fingerprint);
        reload(entry);
        retryFailed();
        persist();
        publish();
        return entry.snapshot();
    }

    @Override
    public synchronized Addon enable(int id) {
        ensureStarted();
        Entry entry = entry(id);
        entry.enabled = true;
        entry.error = null;
        if (entry.bundleId == null || !host.exists(entry.bundleId)) {
            install(entry);
        }
        if (entry.bundleId != null) {
            startBundle(entry);
        }
        retryFailed();
        persist();
        publish();
        return entry.snapshot();
    }

    @Override
    public synchronized Addon disable(int id) {
        ensureStarted();
        Entry entry = entry(id);
        switchOff(entry, null);
        persist();
        publish();
        return entry.snapshot();
    }

    /**
     * Disables the add-on that installed bundle {@code bundleId}, recording why (a bot misbehaved).
     * False if no add-on owns that bundle.
     */
    synchronized boolean disableBundle(long bundleId, String reason) {
        for (Entry entry : byId.values()) {
            if (entry.bundleId != null && entry.bundleId == bundleId) {
                switchOff(entry, reason);
                persist();
                publish();
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void uninstall(int id) {
        ensureStarted();
        Entry entry = entry(id);
        drop(entry);
        try {
            Files.deleteIfExists(folder.resolve(entry.file));
        } catch (IOException e) {
            throw new AddonException("uninstalled, but cannot delete " + entry.file + ": " + e.getMessage(), e);
        } finally {
            lastScan.remove(entry.file);
            persist();
            publish();
        }
    }

    // ---- internals (all under the lock) ----

    private void ensureStarted() {
        if (!started) {
            start();
        }
    }

    private Entry entry(int id) {
        Entry e = byId.get(id);
        if (e == null) {
            throw new AddonException("no add-on " + id);
        }
        return e;
    }

    private Entry byFile(String file) {
        for (Entry e : byId.values()) {
            if (e.file.equals(file)) {
                return e;
            }
        }
        return null;
    }

    /** A jar found in the folder becomes an add-on: installed, and started if enabled. */
    private Entry adopt(String file, Fingerprint fp) {
        StateFile.Saved saved = remembered.get(file);
        int id = saved != null && !byId.containsKey(saved.id()) ? saved.id() : nextId;
        nextId = Math.max(nextId, id + 1);
        Entry entry = new Entry(id, file);
        entry.enabled = saved == null || saved.enabled();
        entry.error = saved == null || saved.enabled() ? null : saved.reason().orElse(null);
        entry.fingerprint = fp;
        byId.put(id, entry);
        entry.info = readInfo(folder.resolve(file));
        Entry twin = null;
        for (Entry other : byId.values()) {
            if (other != entry && !entry.info.symbolicName().isEmpty()
                    && other.info.symbolicName().equals(entry.info.symbolicName())) {
                twin = other;
            }
        }
        Optional<String> internals = internals(folder.resolve(file));
        if (entry.info.symbolicName().isEmpty()) {
            fail(entry, "not an OSGi bundle (no Bundle-SymbolicName)");
        } else if (internals.isPresent()) {
            fail(entry, internals.get());
        } else if (twin != null) {
            fail(entry, "the same add-on as " + twin.id + " (" + twin.file + "); remove one of the files");
        } else {
            install(entry);
            if (entry.bundleId != null) {
                if (entry.enabled) {
                    startBundle(entry);
                } else {
                    entry.state = AddonState.DISABLED;
                }
            }
        }
        return entry;
    }

    private void install(Entry entry) {
        Path path = folder.resolve(entry.file);
        try (InputStream in = Files.newInputStream(path)) {
            entry.bundleId = host.install(path.toUri().toString(), in);
        } catch (IOException e) {
            fail(entry, "cannot read " + entry.file + ": " + e.getMessage());
        } catch (AddonException e) {
            fail(entry, e.getMessage());
        }
    }

    private void startBundle(Entry entry) {
        try {
            host.start(entry.bundleId);
            entry.state = AddonState.ACTIVE;
            entry.error = null;
        } catch (AddonException e) {
            fail(entry, e.getMessage());
        }
    }

    private void fail(Entry entry, String why) {
        entry.state = entry.enabled ? AddonState.FAILED : AddonState.DISABLED;
        entry.error = why;
        LOG.warning(() -> "add-on " + entry.id + " (" + entry.file + "): " + why);
    }

    private void switchOff(Entry entry, String reason) {
        entry.enabled = false;
        entry.error = reason;
        entry.state = AddonState.DISABLED;
        if (entry.bundleId != null) {
            try {
                host.stop(entry.bundleId);
            } catch (AddonException e) {
                entry.error = (reason == null ? "" : reason + "; ") + e.getMessage();
            }
        }
    }

    /** The jar changed: stop, replace the bundle's content, start again if enabled. */
    private void reload(Entry entry) {
        AddonInfo info = readInfo(folder.resolve(entry.file));
        Optional<String> internals = internals(folder.resolve(entry.file));
        if (internals.isPresent()) {
            if (entry.bundleId != null) {
                uninstallQuietly(entry);
            }
            entry.info = info;
            fail(entry, internals.get());
            return;
        }
        if (entry.bundleId == null || !host.exists(entry.bundleId)
                || !info.symbolicName().equals(entry.info.symbolicName())) {
            // Never installed (it failed), or it became another bundle: install afresh.
            if (entry.bundleId != null) {
                uninstallQuietly(entry);
            }
            entry.info = info;
            entry.error = null;
            if (info.symbolicName().isEmpty()) {
                fail(entry, "not an OSGi bundle (no Bundle-SymbolicName)");
                return;
            }
            install(entry);
            if (entry.bundleId != null) {
                if (entry.enabled) {
                    startBundle(entry);
                } else {
                    entry.state = AddonState.DISABLED;
                }
            }
            return;
        }
        entry.info = info;
        Path path = folder.resolve(entry.file);
        try (InputStream in = Files.newInputStream(path)) {
            host.stop(entry.bundleId);
            host.update(entry.bundleId, in);
        } catch (IOException e) {
            fail(entry, "cannot read " + entry.file + ": " + e.getMessage());
            return;
        } catch (AddonException e) {
            fail(entry, e.getMessage());
            return;
        }
        if (entry.enabled) {
            startBundle(entry);
        } else {
            entry.state = AddonState.DISABLED;
        }
    }

    /** The jar is gone: uninstall its bundle and forget it. */
    private void drop(Entry entry) {
        if (entry.bundleId != null) {
            uninstallQuietly(entry);
        }
        byId.remove(entry.id);
    }

    private void uninstallQuietly(Entry entry) {
        try {
            host.uninstall(entry.bundleId);
        } catch (AddonException e) {
            LOG.log(Level.WARNING, "add-on " + entry.id + ": " + e.getMessage());
        }
        entry.bundleId = null;
    }

    /** Enabled add-ons that failed to start are tried again (something they need may have arrived). */
    private void retryFailed() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Entry e : byId.values()) {
                if (e.enabled && e.state == AddonState.FAILED && e.bundleId != null && host.exists(e.bundleId)) {
                    try {
                        host.start(e.bundleId);
                        e.state = AddonState.ACTIVE;
                        e.error = null;
                        progress = true;
                    } catch (AddonException again) {
                        e.error = again.getMessage();
                    }
                }
            }
        }
    }

    private void persist() {
        List<StateFile.Saved> all = new ArrayList<>();
        for (Entry e : byId.values()) {
            all.add(new StateFile.Saved(e.id, e.file, e.enabled,
                    e.enabled ? Optional.empty() : Optional.ofNullable(e.error)));
        }
        try {
            stateFile.save(all, nextId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "add-ons: " + e.getMessage());
        }
    }

    private void publish() {
        try {
            changed.accept(list());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "add-ons: a change listener failed: " + e, e);
        }
    }

    private Map<String, Fingerprint> jars() {
        Map<String, Fingerprint> found = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(p -> {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && n.endsWith(".jar") && Files.isRegularFile(p)) {
                    Fingerprint fp = fingerprint(p);
                    if (fp != null) {
                        found.put(n, fp);
                    }
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "add-ons: cannot list " + folder + ": " + e.getMessage());
        }
        return found;
    }

    private static Fingerprint fingerprint(Path p) {
        try {
            return new Fingerprint(Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    private static Path readable(Path jar) {
        Path p = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new AddonException("no such file: " + jar);
        }
        return p;
    }

    private static AddonInfo requireBundle(Path jar) {
        AddonInfo info = readInfo(jar);
        if (info.symbolicName().isEmpty()) {
            throw new AddonException(jar.getFileName() + " is not an OSGi bundle (no Bundle-SymbolicName)");
        }
        Optional<String> internals = internals(jar);
        if (internals.isPresent()) {
            throw new AddonException(jar.getFileName() + " " + internals.get());
        }
        return info;
    }

    /** Whether the jar's manifest reaches past the api (see {@link ApiOnly}). */
    static Optional<String> internals(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            return m == null ? Optional.empty() : ApiOnly.violation(name -> m.getMainAttributes().getValue(name));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The add-on's headers straight from the jar, so even one that never installs is described. */
    static AddonInfo readInfo(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            if (m == null) {
                return AddonInfo.fromHeaders(Map.of());
            }
            return AddonInfo.fromHeaders(name -> m.getMainAttributes().getValue(name));
        } catch (IOException | RuntimeException e) {
            return AddonInfo.fromHeaders(Map.of());
        }
    }

    /** Copies next to the target under a hidden name, then moves it into place in one step. */
    private void copyInto(Path source, Path target) {
        try {
            Path tmp = Files.createTempFile(folder, ".incoming-", ".part");
            try {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new AddonException("cannot copy " + source.getFileName() + " into " + folder + ": " + e.getMessage(), e);
        }
    }
}
