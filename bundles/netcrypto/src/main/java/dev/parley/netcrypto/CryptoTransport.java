package dev.parley.netcrypto;

import java.net.InetSocketAddress;

/**
 * Where a session's datagrams go. Over UDP this is {@link dev.parley.net.PacketNetwork#send}; a TCP
 * relay can stand in later with addresses of its own making.
 */
@FunctionalInterface
public interface CryptoTransport {
    /** Sends one packet (its first byte is the kind); false if it could not be handed on. */
    boolean send(InetSocketAddress to, byte[] packet);
}
