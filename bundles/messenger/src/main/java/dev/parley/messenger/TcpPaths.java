package dev.parley.messenger;

import dev.parley.dht.NodeInfo;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * TCP relays under the friend connections (the relay bundle's {@code RelayPaths} provides it):
 * the Messenger tells it which DHT keys to reach and which relays friends name, and asks it for
 * a net_crypto address through the relays when UDP finds none. Called on the node's loop.
 */
public interface TcpPaths {
    TcpPaths NONE = new TcpPaths() {
    };

    /** Start reaching the peer with this DHT key through relays. */
    default void addPeer(byte[] dhtKey) {
    }

    default void removePeer(byte[] dhtKey) {
    }

    /** A net_crypto address for the peer through relays, if one can carry packets now. */
    default Optional<InetSocketAddress> address(byte[] dhtKey) {
        return Optional.empty();
    }

    /** Whether {@code address} is one {@link #address} gives (the session runs over TCP). */
    default boolean isRelayAddress(InetSocketAddress address) {
        return false;
    }

    /** Relays a friend named (DHT-key announcement or share-relays packet). */
    default void addRelays(List<NodeInfo> relays) {
    }

    /** Our relays that are connected now, to share with friends. */
    default List<NodeInfo> ourRelays() {
        return List.of();
    }
}
