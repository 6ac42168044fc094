package dev.parley.relay;

import dev.parley.relay.wire.RelayPacket;

/**
 * Where the relay server sends the onion requests of its clients (c-toxcore's
 * {@code onion_send_1} with a TCP source). The implementation wraps the request as onion node 0
 * would, remembering {@code client} in the return data, and later calls
 * {@link RelayServer#onionResponse(long, byte[])} with the same handle.
 */
public interface RelayOnion {
    RelayOnion NONE = (client, request) -> false;

    /** @return false if the request was not sent */
    boolean send(long client, RelayPacket.OnionRequest request);
}
