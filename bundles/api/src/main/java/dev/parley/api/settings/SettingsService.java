package dev.parley.api.settings;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The open profile's settings. Each profile keeps its own, saved beside it (written atomically)
 * and applied when it opens.
 *
 * <p>What a change does without a restart of Parley: bootstrap nodes and LAN discovery restart the
 * node's DHT and with it the Messenger; UDP on or off opens or closes the UDP socket and restarts
 * the Messenger; IPv6 reopens the UDP socket under the running node; a proxy or TCP relay change
 * restarts the Messenger, whose relay connections then go to those relays, through that proxy.
 * Friends reconnect within seconds and, where the Messenger restarted, the api's profile, friends
 * and chat services are published anew. Notifications and theme are read by the shells.
 *
 * <p>Methods may block briefly on disk.
 */
@ProviderType
public interface SettingsService {

    /** The open profile's settings; {@link Settings#defaults()} (with any command-line nodes) when none is open. */
    Settings settings();

    /**
     * Stores {@code settings} for the open profile and applies what changed.
     *
     * @return the settings now in force
     * @throws IllegalStateException when no profile is open
     * @throws java.io.UncheckedIOException when they cannot be saved (nothing is applied then)
     */
    Settings update(Settings settings);
}
