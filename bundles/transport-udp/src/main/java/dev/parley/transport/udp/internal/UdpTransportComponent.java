package dev.parley.transport.udp.internal;

import dev.parley.api.transport.DatagramTransport;
import dev.parley.net.Transport;
import dev.parley.net.UdpTransport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's UDP socket as a {@link DatagramTransport} provider ({@code transport=udp}, ranking 0).
 * Stopping this bundle closes the socket and withdraws the service: the node keeps running on the
 * next provider (TCP relays only, unless an add-on offers better); starting it again binds a new
 * socket, which the node picks up.
 *
 * <p>Settings come from the configuration {@value #PID}; where that leaves one out, from the
 * framework property of the same name with the prefix {@code parley.net.udp.}; else c-toxcore's
 * defaults (the wildcard address, dual-stack, ports 33445-33545): {@code enabled} (false: no
 * socket at all and no service, UDP is off; unset: off if the application's arguments hold
 * {@code --no-udp}), {@code port_start}, {@code port_end}, {@code ipv6},
 * {@code bind_address} (an IP literal). Other configuration properties are copied onto the
 * service. Binding sends nothing.
 */
@Component(service = {}, configurationPid = UdpTransportComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class UdpTransportComponent {

    /** The configuration PID, kept from when this component lived in the net bundle. */
    public static final String PID = "dev.parley.net.udp";

    private static final Logger LOG = Logger.getLogger(UdpTransportComponent.class.getName());

    private final Transport udp;
    private final ServiceRegistration<DatagramTransport> registration;

    @Activate
    public UdpTransportComponent(BundleContext context, Map<String, Object> properties) {
        Function<String, String> setting = key -> {
            Object v = properties.get(key);
            return v != null ? String.valueOf(v) : context.getProperty("parley.net.udp." + key);
        };
        if (!enabled(setting.apply("enabled"), context.getProperty("parley.args"))) {
            udp = null;
            registration = null;
            LOG.info("UDP is off: no socket");
            return;
        }
        this.udp = UdpTransport.bind(options(setting));
        Hashtable<String, Object> props = new Hashtable<>();
        properties.forEach((k, v) -> {
            if (!k.startsWith(".") && !k.startsWith("component.") && !k.startsWith("service.")
                    && !k.equals("objectClass")) {
                props.put(k, v);
            }
        });
        props.put(DatagramTransport.KIND, "udp");
        props.put("service.ranking", 0);
        props.put("local.port", udp.localAddress().getPort());
        this.registration = context.registerService(DatagramTransport.class, udp, props);
        LOG.info(() -> "UDP bound to " + udp.localAddress());
    }

    /**
     * Whether to open a socket: the {@code enabled} setting if given, else not when the
     * application was started with {@code --no-udp} (framework property {@code parley.args}, the
     * arguments separated by U+001F), so that such a node never binds even for a moment.
     */
    static boolean enabled(String setting, String applicationArguments) {
        if (setting != null && !setting.isBlank()) {
            return !"false".equalsIgnoreCase(setting.trim());
        }
        if (applicationArguments != null) {
            for (String a : applicationArguments.split("\u001f")) {
                if (a.equals("--no-udp")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Reads the settings {@code port_start}, {@code port_end}, {@code ipv6}, {@code bind_address}. */
    static UdpTransport.Options options(Function<String, String> setting) {
        int start = intOr(setting.apply("port_start"), UdpTransport.PORT_RANGE_START);
        int end = intOr(setting.apply("port_end"), start == UdpTransport.PORT_RANGE_START ? UdpTransport.PORT_RANGE_END : start);
        if (start < 0 || start > 65535 || end < start || end > 65535) {
            throw new IllegalArgumentException("bad UDP port range " + start + "-" + end);
        }
        String ipv6 = setting.apply("ipv6");
        boolean v6 = ipv6 == null || ipv6.isBlank() || Boolean.parseBoolean(ipv6.trim());
        String bind = setting.apply("bind_address");
        InetAddress address = null;
        if (bind != null && !bind.isBlank()) {
            try {
                // Literals only: a configured bind address never causes a name lookup.
                address = InetAddress.getByName(literal(bind.trim()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad bind address " + bind, e);
            }
        }
        return new UdpTransport.Options(address, start, end, v6);
    }

    private static String literal(String s) {
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!t.contains(":") && !t.matches("[0-9.]+")) {
            throw new IllegalArgumentException("bind address must be an IP literal: " + s);
        }
        return t;
    }

    private static int intOr(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + value, e);
        }
    }

    /** Withdraws the service first (the node moves off it), then closes the socket. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping and the framework took it down already.
            }
        }
        if (udp != null) {
            udp.close();
            LOG.info("UDP socket closed");
        }
    }
}
