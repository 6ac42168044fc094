package dev.parley.onion;

import dev.parley.dht.NodeInfo;
import java.util.List;

/**
 * TCP relays as the first hop of onion paths (c-toxcore's onion over TCP): the relay acts as
 * onion node 0 for a request it gets as packet kind 8, so a path is a relay and two DHT nodes,
 * and the packet handed to the relay is already sealed for the second node. Implemented next to
 * the relay client; all calls on the node's loop.
 */
public interface TcpOnion {

    /** Relays ready for onion requests now: their DHT key and TCP address. */
    List<NodeInfo> readyRelays();

    /**
     * Sends an onion request through the relay with key {@code relay}: {@code nonce} (24 bytes),
     * then {@code payload} = packed address of the second node, its temporary key and the box.
     *
     * @return false if that relay is not ready
     */
    boolean send(NodeInfo relay, byte[] nonce, byte[] payload);
}
