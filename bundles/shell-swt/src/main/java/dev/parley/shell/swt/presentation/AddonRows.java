package dev.parley.shell.swt.presentation;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonState;

/** How the Add-ons page shows an add-on, and which of its actions make sense now. */
public final class AddonRows {
    private AddonRows() {
    }

    /** The state as the person reads it. */
    public static String state(Addon a) {
        return switch (a.state()) {
            case ACTIVE -> "Active";
            case DISABLED -> "Disabled";
            case FAILED -> "Failed";
        };
    }

    /** Table cells: name, kind, version, state. */
    public static String[] cells(Addon a) {
        String kind = a.info().kind().label();
        return new String[] {a.info().name(), Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
            a.info().version(), state(a)};
    }

    /** The detail lines under the table. */
    public static String details(Addon a) {
        StringBuilder b = new StringBuilder();
        b.append(a.info().description().isEmpty() ? "No description." : a.info().description());
        b.append("\nBy ").append(a.info().author().isEmpty() ? "an unknown author" : a.info().author());
        b.append(" · Licence: ").append(a.info().license().isEmpty() ? "not stated" : a.info().license());
        b.append(" · ").append(a.file());
        a.error().ifPresent(e -> b.append("\nProblem: ").append(e));
        return b.toString();
    }

    /** A stable text mirror of one row, for tests and screen readers: {@code name|kind|version|state|error}. */
    public static String mirror(Addon a) {
        return a.info().name() + "|" + a.info().kind().label() + "|" + a.info().version() + "|"
                + a.state().name().toLowerCase(java.util.Locale.ROOT) + "|" + a.error().orElse("");
    }

    public static boolean canEnable(Addon a) {
        return a.state() != AddonState.ACTIVE;
    }

    public static boolean canDisable(Addon a) {
        return a.state() != AddonState.DISABLED;
    }
}
