package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import dev.parley.api.transport.DatagramTransport;
import dev.parley.net.PacketNetwork;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The transport SPI in a real framework (core feature): the bundle {@code dev.parley.transport.udp}
 * is stopped and started at run time while the node's packet network and DHT stay up (same
 * services, no restart): without it the node runs on the TCP-relay-only provider and its socket is
 * closed; started again, it binds a new socket the network uses. A provider with a higher ranking
 * (as an add-on would register) takes over and gives way again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportSwapIT {
    static final long DEADLINE_MS = 10_000;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("core");
    }

    @Test
    public void udpBundleStopsAndStartsUnderARunningNode() throws Exception {
        PacketNetwork network = FeatureBootSupport.waitFor(context, PacketNetwork.class);
        Object dht = FeatureBootSupport.waitFor(context, dev.parley.dht.DhtService.class);
        long networkId = serviceId(PacketNetwork.class);
        long dhtId = serviceId(dev.parley.dht.DhtService.class);
        await("UDP at start", network::udpAvailable);
        int port = network.transport().localAddress().getPort();
        assertTrue(port > 0);
        assertEquals("udp", best().getProperty(DatagramTransport.KIND));

        Bundle udp = bundle("dev.parley.transport.udp");
        udp.stop();
        await("UDP gone", () -> !network.udpAvailable());
        assertEquals("tcp-relay-only", best().getProperty(DatagramTransport.KIND));
        assertEquals(0, network.transport().localAddress().getPort());
        assertFalse("nothing can be sent", network.send(new InetSocketAddress("127.0.0.1", port), new byte[] {2, 0}));
        try (DatagramSocket s = new DatagramSocket(port)) {
            assertEquals("the node's socket is closed: its port is free", port, s.getLocalPort());
        }
        assertEquals("the same packet network", networkId, serviceId(PacketNetwork.class));
        assertEquals("the same DHT", dhtId, serviceId(dev.parley.dht.DhtService.class));

        udp.start();
        await("UDP back", network::udpAvailable);
        assertTrue(network.transport().localAddress().getPort() > 0);
        assertEquals("udp", best().getProperty(DatagramTransport.KIND));
        assertEquals(networkId, serviceId(PacketNetwork.class));
        assertEquals(dhtId, serviceId(dev.parley.dht.DhtService.class));
        assertSame(dht, FeatureBootSupport.waitFor(context, dev.parley.dht.DhtService.class));
    }

    @Test
    public void aBetterRankedProviderTakesOverAndGivesWay() throws Exception {
        PacketNetwork network = FeatureBootSupport.waitFor(context, PacketNetwork.class);
        await("UDP", network::udpAvailable);
        InetSocketAddress udpAddress = network.transport().localAddress();
        InetSocketAddress mine = new InetSocketAddress("127.0.0.1", 4242);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(DatagramTransport.KIND, "test");
        props.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<DatagramTransport> reg = context.registerService(DatagramTransport.class,
                new DatagramTransport() {
                    @Override
                    public void start(Receiver receiver) {
                    }

                    @Override
                    public boolean send(InetSocketAddress to, byte[] data) {
                        return true;
                    }

                    @Override
                    public InetSocketAddress localAddress() {
                        return mine;
                    }

                    @Override
                    public boolean supportsIpv6() {
                        return false;
                    }

                    @Override
                    public void close() {
                    }
                }, props);
        try {
            await("the add-on's transport in use", () -> mine.equals(network.transport().localAddress()));
        } finally {
            reg.unregister();
        }
        await("back on UDP", () -> udpAddress.equals(network.transport().localAddress()));
        assertTrue(network.udpAvailable());
    }

    private ServiceReference<DatagramTransport> best() {
        ServiceReference<DatagramTransport> r = context.getServiceReference(DatagramTransport.class);
        assertNotNull("a transport provider", r);
        return r;
    }

    private long serviceId(Class<?> type) {
        ServiceReference<?> r = context.getServiceReference(type.getName());
        assertNotNull(type.getName(), r);
        return (Long) r.getProperty(Constants.SERVICE_ID);
    }

    private Bundle bundle(String bsn) {
        return FeatureBootSupport.bundle(context, bsn);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        FeatureBootSupport.await(what, DEADLINE_MS, condition);
    }
}
