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
 *
 * <p>Hosts may sit behind a simulated {@link Nat} ({@link #newNat}, {@link #newTransportBehind}):
 * the NAT rewrites their source address to its public one, and lets an inbound datagram through
 * only from a remote address the inside host has sent to from that mapping (port-restricted).
 */
public final class SimulatedNetwork {

    private final VirtualEventLoop loop;
    private final Random random;
    private final long latencyMillis;
    private final long jitterMillis;
    private double loss;
    private double duplication;
    private long duplicated;
    private final Map<InetSocketAddress, SimTransport> nodes = new HashMap<>();
    private final Map<InetAddress, Nat> nats = new HashMap<>();
    private int nextHost = 1;
    private int nextNat = 1;
    private long delivered;
    private long lost;
    private long natDropped;

    /** How a simulated NAT picks the public port of an outbound mapping. */
    public enum NatType {
        /** One public port per inside address, whatever the destination (port-restricted cone). */
        PORT_RESTRICTED_CONE,
        /** A new public port for each destination, the previous one plus one (predictable symmetric). */
        SYMMETRIC_SEQUENTIAL
    }

    /**
     * A NAT with its own public address in 10.200.0.0/16. Inbound datagrams pass only to a mapping
     * whose inside host sent to exactly that remote address and port; mappings do not expire.
     */
    public final class Nat {
        private final NatType type;
        private final InetAddress publicIp;
        private final Map<String, Integer> mappings = new HashMap<>();
        private final Map<Integer, InetSocketAddress> insideOf = new HashMap<>();
        private final Map<Integer, java.util.Set<InetSocketAddress>> allowed = new HashMap<>();
        private final int index;
        private int nextPort;
        private int nextInside = 2;

        private Nat(int index, NatType type, InetAddress publicIp, int firstPort) {
            this.index = index;
            this.type = type;
            this.publicIp = publicIp;
            this.nextPort = firstPort;
        }

        public InetAddress publicIp() {
            return publicIp;
        }

        public NatType type() {
            return type;
        }

        /** The public source address of a datagram from {@code inside} to {@code to}; opens the way back. */
        InetSocketAddress outbound(InetSocketAddress inside, InetSocketAddress to) {
            String key = type == NatType.PORT_RESTRICTED_CONE ? inside.toString() : inside + ">" + to;
            int port = mappings.computeIfAbsent(key, k -> {
                int p = nextPort;
                nextPort = nextPort >= 65535 ? 1024 : nextPort + 1;
                return p;
            });
            insideOf.put(port, inside);
            allowed.computeIfAbsent(port, p -> new java.util.HashSet<>()).add(to);
            return new InetSocketAddress(publicIp, port);
        }

        /** The inside host a datagram from {@code from} to public {@code port} goes to, or null if dropped. */
        InetSocketAddress inbound(int port, InetSocketAddress from) {
            java.util.Set<InetSocketAddress> ok = allowed.get(port);
            return ok != null && ok.contains(from) ? insideOf.get(port) : null;
        }
    }

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
            SimTransport t = new SimTransport(new InetSocketAddress(ip, 33445), null);
            nodes.put(t.address, t);
            return t;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A new NAT; its public ports start at {@code firstPort}. */
    public Nat newNat(NatType type, int firstPort) {
        int n = nextNat++;
        try {
            InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) 200, (byte) (n >> 8), (byte) n});
            Nat nat = new Nat(n, type, ip, firstPort);
            nats.put(ip, nat);
            return nat;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A new transport for a host behind {@code nat}, with a private address (192.168.NAT.host). */
    public Transport newTransportBehind(Nat nat) {
        int h = nat.nextInside++;
        try {
            InetAddress ip = InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, (byte) nat.index, (byte) h});
            SimTransport t = new SimTransport(new InetSocketAddress(ip, 33445), nat);
            nodes.put(t.address, t);
            return t;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Changes the conditions from now on: each datagram is lost with probability {@code loss}, and a
     * datagram that is not lost arrives twice with probability {@code duplication} (the copy with its
     * own delay, so it may come before the original). Jitter larger than the gap between datagrams
     * reorders them.
     */
    public void setConditions(double loss, double duplication) {
        this.loss = loss;
        this.duplication = duplication;
    }

    /** Datagrams delivered a second time. */
    public long duplicated() {
        return duplicated;
    }

    /** Datagrams a NAT dropped because its inside host had not sent to their source. */
    public long natDropped() {
        return natDropped;
    }

    public long delivered() {
        return delivered;
    }

    public long lost() {
        return lost;
    }

    private final class SimTransport implements Transport {
        final InetSocketAddress address;
        final Nat nat;
        Receiver receiver;
        boolean closed;

        SimTransport(InetSocketAddress address, Nat nat) {
            this.address = address;
            this.nat = nat;
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
            InetSocketAddress source = nat == null ? address : nat.outbound(address, to);
            Nat dstNat = nats.get(to.getAddress());
            InetSocketAddress inside = to;
            if (dstNat != null) {
                inside = dstNat.inbound(to.getPort(), source);
                if (inside == null) {
                    natDropped++;
                    return true;
                }
            } else if (to.getAddress().isSiteLocalAddress() && to.getAddress().getAddress()[0] == (byte) 192) {
                // Private addresses behind a NAT are not routed from outside.
                inside = null;
            }
            SimTransport dst = inside == null ? null : nodes.get(inside);
            if (dst == null || (loss > 0 && random.nextDouble() < loss)) {
                lost++;
                return true;
            }
            deliverLater(dst, source, data);
            if (duplication > 0 && random.nextDouble() < duplication) {
                duplicated++;
                deliverLater(dst, source, data);
            }
            return true;
        }

        private void deliverLater(SimTransport dst, InetSocketAddress source, byte[] data) {
            byte[] copy = data.clone();
            long delay = latencyMillis + (jitterMillis > 0 ? (long) (random.nextDouble() * jitterMillis) : 0);
            loop.schedule(() -> {
                if (!dst.closed && dst.receiver != null) {
                    delivered++;
                    dst.receiver.receive(source, copy);
                }
            }, delay);
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
