package dev.parley.net.internal;

import dev.parley.api.transport.DatagramTransport;
import java.net.InetSocketAddress;
import org.osgi.service.component.annotations.Component;

/**
 * The TCP-relay-only transport provider ({@code transport=tcp-relay-only}): it carries no
 * datagrams, so a node on it reaches friends and onion nodes through TCP relays only. Ranked below
 * any other provider, it is what the node runs on while no UDP transport is there (the UDP bundle
 * stopped, or UDP switched off); a configuration of this PID with a higher {@code service.ranking}
 * makes it win over UDP too.
 */
@Component(service = DatagramTransport.class, configurationPid = "dev.parley.net.relayonly",
        property = {DatagramTransport.KIND + "=tcp-relay-only",
            "service.ranking:Integer=" + DatagramTransport.RELAY_ONLY_RANKING})
public final class RelayOnlyTransportComponent implements DatagramTransport {

    private static final InetSocketAddress UNBOUND = new InetSocketAddress(0);

    @Override
    public void start(Receiver receiver) {
        // nothing ever arrives
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return UNBOUND;
    }

    @Override
    public boolean supportsIpv6() {
        return false;
    }

    @Override
    public boolean carriesDatagrams() {
        return false;
    }

    @Override
    public void close() {
        // no socket
    }

    @Override
    public String toString() {
        return "TCP relays only (no datagrams)";
    }
}
