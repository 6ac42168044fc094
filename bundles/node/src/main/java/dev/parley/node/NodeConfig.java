package dev.parley.node;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.parley.dht.BootstrapNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's JSON config file, after tox-bootstrapd's config. Every field may be left out:
 *
 * <pre>
 * {
 *   "port": 33445,                        // UDP port; left out: the first free of 33445-33545
 *   "bind_address": "::",                 // an IP literal; left out: the wildcard
 *   "enable_ipv6": true,                  // dual-stack IPv6 socket (false: IPv4 only)
 *   "enable_lan_discovery": false,
 *   "motd": "parley-node",
 *   "keys_file_path": "parley-node.keys", // relative paths are relative to the config file
 *   "nodes_file": "nodes.json",           // the public nodes list format
 *   "events_file": "-",                   // '-' for standard output
 *   "profile": "alice.tox",               // run as a Tox client with this profile (see --profile)
 *   "bootstrap_nodes": [ { "address": "127.0.0.1", "port": 33445, "public_key": "64 hex digits" } ]
 * }
 * </pre>
 *
 * Unknown fields are an error, so a misspelt one is noticed.
 */
record NodeConfig(Optional<Integer> port, Optional<String> bindAddress, Optional<Boolean> ipv6,
        Optional<Boolean> lanDiscovery, Optional<String> motd, Optional<Path> keysFile, List<Path> nodesFiles,
        Optional<String> events, List<BootstrapNode> bootstrap, Optional<Path> profile) {

    private static final Set<String> FIELDS = Set.of("port", "bind_address", "enable_ipv6", "enable_lan_discovery",
            "motd", "keys_file_path", "nodes_file", "events_file", "bootstrap_nodes", "profile");

    static NodeConfig empty() {
        return new NodeConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty());
    }

    static NodeConfig read(Path file) throws NodeSettingsException {
        JsonObject o = Json.readObject(file, "config file");
        String where = "config file " + file;
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new NodeSettingsException(where + ": unknown field \"" + key + "\"");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Optional<String> bind = Json.string(o, "bind_address", where);
        if (bind.isPresent() && !bind.get().contains(":") && !bind.get().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new NodeSettingsException(where + ": \"bind_address\" must be an IP address");
        }
        Optional<String> motd = Json.string(o, "motd", where);
        if (motd.isPresent()) {
            try {
                NodeFlags.motd(motd.get());
            } catch (NodeSettingsException e) {
                throw new NodeSettingsException(where + ": " + e.getMessage());
            }
        }
        List<Path> nodesFiles = new ArrayList<>();
        Json.string(o, "nodes_file", where).ifPresent(f -> nodesFiles.add(dir.resolve(f)));
        Optional<String> events = Json.string(o, "events_file", where)
                .map(e -> e.equals("-") ? e : dir.resolve(e).toString());
        return new NodeConfig(Json.port(o, "port", where), bind, Json.bool(o, "enable_ipv6", where),
                Json.bool(o, "enable_lan_discovery", where), motd,
                Json.string(o, "keys_file_path", where).map(dir::resolve), nodesFiles, events,
                bootstrapNodes(o, where), Json.string(o, "profile", where).map(dir::resolve));
    }

    private static List<BootstrapNode> bootstrapNodes(JsonObject o, String where) throws NodeSettingsException {
        List<BootstrapNode> out = new ArrayList<>();
        JsonElement e = o.get("bootstrap_nodes");
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!e.isJsonArray()) {
            throw new NodeSettingsException(where + ": \"bootstrap_nodes\" must be a list");
        }
        int i = 0;
        for (JsonElement n : e.getAsJsonArray()) {
            String at = where + ": bootstrap_nodes[" + i++ + "]";
            if (!n.isJsonObject()) {
                throw new NodeSettingsException(at + " must be an object with address, port and public_key");
            }
            JsonObject node = n.getAsJsonObject();
            String address = Json.string(node, "address", at).orElseThrow(() -> new NodeSettingsException(at + ": no address"));
            int port = Json.port(node, "port", at).orElseThrow(() -> new NodeSettingsException(at + ": no port"));
            String key = Json.string(node, "public_key", at).orElseThrow(() -> new NodeSettingsException(at + ": no public_key"));
            try {
                String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
                out.add(new BootstrapNode(host, port, BootstrapNode.parseKey(key, at)));
            } catch (IllegalArgumentException ex) {
                throw new NodeSettingsException(ex.getMessage());
            }
        }
        return out;
    }
}
