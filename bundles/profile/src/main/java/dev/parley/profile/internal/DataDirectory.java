package dev.parley.profile.internal;

import java.nio.file.Path;
import java.util.Map;

/** Where profiles live by default, after the XDG base directory specification. */
public final class DataDirectory {
    public static final String APP = "parley";

    private DataDirectory() {
    }

    /**
     * {@code $XDG_DATA_HOME/parley} if that variable holds an absolute path (the specification
     * says to ignore relative ones), else {@code <home>/.local/share/parley}.
     */
    public static Path resolve(Map<String, String> env, String home) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            Path p = Path.of(xdg);
            if (p.isAbsolute()) {
                return p.resolve(APP);
            }
        }
        if (home == null || home.isEmpty()) {
            throw new IllegalStateException("neither XDG_DATA_HOME nor a home directory is set");
        }
        return Path.of(home, ".local", "share", APP);
    }
}
