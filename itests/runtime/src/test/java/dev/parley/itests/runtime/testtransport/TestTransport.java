package dev.parley.itests.runtime.testtransport;

import dev.parley.api.transport.DatagramTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The activator of the transport add-on that {@code AddonsIT} packs at run time: a plain UDP
 * socket on 127.0.0.1, offered as a {@link DatagramTransport} of kind {@code test-loopback} that
 * outranks the built-in UDP transport, as a third-party transport add-on would. Stopping the
 * bundle closes the socket and its thread.
 */
public final class TestTransport implements BundleActivator, DatagramTransport {
    public static final String KIND_NAME = "test-loopback";

    private DatagramSocket socket;
    private Thread reader;
    private volatile Receiver receiver = (from, data) -> { };

    @Override
    public void start(BundleContext context) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::read, "test-transport-" + context.getBundle().getVersion());
        reader.setDaemon(true);
        reader.start();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(KIND, KIND_NAME);
        props.put(Constants.SERVICE_RANKING, 100);
        props.put("version", context.getBundle().getVersion().toString());
        context.registerService(DatagramTransport.class, this, props);
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        close();
        reader.join(5_000);
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            receiver.receive((InetSocketAddress) p.getSocketAddress(), Arrays.copyOf(p.getData(), p.getLength()));
        }
    }

    @Override
    public void start(Receiver r) {
        receiver = r;
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public boolean supportsIpv6() {
        return false;
    }

    @Override
    public void close() {
        socket.close();
    }
}
