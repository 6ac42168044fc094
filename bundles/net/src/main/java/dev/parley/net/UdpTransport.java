package dev.parley.net;

import dev.parley.net.internal.NettyUdpTransport;
import java.net.InetAddress;

/** UDP datagrams on Netty (NIO; no native transport needed). */
public final class UdpTransport {
    private UdpTransport() {
    }

    /** The port range c-toxcore searches when no port is configured. */
    public static final int PORT_RANGE_START = 33445;
    public static final int PORT_RANGE_END = 33545;

    /**
     * Where to bind.
     *
     * @param bindAddress the address to bind, or null for the wildcard: {@code ::} (dual-stack,
     *     IPv4 arrives IPv4-mapped) unless {@code ipv6} is off or IPv6 is unavailable, then
     *     {@code 0.0.0.0}
     * @param portStart first port to try; 0 lets the system choose
     * @param portEnd last port to try (inclusive)
     * @param ipv6 whether to try an IPv6 socket at all
     */
    public record Options(InetAddress bindAddress, int portStart, int portEnd, boolean ipv6) {
        /** The wildcard, dual-stack, c-toxcore's port range. */
        public static Options defaults() {
            return new Options(null, PORT_RANGE_START, PORT_RANGE_END, true);
        }

        /** One address, the c-toxcore port range. */
        public static Options bindTo(InetAddress address) {
            return new Options(address, PORT_RANGE_START, PORT_RANGE_END, true);
        }

        public Options withPorts(int start, int end) {
            return new Options(bindAddress, start, end, ipv6);
        }
    }

    /**
     * Binds a UDP socket, trying each port of the range in turn.
     *
     * @throws java.io.UncheckedIOException if no port of the range could be bound
     */
    public static Transport bind(Options options) {
        return NettyUdpTransport.bind(options);
    }
}
