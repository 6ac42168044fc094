package dev.parley.dht;

import java.net.InetSocketAddress;

/** A DHT node as the DHT passes it around: its key and the address it was reached at. */
public record NodeInfo(DhtKey key, InetSocketAddress address) {
}
