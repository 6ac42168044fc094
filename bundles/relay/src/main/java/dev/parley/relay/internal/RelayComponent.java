package dev.parley.relay.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.DhtKeyFile;
import dev.parley.net.PacketNetwork;
import dev.parley.net.UdpTransport;
import dev.parley.relay.RelayServer;
import dev.parley.relay.TcpRelayService;
import dev.parley.relay.TcpRelayTransport;
import dev.parley.relay.UdpOnionBridge;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The TCP relay server of a node, on the node's event loop (that of its {@link PacketNetwork}).
 * Runs only with configuration {@value #PID}: {@code tcp_ports} (comma-separated, or a list),
 * {@code key_file} (the node's DHT key file, so clients reach the relay with the DHT key),
 * {@code bind_address} (an IP literal; default the wildcard) and optionally
 * {@code node.session}, copied to the service. Onion requests of clients go out from a UDP
 * socket of the relay's own on the same address.
 */
@Component(service = {}, configurationPid = RelayComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public final class RelayComponent implements TcpRelayService {

    public static final String PID = "dev.parley.relay";
    private static final Logger LOG = Logger.getLogger(RelayComponent.class.getName());

    private final PacketNetwork network;
    private final RelayServer server;
    private final TcpRelayTransport tcp;
    private final UdpOnionBridge onion;
    private final List<Integer> ports = new ArrayList<>();
    private final ServiceRegistration<TcpRelayService> registration;

    @Activate
    public RelayComponent(BundleContext context, Map<String, Object> config, @Reference PacketNetwork network)
            throws IOException {
        this.network = network;
        List<Integer> wanted = ports(config.get("tcp_ports"));
        Object keyFile = config.get("key_file");
        if (wanted.isEmpty() || keyFile == null) {
            throw new IllegalArgumentException("relay: configuration needs tcp_ports and key_file");
        }
        KeyPair keys = DhtKeyFile.loadOrCreate(Path.of(String.valueOf(keyFile)));
        Object bind = config.get("bind_address");
        InetAddress address = bind == null || String.valueOf(bind).isBlank()
                ? InetAddress.getByAddress(new byte[16]) : InetAddress.getByName(String.valueOf(bind));
        this.server = new RelayServer(network.loop(), keys, RelayServer.Options.defaults(), new SecureRandom());
        this.tcp = TcpRelayTransport.listen(network.loop(), server, address, wanted);
        UdpOnionBridge bridge = null;
        try {
            bridge = new UdpOnionBridge(network.loop(), UdpTransport.bind(new UdpTransport.Options(
                    address.isAnyLocalAddress() ? null : address, 0, 0, !(address instanceof Inet4Address))), server);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "relay: no UDP socket for onion forwarding; clients' onion requests are dropped", e);
        }
        this.onion = bridge;
        UdpOnionBridge b = bridge;
        network.loop().execute(() -> {
            server.start();
            if (b != null) {
                b.start();
            }
        });
        for (InetSocketAddress a : tcp.localAddresses()) {
            ports.add(a.getPort());
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("dht.key", HexFormat.of().withUpperCase().formatHex(keys.publicKey()));
        props.put("tcp.ports", ports.stream().mapToInt(Integer::intValue).toArray());
        // where a client on this machine reaches it (this node's own Messenger, which shares it with friends)
        props.put("tcp.host", address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress());
        Object session = config.get("node.session");
        if (session != null) {
            props.put("node.session", String.valueOf(session));
        }
        this.registration = context.registerService(TcpRelayService.class, this, props);
        LOG.info(() -> "TCP relay on " + tcp.localAddresses());
    }

    static List<Integer> ports(Object v) {
        List<Integer> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<Object> items = new ArrayList<>();
        if (v instanceof Object[] a) {
            items.addAll(List.of(a));
        } else if (v instanceof int[] a) {
            for (int i : a) {
                items.add(i);
            }
        } else if (v instanceof Iterable<?> it) {
            it.forEach(items::add);
        } else {
            items.addAll(List.of((Object[]) String.valueOf(v).split(",")));
        }
        for (Object o : items) {
            String s = String.valueOf(o).trim();
            if (!s.isEmpty()) {
                int p = Integer.parseInt(s);
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("relay: not a port: " + s);
                }
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.copyOf(ports);
    }

    @Override
    public CompletionStage<Integer> clients() {
        return network.loop().call(server::clientCount);
    }

    @Override
    public CompletionStage<Map<String, Long>> counters() {
        return network.loop().call(() -> {
            Map<String, Long> all = server.counters();
            all.put("reads paused (read-ahead full)", tcp.readPauses());
            return all;
        });
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException gone) {
            // already unregistered with the bundle
        }
        try {
            network.loop().call(() -> {
                server.stop();
                return null;
            }).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        tcp.close();
        if (onion != null) {
            try {
                onion.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
