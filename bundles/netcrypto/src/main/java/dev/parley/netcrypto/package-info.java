/**
 * net_crypto sessions as c-toxcore speaks them: {@link dev.parley.netcrypto.NetCrypto} owns one
 * node's sessions on its event loop, {@link dev.parley.netcrypto.CryptoSession} is one encrypted
 * session to a peer, and {@link dev.parley.netcrypto.CryptoTransport} is where datagrams go, so the
 * TCP relay can carry them later. Wire records live in {@code dev.parley.netcrypto.wire}.
 */
@Export
@Version("0.3.0")
package dev.parley.netcrypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
