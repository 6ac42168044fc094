/**
 * The Tox DHT as other protocol bundles use it: {@link dev.parley.dht.DhtService} (bootstrap,
 * find a friend's IP by DHT key, the close list, DHT request packets),
 * {@link dev.parley.dht.DhtKey} and {@link dev.parley.dht.NodeInfo}, and {@link dev.parley.dht.Dht}
 * to start a node on a {@link dev.parley.net.PacketNetwork}. Wire records live in
 * {@code dev.parley.dht.wire}.
 */
@Export
@Version("0.3.0")
package dev.parley.dht;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
