package dev.parley.net.internal;

import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.Transport;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The node's event loop and its {@link PacketNetwork} on the best-ranked {@link Transport},
 * published as a {@link PacketNetwork} service for the protocol bundles. When a better transport
 * arrives or the current one goes, the network is rebuilt on it (and its users with it).
 */
@Component(service = {}, immediate = true)
public final class NodeNetworkComponent {

    private final ThreadEventLoop loop;
    private final PacketNetwork network;
    private final ServiceRegistration<PacketNetwork> registration;

    @Activate
    public NodeNetworkComponent(BundleContext context,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) Transport transport) {
        this.loop = new ThreadEventLoop("parley-node-loop");
        this.network = new PacketNetwork(loop, transport);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("local.port", transport.localAddress().getPort());
        this.registration = context.registerService(PacketNetwork.class, network, props);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping and the framework took it down already.
        }
        // The transport belongs to its own component; only the loop is ours to stop.
        network.transport().start((from, data) -> { });
        loop.close();
    }
}
