package dev.parley.api.settings;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The open profile's settings. Each profile keeps its own, saved beside it (written atomically)
 * and applied when it opens.
 *
 * <p>What a change does without a restart of Parley: bootstrap nodes, LAN discovery, IPv6 and UDP
 * reconfigure the network, which restarts the node's DHT (IPv6: also its UDP socket) and with it
 * the Messenger, so friends reconnect within seconds and the api's profile, friends and chat
 * services are published anew. The proxy is stored and offered here to the transports that
 * support one. Notifications and theme are read by the shells.
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
