package dev.parley.messenger.internal;

import dev.parley.api.friends.Connection;

/** Our own connection to the Tox network from what the node knows: plain logic for {@link AccountComponent}. */
final class SelfConnection {
    private SelfConnection() {
    }

    /**
     * @param dhtConnected the DHT has live nodes
     * @param udpAvailable a transport carries datagrams now (the DHT's view lags when UDP just went)
     * @param relayReady a TCP relay is connected
     */
    static Connection of(boolean dhtConnected, boolean udpAvailable, boolean relayReady) {
        if (dhtConnected && udpAvailable) {
            return Connection.UDP;
        }
        return relayReady ? Connection.TCP : Connection.NONE;
    }
}
