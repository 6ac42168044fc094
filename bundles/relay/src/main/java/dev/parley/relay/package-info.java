/** The Tox TCP relay server: {@link dev.parley.relay.RelayServer} on {@link dev.parley.relay.TcpRelayTransport}. */
@Export
@Version("0.2.0")
package dev.parley.relay;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
