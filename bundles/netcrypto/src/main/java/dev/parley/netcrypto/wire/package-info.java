/**
 * net_crypto packets as immutable records: {@code decode(ByteBuf)} / {@code encode(ByteBuf)} for
 * the outer packet, {@code seal}/{@code open} for the encrypted part, and the byte table in each
 * javadoc. Decoders throw {@link dev.parley.netcrypto.wire.MalformedPacketException} for input that
 * does not fit and nothing else; opening with the wrong key gives an empty result.
 *
 * <p>Numbers inside the encrypted data packet are big-endian (network order), as in c-toxcore.
 * The 8-byte cookie request number is opaque: whatever the requester put there is echoed back.
 */
@Export
@Version("0.1.0")
package dev.parley.netcrypto.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
