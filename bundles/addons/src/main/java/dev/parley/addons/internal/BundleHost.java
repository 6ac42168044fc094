package dev.parley.addons.internal;

import dev.parley.api.addon.AddonException;
import java.io.InputStream;

/**
 * The few framework operations the add-on manager needs, so that its logic runs without a
 * framework in unit tests. Every failure is an {@link AddonException} with a one-line message.
 */
interface BundleHost {

    /** Installs a bundle; returns its bundle id. */
    long install(String location, InputStream content);

    /** Starts it (persistently: it stays started while the framework runs). */
    void start(long bundleId);

    void stop(long bundleId);

    /** Replaces its content (stopped first by the caller) and refreshes the wiring. */
    void update(long bundleId, InputStream content);

    /** Uninstalls it and refreshes the wiring. */
    void uninstall(long bundleId);

    /** Whether the bundle is still installed. */
    boolean exists(long bundleId);
}
