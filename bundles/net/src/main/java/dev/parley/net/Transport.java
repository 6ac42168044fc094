package dev.parley.net;

import java.net.InetSocketAddress;

/**
 * Carries datagrams for one node. UDP is one implementation; others (in-memory, later maybe
 * others) plug in here. A transport may call its receiver on any thread; {@link PacketNetwork}
 * moves each datagram onto the node's event loop.
 */
public interface Transport extends AutoCloseable {

    /** Receives datagrams; {@code data} belongs to the receiver. */
    @FunctionalInterface
    interface Receiver {
        void receive(InetSocketAddress from, byte[] data);
    }

    /** Starts delivering datagrams to {@code receiver}. Called once. */
    void start(Receiver receiver);

    /**
     * Sends one datagram, best effort.
     *
     * @return false if it could not even be handed to the network (closed, wrong address family)
     */
    boolean send(InetSocketAddress to, byte[] data);

    /** The address this transport receives on. */
    InetSocketAddress localAddress();

    /** Whether {@link #send} can reach IPv6 addresses. */
    boolean supportsIpv6();

    @Override
    void close();
}
