package dev.parley.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * A node to bootstrap from, as written by people: {@code HOST:PORT:DHTKEY}, where HOST is a name,
 * an IPv4 literal or an IPv6 literal in brackets ({@code [::1]:33445:ABCD...}).
 *
 * @param host the host as given (brackets removed)
 * @param port the UDP port, 1-65535
 * @param key the node's DHT public key
 */
public record BootstrapNode(String host, int port, DhtKey key) {

    public BootstrapNode {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a bootstrap node needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
    }

    /**
     * Parses {@code HOST:PORT:DHTKEY}.
     *
     * @throws IllegalArgumentException with a message fit for a person if it is malformed
     */
    public static BootstrapNode parse(String text) {
        String s = text.trim();
        int keyColon = s.lastIndexOf(':');
        int portColon = keyColon > 0 ? s.lastIndexOf(':', keyColon - 1) : -1;
        if (portColon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT:DHTKEY");
        }
        String host = s.substring(0, portColon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': only IPv6 literals go in brackets");
            }
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, like [::1]:33445:KEY");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(portColon + 1, keyColon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        return new BootstrapNode(host, port, parseKey(s.substring(keyColon + 1), text));
    }

    /** A DHT key from 64 hex digits, with a message naming {@code context} if it is not one. */
    public static DhtKey parseKey(String hex, String context) {
        String h = hex.trim();
        if (h.length() != 2 * DhtKey.SIZE) {
            throw new IllegalArgumentException("'" + context + "': a DHT key has 64 hex digits, not " + h.length());
        }
        try {
            return DhtKey.of(HexFormat.of().parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + context + "': the DHT key is not hex");
        }
    }

    /** Whether the host is an IP literal, which resolves without asking any name server. */
    public boolean isLiteral() {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /**
     * The socket address. A name (not a literal) is looked up, which may block and may ask a name
     * server; call it off the event loop.
     */
    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ":" + key.toHex();
    }
}
