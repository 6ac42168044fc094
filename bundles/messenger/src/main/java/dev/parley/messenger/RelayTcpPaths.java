package dev.parley.messenger;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import dev.parley.relay.RelayPaths;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** {@link TcpPaths} over the relay bundle's {@link RelayPaths}; on the node's loop. */
public final class RelayTcpPaths implements TcpPaths {
    private final RelayPaths paths;

    public RelayTcpPaths(RelayPaths paths) {
        this.paths = paths;
    }

    @Override
    public void addPeer(byte[] dhtKey) {
        paths.addPeer(dhtKey);
    }

    @Override
    public void removePeer(byte[] dhtKey) {
        paths.removePeer(dhtKey);
    }

    @Override
    public Optional<InetSocketAddress> address(byte[] dhtKey) {
        return paths.address(dhtKey);
    }

    @Override
    public boolean isRelayAddress(InetSocketAddress address) {
        return RelayPaths.isRelayAddress(address);
    }

    @Override
    public void addRelays(List<NodeInfo> relays) {
        paths.addRelays(relays);
    }

    @Override
    public List<NodeInfo> ourRelays() {
        return paths.readyRelays();
    }

    /**
     * Relays as configured or typed: {@code HOST:PORT:DHTKEY} (64 hex digits), several separated
     * by commas or whitespace; an IPv6 host in brackets. Host names are resolved here (call off the loop).
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static List<NodeInfo> parse(String spec) {
        List<NodeInfo> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String e : spec.trim().split("[,\\s]+")) {
            if (e.isEmpty()) {
                continue;
            }
            int k = e.lastIndexOf(':');
            int p = k < 0 ? -1 : e.lastIndexOf(':', k - 1);
            if (p <= 0) {
                throw new IllegalArgumentException("relay " + e + ": expected HOST:PORT:DHTKEY");
            }
            String host = e.substring(0, p);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(e.substring(p + 1, k));
            } catch (NumberFormatException x) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("relay " + e + ": not a port (1-65535)");
            }
            String key = e.substring(k + 1);
            byte[] bytes;
            try {
                bytes = key.length() == 64 ? HexFormat.of().parseHex(key) : null;
            } catch (IllegalArgumentException x) {
                bytes = null;
            }
            if (bytes == null) {
                throw new IllegalArgumentException("relay " + e + ": the DHT key must be 64 hex digits");
            }
            InetSocketAddress a = new InetSocketAddress(host, port);
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("relay " + e + ": unknown host " + host);
            }
            out.add(new NodeInfo(DhtKey.of(bytes), a));
        }
        return out;
    }
}
