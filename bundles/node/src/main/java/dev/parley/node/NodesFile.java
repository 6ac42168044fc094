package dev.parley.node;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.parley.dht.BootstrapNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bootstrap-node list clients use (nodes.tox.chat's {@code nodes} JSON): an object with a
 * {@code nodes} list whose entries have {@code ipv4}, {@code ipv6} ({@code "-"} or empty when
 * the node has none), {@code port}, {@code public_key}, {@code tcp_ports} and the status fields.
 * Each node gives one bootstrap entry per address; nodes whose {@code status_udp} is false are
 * left out, and so are IPv6 addresses when IPv6 is off. Other fields are ignored.
 */
final class NodesFile {
    private NodesFile() {
    }

    static List<BootstrapNode> read(Path file, boolean ipv6) throws NodeSettingsException {
        JsonObject root = Json.readObject(file, "nodes file");
        JsonElement nodes = root.get("nodes");
        String where = "nodes file " + file;
        if (nodes == null || !nodes.isJsonArray()) {
            throw new NodeSettingsException(where + ": no \"nodes\" list");
        }
        List<BootstrapNode> out = new ArrayList<>();
        int i = 0;
        for (JsonElement e : nodes.getAsJsonArray()) {
            String at = where + ": nodes[" + i++ + "]";
            if (!e.isJsonObject()) {
                throw new NodeSettingsException(at + " is not an object");
            }
            JsonObject n = e.getAsJsonObject();
            if (Json.bool(n, "status_udp", at).orElse(true) == Boolean.FALSE || Json.bool(n, "status", at).orElse(true) == Boolean.FALSE) {
                continue;
            }
            int port = Json.port(n, "port", at).orElseThrow(() -> new NodeSettingsException(at + ": no port"));
            String key = Json.string(n, "public_key", at).orElseThrow(() -> new NodeSettingsException(at + ": no public_key"));
            try {
                for (Optional<String> host : List.of(Json.string(n, "ipv4", at), ipv6 ? Json.string(n, "ipv6", at) : Optional.<String>empty())) {
                    if (host.isPresent() && !host.get().isBlank() && !host.get().equals("-")) {
                        out.add(new BootstrapNode(host.get().trim(), port, BootstrapNode.parseKey(key, at)));
                    }
                }
            } catch (IllegalArgumentException ex) {
                throw new NodeSettingsException(ex.getMessage());
            }
        }
        return out;
    }
}
