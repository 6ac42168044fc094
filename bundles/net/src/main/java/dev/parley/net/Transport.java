package dev.parley.net;

import dev.parley.api.transport.DatagramTransport;

/**
 * Carries datagrams for one node: the api's transport SPI ({@link DatagramTransport}) as the
 * protocol code names it. UDP ({@link UdpTransport}) and the in-memory {@link SimulatedNetwork}
 * implement it; {@link PacketNetwork} moves each received datagram onto the node's event loop.
 */
public interface Transport extends DatagramTransport {
}
