package dev.parley.runtime;

import dev.parley.api.ParleyRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runtime facts read from framework properties set by the launcher.
 *
 * <p>Arguments travel as one property, separated by the ASCII unit separator (U+001F), which
 * cannot be typed into a shell argument by accident.
 */
record RuntimeFacts(String version, String feature, Path dataDirectory, Optional<Path> installDirectory,
        List<String> arguments) implements ParleyRuntime {

    static final String VERSION = "parley.version";
    static final String FEATURE = "parley.feature";
    static final String DATA_DIR = "parley.data.dir";
    static final String INSTALL_DIR = "parley.install.dir";
    static final String ARGS = "parley.args";
    static final char ARG_SEPARATOR = '\u001f';

    RuntimeFacts {
        arguments = List.copyOf(arguments);
    }

    /** Reads the facts; a property the launcher did not set gets a sensible default. */
    static RuntimeFacts from(Function<String, String> property, Map<String, String> environment) {
        String version = orDefault(property.apply(VERSION), "unknown");
        String feature = orDefault(property.apply(FEATURE), "embedded");
        String dataDir = property.apply(DATA_DIR);
        Path data = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir) : defaultDataDirectory(environment);
        String installDir = property.apply(INSTALL_DIR);
        Optional<Path> install = installDir == null || installDir.isBlank() ? Optional.empty() : Optional.of(Path.of(installDir));
        String args = property.apply(ARGS);
        List<String> arguments = args == null || args.isEmpty()
                ? List.of()
                : Arrays.asList(args.split(String.valueOf(ARG_SEPARATOR), -1));
        return new RuntimeFacts(version, feature, data, install, arguments);
    }

    /** The XDG data folder: {@code $XDG_DATA_HOME/parley}, else {@code ~/.local/share/parley}. */
    static Path defaultDataDirectory(Map<String, String> environment) {
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "parley");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "parley");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
