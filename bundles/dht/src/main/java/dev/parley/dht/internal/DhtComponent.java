package dev.parley.dht.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.BootstrapNode;
import dev.parley.dht.DhtKeyFile;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the node's DHT on the node's {@link PacketNetwork} and publishes it as {@link DhtService}.
 * Configuration {@value #PID}: {@code key_file} (a {@link DhtKeyFile} to take the key pair from;
 * without it the key pair is new each session), {@code motd} (answer bootstrap info requests),
 * {@code lan_discovery} (default off), {@code bootstrap} (a list of {@code IP:PORT:DHTKEY}, IP
 * literals only; default none, so an unconfigured DHT sends nothing), {@code tick_ms} (how often
 * the periodic work runs; default {@link DhtOptions#defaults()}'s). Other configuration
 * properties are copied onto the service.
 */
@Component(service = {}, configurationPid = DhtComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public final class DhtComponent {

    public static final String PID = "dev.parley.dht";

    private static final Logger LOG = Logger.getLogger(DhtComponent.class.getName());

    private final PacketNetwork network;
    private final DhtEngine engine;
    private final ServiceRegistration<DhtService> registration;

    @Activate
    public DhtComponent(BundleContext context, Map<String, Object> config, @Reference PacketNetwork network) {
        this.network = network;
        KeyPair keys = keys(string(config.get("key_file")));
        String motd = string(config.get("motd"));
        boolean lan = Boolean.parseBoolean(String.valueOf(config.getOrDefault("lan_discovery", "false")));
        long tick = Long.parseLong(String.valueOf(config.getOrDefault("tick_ms", DhtOptions.defaults().tickMillis())));
        DhtOptions options = new DhtOptions(motd == null || motd.isEmpty() ? null : motd, DhtOptions.PARLEY_VERSION,
                lan, tick);
        List<BootstrapNode> bootstrap = new ArrayList<>();
        for (String b : strings(config.get("bootstrap"))) {
            BootstrapNode n = BootstrapNode.parse(b);
            if (!n.isLiteral()) {
                throw new IllegalArgumentException("bootstrap " + b + ": configure an IP address, not a name");
            }
            bootstrap.add(n);
        }
        this.engine = new DhtEngine(network, keys, new SecureRandom(), options);
        network.loop().execute(engine::start);
        for (BootstrapNode n : bootstrap) {
            engine.bootstrap(new InetSocketAddress(n.host(), n.port()), n.key());
        }
        Hashtable<String, Object> props = new Hashtable<>();
        config.forEach((k, v) -> {
            if (!k.startsWith(".") && !k.startsWith("component.") && !k.startsWith("service.") && !k.equals("objectClass")) {
                props.put(k, v);
            }
        });
        props.put("dht.key", engine.selfKey().toHex());
        props.put("dht.port", network.transport().localAddress().getPort());
        this.registration = context.registerService(DhtService.class, engine, props);
        LOG.fine(() -> "DHT " + engine.selfKey().toHex() + " on " + engine.localAddress());
    }

    private static KeyPair keys(String keyFile) {
        if (keyFile == null || keyFile.isBlank()) {
            return KeyPair.generate();
        }
        try {
            return DhtKeyFile.load(Path.of(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (o instanceof Iterable<?> i) {
            i.forEach(x -> out.add(String.valueOf(x)));
        } else if (o instanceof String s && !s.isBlank()) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping and the framework took it down already.
        }
        network.loop().execute(engine::stop);
    }
}
