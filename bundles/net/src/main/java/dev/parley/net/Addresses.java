package dev.parley.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Helpers for socket addresses as protocol code compares them. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, what a dual-stack socket reports for
     * IPv4 senders) as plain IPv4, so one peer has one address; others unchanged.
     */
    public static InetSocketAddress normalize(InetSocketAddress a) {
        if (a.getAddress() instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)), a.getPort());
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return a;
    }

    /** An IPv4 address as the IPv4-mapped IPv6 address a dual-stack socket sends to. */
    public static InetSocketAddress toMapped(InetSocketAddress a) {
        if (!(a.getAddress() instanceof Inet4Address)) {
            return a;
        }
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(a.getAddress().getAddress(), 0, b, 12, 4);
        try {
            return new InetSocketAddress(Inet6Address.getByAddress(null, b, null), a.getPort());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whether an address is on a LAN or loopback, as c-toxcore's {@code ip_is_lan} judges it:
     * loopback, RFC 1918, link-local, carrier-grade NAT 100.64/10, IPv6 unique-local and
     * link-local.
     */
    public static boolean isLan(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return (b[0] & 0xfe) == 0xfc;
    }
}
