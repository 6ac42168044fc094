package dev.parley.addons.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the manager remembers across restarts, kept beside the jars in a hidden properties file:
 * each add-on's id, whether it is enabled, and why it was disabled. Written atomically.
 */
final class StateFile {

    /** Hidden, so the folder scan never takes it for an add-on. */
    static final String NAME = ".parley-addons.properties";

    record Saved(int id, String file, boolean enabled, Optional<String> reason) {
    }

    private final Path file;

    StateFile(Path folder) {
        this.file = folder.resolve(NAME);
    }

    /** The remembered add-ons by file name, and the next free id. A missing or unreadable file is an empty state. */
    Loaded load() {
        Map<String, Saved> byFile = new LinkedHashMap<>();
        int next = 1;
        if (!Files.isRegularFile(file)) {
            return new Loaded(byFile, next);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return new Loaded(byFile, next);
        }
        next = parse(p.getProperty("next.id"), 1);
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("addon.") && key.endsWith(".file")) {
                int id = parse(key.substring("addon.".length(), key.length() - ".file".length()), -1);
                if (id <= 0) {
                    continue;
                }
                String f = p.getProperty(key);
                boolean enabled = !"false".equals(p.getProperty("addon." + id + ".enabled"));
                Optional<String> reason = Optional.ofNullable(p.getProperty("addon." + id + ".reason"));
                byFile.put(f, new Saved(id, f, enabled, reason));
                next = Math.max(next, id + 1);
            }
        }
        return new Loaded(byFile, next);
    }

    record Loaded(Map<String, Saved> byFile, int nextId) {
    }

    void save(Iterable<Saved> addons, int nextId) {
        Properties p = new Properties();
        p.setProperty("next.id", Integer.toString(nextId));
        for (Saved s : addons) {
            p.setProperty("addon." + s.id() + ".file", s.file());
            p.setProperty("addon." + s.id() + ".enabled", Boolean.toString(s.enabled()));
            s.reason().ifPresent(r -> p.setProperty("addon." + s.id() + ".reason", r));
        }
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".parley-addons-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Parley add-ons: ids and enabled flags (written by the add-on manager)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
        }
    }

    private static int parse(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
