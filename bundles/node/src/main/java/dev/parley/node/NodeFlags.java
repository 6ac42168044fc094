package dev.parley.node;

import dev.parley.dht.BootstrapNode;
import dev.parley.relay.proxy.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The node's command-line flags, as the launcher passes them on (its own options removed). */
record NodeFlags(Optional<Path> config, Optional<Path> keys, Optional<Integer> port, List<BootstrapNode> bootstrap,
        List<Path> nodes, boolean noLan, boolean ipv4Only, Optional<String> events, Optional<String> motd,
        List<Integer> tcpPorts, Optional<Path> profile, Optional<String> name, List<BootstrapNode> relays,
        boolean noUdp, Optional<Proxy> proxy) {

    /** One line per flag; the launcher prints its own copy in {@code --help}. */
    static final String USAGE = String.join("\n",
            "  --config FILE            read settings from a JSON config file (see conf/parley-node.json)",
            "  --keys FILE              the DHT key file (created with a new key pair if missing)",
            "  --port N                 the UDP port (default: the first free of 33445-33545)",
            "  --tcp-port N             run a TCP relay server on this port (repeatable)",
            "  --bootstrap HOST:PORT:KEY  bootstrap from this node (repeatable; IPv6 as [::1]:33445:KEY)",
            "  --nodes FILE             bootstrap from the nodes of a nodes.json file",
            "  --no-lan                 no LAN discovery (it is off unless the config turns it on)",
            "  --ipv4-only              an IPv4 socket only, no IPv6",
            "  --events FILE            write events as JSON lines to FILE ('-' for standard output)",
            "  --motd TEXT              the message of the day for bootstrap info requests",
            "  --profile FILE           run as a Tox client with this .tox profile (created if missing;",
            "                           an encrypted one is opened with $PARLEY_PASSPHRASE)",
            "  --name NAME              the name of a profile --profile creates",
            "  --relay HOST:PORT:KEY    with --profile: use this TCP relay (repeatable; KEY is its DHT key)",
            "  --no-udp                 with --profile: no UDP for the client; friends, onion and",
            "                           requests go through the --relay relays, and the --bootstrap",
            "                           nodes only serve as onion path nodes (the DHT is not joined)",
            "  --proxy URL              with --profile: every TCP relay connection goes through this",
            "                           proxy, socks5://HOST:PORT or http://HOST:PORT (IPv6 as [::1]);",
            "                           only TCP is proxied, so add --no-udp to send nothing directly",
            "");

    static NodeFlags parse(List<String> args) throws NodeSettingsException {
        Optional<Path> config = Optional.empty();
        Optional<Path> keys = Optional.empty();
        Optional<Integer> port = Optional.empty();
        List<BootstrapNode> bootstrap = new ArrayList<>();
        List<Path> nodes = new ArrayList<>();
        boolean noLan = false;
        boolean ipv4Only = false;
        Optional<String> events = Optional.empty();
        Optional<String> motd = Optional.empty();
        List<Integer> tcpPorts = new ArrayList<>();
        Optional<Path> profile = Optional.empty();
        Optional<String> name = Optional.empty();
        List<BootstrapNode> relays = new ArrayList<>();
        boolean noUdp = false;
        Optional<Proxy> proxy = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, flag)));
                case "--keys" -> keys = Optional.of(Path.of(value(args, ++i, flag)));
                case "--port" -> port = Optional.of(port(value(args, ++i, flag)));
                case "--tcp-port" -> {
                    String v = value(args, ++i, flag);
                    try {
                        tcpPorts.add(port(v));
                    } catch (NodeSettingsException e) {
                        throw new NodeSettingsException("--tcp-port " + v + ": not a port (1-65535)");
                    }
                }
                case "--bootstrap" -> {
                    String v = value(args, ++i, flag);
                    try {
                        bootstrap.add(BootstrapNode.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new NodeSettingsException("--bootstrap " + e.getMessage());
                    }
                }
                case "--nodes" -> nodes.add(Path.of(value(args, ++i, flag)));
                case "--no-lan" -> noLan = true;
                case "--ipv4-only" -> ipv4Only = true;
                case "--events" -> events = Optional.of(valueOrDash(args, ++i, flag));
                case "--motd" -> motd = Optional.of(motd(value(args, ++i, flag)));
                case "--profile" -> profile = Optional.of(Path.of(value(args, ++i, flag)));
                case "--name" -> name = Optional.of(value(args, ++i, flag));
                case "--relay" -> {
                    String v = value(args, ++i, flag);
                    try {
                        relays.add(BootstrapNode.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new NodeSettingsException("--relay " + e.getMessage());
                    }
                }
                case "--no-udp" -> noUdp = true;
                case "--proxy" -> {
                    String v = value(args, ++i, flag);
                    try {
                        proxy = Optional.of(Proxy.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new NodeSettingsException("--" + e.getMessage());
                    }
                }
                default -> throw new NodeSettingsException(flag.startsWith("-")
                        ? "unknown option " + flag : "unexpected argument '" + flag + "'");
            }
        }
        if (name.isPresent() && profile.isEmpty()) {
            throw new NodeSettingsException("--name needs --profile (it names the profile created there)");
        }
        if (!relays.isEmpty() && profile.isEmpty()) {
            throw new NodeSettingsException("--relay needs --profile (relays are used by the Tox client)");
        }
        if (noUdp && profile.isEmpty()) {
            throw new NodeSettingsException("--no-udp needs --profile (a bootstrap node without UDP serves nothing)");
        }
        if (noUdp && relays.isEmpty()) {
            throw new NodeSettingsException("--no-udp needs at least one --relay");
        }
        if (proxy.isPresent() && profile.isEmpty()) {
            throw new NodeSettingsException("--proxy needs --profile (the proxy carries the Tox client's relay connections)");
        }
        return new NodeFlags(config, keys, port, bootstrap, nodes, noLan, ipv4Only, events, motd, tcpPorts, profile,
                name, relays, noUdp, proxy);
    }

    static int port(String v) throws NodeSettingsException {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NodeSettingsException("--port " + v + ": not a port (1-65535)");
    }

    /** The bootstrap info reply has room for 256 bytes of MOTD. */
    static String motd(String m) throws NodeSettingsException {
        if (m.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new NodeSettingsException("the MOTD is longer than 255 bytes");
        }
        return m;
    }

    private static String value(List<String> args, int i, String flag) throws NodeSettingsException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new NodeSettingsException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static String valueOrDash(List<String> args, int i, String flag) throws NodeSettingsException {
        return value(args, i, flag);
    }
}
