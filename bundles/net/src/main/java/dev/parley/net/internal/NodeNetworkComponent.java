package dev.parley.net.internal;

import dev.parley.api.transport.DatagramTransport;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import java.util.Hashtable;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The node's event loop and its {@link PacketNetwork}, published as a {@link PacketNetwork}
 * service for the protocol bundles. The network runs on the best-ranked {@link DatagramTransport}
 * service and follows it as providers come and go (dynamic, greedy): the network, and the DHT,
 * onion and net_crypto on it, keep running; only the socket under them changes. With no provider
 * at all nothing is sent. Property {@code local.port}: the port of the transport in use (0: none).
 */
@Component(service = {}, immediate = true)
public final class NodeNetworkComponent {

    private static final Logger LOG = Logger.getLogger(NodeNetworkComponent.class.getName());

    private final ThreadEventLoop loop;
    private final PacketNetwork network;
    private final ServiceRegistration<PacketNetwork> registration;
    private DatagramTransport bound;

    @Activate
    public NodeNetworkComponent(BundleContext context) {
        this.loop = new ThreadEventLoop("parley-node-loop");
        this.network = new PacketNetwork(loop); // SCR binds the transport right after construction
        this.registration = context.registerService(PacketNetwork.class, network, properties());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindTransport")
    synchronized void bindTransport(DatagramTransport transport) {
        bound = transport;
        use();
    }

    synchronized void unbindTransport(DatagramTransport transport) {
        if (bound == transport) {
            bound = null;
            use();
        }
    }

    /** Moves the network to the bound transport. */
    private void use() {
        DatagramTransport t = bound;
        network.useTransport(t);
        LOG.info(() -> "node network on " + (t == null ? "no transport" : t));
        ServiceRegistration<PacketNetwork> r = registration;
        if (r != null) {
            try {
                r.setProperties(properties());
            } catch (IllegalStateException gone) {
                // unregistered while deactivating
            }
        }
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("local.port", network.transport().localAddress().getPort());
        return props;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping and the framework took it down already.
        }
        // The transport belongs to its provider; only the loop is ours to stop.
        network.useTransport(null);
        loop.close();
    }
}
