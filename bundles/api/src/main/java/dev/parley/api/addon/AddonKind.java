package dev.parley.api.addon;

import java.util.Locale;

/** What an add-on contributes, as its {@value AddonHeaders#KIND} header says. */
public enum AddonKind {
    /** Registers {@link Bot} services. */
    BOT,
    /** Registers {@link Theme} services. */
    THEME,
    /** Provides a network transport. */
    TRANSPORT,
    /** Provides an audio or video codec. */
    CODEC,
    /** Anything else, or no kind declared. */
    OTHER;

    /** The kind a header value names (case-insensitive); {@link #OTHER} for anything unknown or missing. */
    public static AddonKind parse(String header) {
        if (header == null || header.isBlank()) {
            return OTHER;
        }
        try {
            return valueOf(header.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    /** The header spelling: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
