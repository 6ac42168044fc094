package dev.parley.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory datagram network on a {@link VirtualEventLoop}: every node gets a
 * {@link Transport} with its own address in 10.0.0.0/8, and each datagram arrives after a latency
 * drawn from {@code [latencyMillis, latencyMillis + jitterMillis)} (jitter reorders packets) unless
 * it is lost with probability {@code loss}. All draws come from the loop's seeded random source,
 * so a run is deterministic. Nothing here touches a real socket.
 */
public final class SimulatedNetwork {

    private final VirtualEventLoop loop;
    private final Random random;
    private final long latencyMillis;
    private final long jitterMillis;
    private final double loss;
    private final Map<InetSocketAddress, SimTransport> nodes = new HashMap<>();
    private int nextHost = 1;
    private long delivered;
    private long lost;

    public SimulatedNetwork(VirtualEventLoop loop, long latencyMillis, long jitterMillis, double loss) {
        this.loop = loop;
        this.random = loop.random();
        this.latencyMillis = latencyMillis;
        this.jitterMillis = jitterMillis;
        this.loss = loss;
    }

    public VirtualEventLoop loop() {
        return loop;
    }

    /** A new transport with a fresh address. */
    public Transport newTransport() {
        int h = nextHost++;
        try {
            InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (h >> 16), (byte) (h >> 8), (byte) h});
            SimTransport t = new SimTransport(new InetSocketAddress(ip, 33445));
            nodes.put(t.address, t);
            return t;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public long delivered() {
        return delivered;
    }

    public long lost() {
        return lost;
    }

    private final class SimTransport implements Transport {
        final InetSocketAddress address;
        Receiver receiver;
        boolean closed;

        SimTransport(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public void start(Receiver r) {
            this.receiver = r;
        }

        @Override
        public boolean send(InetSocketAddress to, byte[] data) {
            if (closed) {
                return false;
            }
            SimTransport dst = nodes.get(to);
            if (dst == null || (loss > 0 && random.nextDouble() < loss)) {
                lost++;
                return true;
            }
            byte[] copy = data.clone();
            long delay = latencyMillis + (jitterMillis > 0 ? (long) (random.nextDouble() * jitterMillis) : 0);
            loop.schedule(() -> {
                if (!dst.closed && dst.receiver != null) {
                    delivered++;
                    dst.receiver.receive(address, copy);
                }
            }, delay);
            return true;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public boolean supportsIpv6() {
            return false;
        }

        @Override
        public void close() {
            closed = true;
            nodes.remove(address);
        }
    }
}
