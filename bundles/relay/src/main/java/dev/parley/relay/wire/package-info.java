/** Wire records of the Tox TCP relay: handshake, framing and the packets inside frames. */
@Export
@Version("0.1.0")
package dev.parley.relay.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
