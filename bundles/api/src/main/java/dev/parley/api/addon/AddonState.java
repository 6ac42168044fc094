package dev.parley.api.addon;

/** Where an add-on stands. */
public enum AddonState {
    /** Enabled and running. */
    ACTIVE,
    /** Installed but switched off, by the user or because it misbehaved (see {@link Addon#error()}). */
    DISABLED,
    /** Enabled, but it could not be installed, resolved or started; {@link Addon#error()} says why. */
    FAILED
}
