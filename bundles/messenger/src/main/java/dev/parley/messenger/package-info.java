/**
 * The Messenger as plain Java: friend connections over onion, DHT and net_crypto, Messenger
 * packets, and the api's profile, friends and chat services ({@link dev.parley.messenger.Messenger}).
 * Exported for assembling nodes and for tests; users of Parley program against {@code dev.parley.api}.
 */
@Export
@Version("0.2.0")
package dev.parley.messenger;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
