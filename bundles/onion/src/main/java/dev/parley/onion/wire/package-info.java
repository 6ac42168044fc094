/**
 * Onion, announce and onion-data packets as immutable records with {@code decode}/{@code encode}
 * and the byte table in each javadoc. Decoders throw
 * {@link dev.parley.dht.wire.MalformedPacketException} for input that does not fit, nothing else;
 * opening a box with the wrong key gives an empty result.
 */
@Export
@Version("0.1.0")
package dev.parley.onion.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
