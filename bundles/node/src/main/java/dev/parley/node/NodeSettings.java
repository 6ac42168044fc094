package dev.parley.node;

import dev.parley.dht.BootstrapNode;
import dev.parley.relay.proxy.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the node runs with, from its JSON config and its flags (flags win).
 *
 * @param keysFile where the persistent DHT key pair lives
 * @param port the UDP port, or empty to search c-toxcore's range 33445-33545
 * @param bindAddress an IP literal to bind, or empty for the wildcard
 * @param ipv6 whether to open a dual-stack IPv6 socket (else IPv4 only)
 * @param lanDiscovery whether LAN discovery is on (off unless asked for)
 * @param motd the message of the day for bootstrap info requests
 * @param bootstrap nodes to bootstrap from, in order
 * @param events where events go: empty for nowhere, {@code -} for standard output, else a file
 * @param tcpPorts ports of the TCP relay server; empty: no relay server
 * @param profile the profile file to run as a Tox client with; empty: a bootstrap node only
 * @param newProfileName the name of the profile if it is created
 * @param relays TCP relays the client uses
 * @param udp false: the client uses no UDP (relays only; the DHT is not bootstrapped)
 * @param proxy the proxy the client's TCP relay connections go through, if any
 */
record NodeSettings(Path keysFile, Optional<Integer> port, Optional<String> bindAddress, boolean ipv6,
        boolean lanDiscovery, String motd, List<BootstrapNode> bootstrap, Optional<String> events,
        List<Integer> tcpPorts, Optional<Path> profile, Optional<String> newProfileName, List<BootstrapNode> relays,
        boolean udp, Optional<Proxy> proxy) {

    static final String DEFAULT_MOTD = "parley-node";
    static final String KEYS_FILE_NAME = "parley-node.keys";

    NodeSettings {
        bootstrap = List.copyOf(bootstrap);
        tcpPorts = List.copyOf(tcpPorts);
        relays = List.copyOf(relays);
    }

    /**
     * Reads the flags and, if they name one, the config file and nodes files.
     *
     * @param dataDir where the key file goes when neither flag nor config names one
     */
    static NodeSettings from(List<String> args, Path dataDir) throws NodeSettingsException {
        NodeFlags flags = NodeFlags.parse(args);
        NodeConfig config = flags.config().isPresent() ? NodeConfig.read(flags.config().get()) : NodeConfig.empty();
        Path keys = flags.keys().orElse(config.keysFile().orElse(dataDir.resolve(KEYS_FILE_NAME)));
        boolean ipv6 = !flags.ipv4Only() && config.ipv6().orElse(true);
        boolean lan = !flags.noLan() && config.lanDiscovery().orElse(false);
        List<BootstrapNode> bootstrap = new ArrayList<>(config.bootstrap());
        List<Path> nodesFiles = new ArrayList<>(config.nodesFiles());
        nodesFiles.addAll(flags.nodes());
        for (Path f : nodesFiles) {
            bootstrap.addAll(NodesFile.read(f, ipv6));
        }
        bootstrap.addAll(flags.bootstrap());
        return new NodeSettings(keys, flags.port().or(config::port), config.bindAddress(), ipv6, lan,
                flags.motd().orElse(config.motd().orElse(DEFAULT_MOTD)), bootstrap,
                flags.events().or(config::events), flags.tcpPorts(), flags.profile().or(config::profile), flags.name(),
                flags.relays(), !flags.noUdp(), flags.proxy());
    }
}
