package dev.parley.relay.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A proxy that carries all of a node's outgoing TCP: {@code socks5://HOST:PORT} or
 * {@code http://HOST:PORT} (an IPv6 literal in brackets). No user name or password: like
 * c-toxcore, Parley speaks SOCKS5 without authentication and plain HTTP CONNECT.
 *
 * @param type which handshake the proxy speaks
 * @param host the proxy's host name or IP literal (without brackets)
 * @param port the proxy's TCP port
 */
public record Proxy(Type type, String host, int port) {

    /** The two kinds of proxy. */
    public enum Type {
        SOCKS5("socks5"), HTTP("http");

        private final String scheme;

        Type(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    public Proxy {
        if (type == null || host == null || host.isBlank()) {
            throw new IllegalArgumentException("proxy: type and host are needed");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy: not a port (1-65535): " + port);
        }
    }

    /**
     * Reads {@code socks5://HOST:PORT} or {@code http://HOST:PORT}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code spec}
     */
    public static Proxy parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy " + s + ": expected socks5://HOST:PORT or http://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Type type = switch (scheme) {
            case "socks5" -> Type.SOCKS5;
            case "http" -> Type.HTTP;
            default -> throw new IllegalArgumentException("proxy " + s
                    + ": the scheme must be socks5:// or http:// (as c-toxcore, nothing else)");
        };
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("proxy " + s + ": user names and passwords are not supported");
        }
        String host = uri.getHost();
        if (host == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("proxy " + s + ": expected " + scheme + "://HOST:PORT");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("proxy " + s + ": nothing may follow HOST:PORT");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Proxy(type, host, uri.getPort());
    }

    /** Where to connect, not resolved yet (Netty resolves it off the node's loop). */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** The handshake for one connection to {@code target} through this proxy. */
    public ProxyHandshake handshake(InetSocketAddress target) {
        return type == Type.SOCKS5 ? new Socks5Handshake(target) : new HttpConnectHandshake(target);
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return type.scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
