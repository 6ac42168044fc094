package dev.parley.net.internal;

import dev.parley.net.Transport;
import dev.parley.net.UdpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's UDP socket as a {@link Transport} service (property {@code transport=udp}), so that
 * another transport with a higher service ranking can take its place. Settings come from the
 * configuration {@value #PID}; where that leaves one out, from the framework property of the same
 * name with the prefix {@code parley.net.udp.}; else c-toxcore's defaults (the wildcard address,
 * dual-stack, ports 33445-33545). Binding sends nothing.
 */
@Component(service = Transport.class, configurationPid = UdpTransportComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, property = "transport=udp")
public final class UdpTransportComponent implements Transport {

    public static final String PID = "dev.parley.net.udp";

    private static final Logger LOG = Logger.getLogger(UdpTransportComponent.class.getName());

    private final Transport udp;

    @Activate
    public UdpTransportComponent(BundleContext context, Map<String, Object> properties) {
        UdpTransport.Options options = options(key -> {
            Object v = properties.get(key);
            return v != null ? String.valueOf(v) : context.getProperty("parley.net.udp." + key);
        });
        this.udp = UdpTransport.bind(options);
        LOG.fine(() -> "UDP bound to " + udp.localAddress());
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

    @Override
    public void start(Receiver receiver) {
        udp.start(receiver);
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        return udp.send(to, data);
    }

    @Override
    public InetSocketAddress localAddress() {
        return udp.localAddress();
    }

    @Override
    public boolean supportsIpv6() {
        return udp.supportsIpv6();
    }

    @Deactivate
    @Override
    public void close() {
        udp.close();
    }

    @Override
    public String toString() {
        return udp.toString();
    }
}
