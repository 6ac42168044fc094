package dev.parley.messenger.internal;

import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A profile's settings on disk: {@code NAME.settings} beside {@code NAME.tox}, a properties file
 * written to a temporary file and moved into place atomically. A value that does not parse falls
 * back to its default (and is logged); a node that does not parse is left out.
 */
final class SettingsFile {
    private static final Logger LOG = Logger.getLogger(SettingsFile.class.getName());
    static final String SUFFIX = ".settings";

    private SettingsFile() {
    }

    static Path of(Path profileDir, String profile) {
        return profileDir.resolve(profile + SUFFIX);
    }

    /** The saved settings, or empty when the profile has none yet. */
    static Optional<Settings> load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warning("settings: cannot read " + file + ", using defaults: " + e.getMessage());
            return Optional.empty();
        }
        Settings d = Settings.defaults();
        List<BootstrapNode> nodes = nodes(p, "bootstrap", file);
        List<BootstrapNode> relays = nodes(p, "relay", file);
        ProxySetting proxy = ProxySetting.NONE;
        ProxySetting.Type type = ProxySetting.Type.parse(p.getProperty("proxy.type"));
        if (type != ProxySetting.Type.NONE) {
            try {
                proxy = new ProxySetting(type, p.getProperty("proxy.host"),
                        Integer.parseInt(p.getProperty("proxy.port", "0").strip()));
            } catch (IllegalArgumentException e) {
                LOG.warning("settings: " + file + ": proxy left out: " + e.getMessage());
            }
        }
        return Optional.of(new Settings(flag(p, "udp", d.udp()), flag(p, "ipv6", d.ipv6()),
                flag(p, "lan_discovery", d.lanDiscovery()), proxy, nodes, relays,
                flag(p, "notifications", d.notifications()), p.getProperty("theme", d.theme())));
    }

    /** {@code PREFIX.0}, {@code PREFIX.1}, ... up to the first missing one; one that does not parse is left out. */
    private static List<BootstrapNode> nodes(Properties p, String prefix, Path file) {
        List<BootstrapNode> nodes = new ArrayList<>();
        for (int i = 0; p.getProperty(prefix + "." + i) != null; i++) {
            try {
                nodes.add(BootstrapNode.parse(p.getProperty(prefix + "." + i)));
            } catch (IllegalArgumentException e) {
                LOG.warning("settings: " + file + ": " + prefix + "." + i + " left out: " + e.getMessage());
            }
        }
        return nodes;
    }

    private static boolean flag(Properties p, String key, boolean otherwise) {
        String v = p.getProperty(key);
        return v == null ? otherwise : Boolean.parseBoolean(v.strip());
    }

    static void save(Path file, Settings s) {
        Properties p = new Properties();
        p.setProperty("udp", Boolean.toString(s.udp()));
        p.setProperty("ipv6", Boolean.toString(s.ipv6()));
        p.setProperty("lan_discovery", Boolean.toString(s.lanDiscovery()));
        p.setProperty("proxy.type", s.proxy().type().name());
        if (s.proxy().type() != ProxySetting.Type.NONE) {
            p.setProperty("proxy.host", s.proxy().host());
            p.setProperty("proxy.port", Integer.toString(s.proxy().port()));
        }
        for (int i = 0; i < s.bootstrap().size(); i++) {
            p.setProperty("bootstrap." + i, s.bootstrap().get(i).toString());
        }
        for (int i = 0; i < s.relays().size(); i++) {
            p.setProperty("relay." + i, s.relays().get(i).toString());
        }
        p.setProperty("notifications", Boolean.toString(s.notifications()));
        p.setProperty("theme", s.theme());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.store(out, "Parley settings of this profile");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
        }
    }
}
