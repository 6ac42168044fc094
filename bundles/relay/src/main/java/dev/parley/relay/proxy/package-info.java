/**
 * Outgoing TCP through a proxy, as c-toxcore offers it: {@link dev.parley.relay.proxy.Proxy} (what
 * the user configured) and the two client handshakes, SOCKS5 without authentication and HTTP
 * CONNECT, as plain state machines that take the bytes the proxy sends and say what to write next.
 */
@Export
@Version("0.1.0")
package dev.parley.relay.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
