package dev.parley.api.transport;

import java.net.InetSocketAddress;

/**
 * Carries a node's datagrams; a service of this type is a transport provider (see the package
 * documentation for how the node picks one). A provider may call its receiver on any thread: the
 * node moves each datagram onto its own event loop. Sending must not block.
 *
 * <p>Service properties: {@value #KIND} names the provider ({@code udp}, {@code tcp-relay-only},
 * or an add-on's own word); {@code service.ranking} decides which one the node uses.
 */
public interface DatagramTransport extends AutoCloseable {

    /** The service property naming the kind of transport. */
    String KIND = "transport";

    /** The ranking of the provider that carries nothing (relays only): below anything else. */
    int RELAY_ONLY_RANKING = -1_000_000;

    /** Receives datagrams; {@code data} belongs to the receiver. */
    @FunctionalInterface
    interface Receiver {
        void receive(InetSocketAddress from, byte[] data);
    }

    /**
     * Starts delivering datagrams to {@code receiver}; a later call replaces the receiver (the node
     * passes one that drops everything when it lets go of the transport).
     */
    void start(Receiver receiver);

    /**
     * Sends one datagram, best effort, without blocking.
     *
     * @return false if it could not even be handed to the network (closed, wrong address family,
     *     a transport that carries no datagrams)
     */
    boolean send(InetSocketAddress to, byte[] data);

    /** The address this transport receives on; the unbound {@code 0.0.0.0:0} if it has none. */
    InetSocketAddress localAddress();

    /** Whether {@link #send} can reach IPv6 addresses. */
    boolean supportsIpv6();

    /**
     * Whether this transport carries datagrams at all. False means UDP is unavailable: the node
     * reaches friends and onion nodes through TCP relays only.
     */
    default boolean carriesDatagrams() {
        return true;
    }

    /** Releases the socket. The provider's owner calls it; the node never closes a service it was given. */
    @Override
    void close();
}
