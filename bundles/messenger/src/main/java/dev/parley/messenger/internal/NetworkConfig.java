package dev.parley.messenger.internal;

import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns settings into the configuration properties the network's components read: the DHT's
 * ({@code bootstrap}, {@code lan_discovery}), the UDP socket's ({@code enabled}, {@code ipv6}) and the onion and
 * Messenger's ({@code udp_enabled}, {@code proxy}, {@code relays}, {@code path_nodes}). Each method returns the new properties, or null when the
 * current ones already say the same (writing them would restart the component for nothing).
 */
final class NetworkConfig {
    private NetworkConfig() {
    }

    static Map<String, Object> dht(Map<String, Object> current, Settings s) {
        String[] nodes = s.bootstrap().stream().map(BootstrapNode::toString).toArray(String[]::new);
        Object had = current.get("bootstrap");
        boolean sameNodes = had instanceof String[] a ? Arrays.equals(a, nodes)
                : had == null ? nodes.length == 0 : had instanceof List<?> l && l.equals(List.of(nodes));
        boolean sameLan = Boolean.parseBoolean(String.valueOf(current.getOrDefault("lan_discovery", "false")))
                == s.lanDiscovery();
        if (sameNodes && sameLan) {
            return null;
        }
        Map<String, Object> next = new HashMap<>(current);
        next.put("bootstrap", nodes);
        next.put("lan_discovery", Boolean.toString(s.lanDiscovery()));
        return next;
    }

    /** The UDP socket's {@code enabled} (UDP off: no socket at all) and {@code ipv6}. */
    static Map<String, Object> udpSocket(Map<String, Object> current, Settings s) {
        if (flag(current.get("enabled")) == s.udp() && flag(current.get("ipv6")) == s.ipv6()) {
            return null;
        }
        Map<String, Object> next = new HashMap<>(current);
        next.put("enabled", Boolean.toString(s.udp()));
        next.put("ipv6", Boolean.toString(s.ipv6()));
        return next;
    }

    /** A boolean property that is on unless it says false. */
    private static boolean flag(Object value) {
        return value == null || Boolean.parseBoolean(String.valueOf(value).strip());
    }

    /**
     * The onion and Messenger's properties with {@code udp_enabled}, {@code proxy} (the relay
     * connections' proxy as {@code socks5://HOST:PORT} or {@code http://HOST:PORT}; absent for
     * none), {@code relays} (the TCP relays, comma-separated; absent for none) and, with UDP off,
     * {@code path_nodes} (the bootstrap nodes, which the onion then builds its paths from, as it
     * has no DHT) set; always a new map (the caller may add more).
     */
    static Map<String, Object> onion(Map<String, Object> current, Settings s) {
        Map<String, Object> next = new HashMap<>(current);
        next.put("udp_enabled", Boolean.toString(s.udp()));
        putOrRemove(next, "proxy", proxyUrl(s.proxy()));
        putOrRemove(next, "relays", nodeList(s.relays()));
        putOrRemove(next, "path_nodes", s.udp() ? null : nodeList(s.bootstrap()));
        return next;
    }

    private static void putOrRemove(Map<String, Object> m, String key, String value) {
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
    }

    /** {@code IP:PORT:KEY,...}, or null for none. */
    private static String nodeList(List<BootstrapNode> nodes) {
        return nodes.isEmpty() ? null
                : String.join(",", nodes.stream().map(BootstrapNode::toString).toList());
    }

    /** Whether {@link #onion} changes anything. */
    static boolean onionChanges(Map<String, Object> current, Settings s) {
        Map<String, Object> next = onion(current, s);
        for (String key : List.of("udp_enabled", "proxy", "relays", "path_nodes")) {
            Object had = key.equals("udp_enabled") ? String.valueOf(current.getOrDefault(key, "true"))
                    : current.get(key);
            if (!Objects.equals(had == null ? null : String.valueOf(had), next.get(key))) {
                return true;
            }
        }
        return false;
    }

    private static String proxyUrl(ProxySetting p) {
        String host = p.host().contains(":") ? "[" + p.host() + "]" : p.host();
        return switch (p.type()) {
            case NONE -> null;
            case SOCKS5 -> "socks5://" + host + ":" + p.port();
            case HTTP -> "http://" + host + ":" + p.port();
        };
    }
}
