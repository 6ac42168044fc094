package dev.parley.net;

import dev.parley.api.transport.DatagramTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One node's packet layer: receives from a {@link DatagramTransport}, hops the datagrams onto the
 * node's {@link EventLoop} (those that arrive together in one loop task), dispatches it by its first byte to the registered {@link PacketHandler}
 * and counts, per kind, what was received, sent, dropped and malformed. Handlers are registered and
 * called on the loop; counters may be read from any thread.
 *
 * <p>The transport may change while the node runs ({@link #useTransport}): the UDP transport
 * bundle stopped, started again on a new socket, or replaced by a better-ranked provider. Without
 * one, or with one that {@linkplain DatagramTransport#carriesDatagrams() carries no datagrams},
 * sending fails quietly and {@link #udpAvailable()} is false; the protocols keep their state and
 * pick the next transport up. {@link #onTransportChange} hears each change, on the loop.
 */
public final class PacketNetwork implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PacketNetwork.class.getName());
    private static final InetSocketAddress UNBOUND = new InetSocketAddress(0);
    private static final DatagramTransport.Receiver DROP = (from, data) -> { };

    private final EventLoop loop;
    private volatile DatagramTransport current;
    private final Transport view = new CurrentTransport();
    private final List<Runnable> transportListeners = new CopyOnWriteArrayList<>();
    private final PacketHandler[] handlers = new PacketHandler[256];
    private final AtomicLongArray received = new AtomicLongArray(256);
    private final AtomicLongArray sent = new AtomicLongArray(256);
    private final AtomicLongArray dropped = new AtomicLongArray(256);
    private final AtomicLongArray malformed = new AtomicLongArray(256);

    public PacketNetwork(EventLoop loop, DatagramTransport transport) {
        this.loop = loop;
        useTransport(transport);
    }

    /** A packet network with no transport yet: nothing is sent until {@link #useTransport} gives one. */
    public PacketNetwork(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop loop() {
        return loop;
    }

    /**
     * The transport in use, as a view that always follows the current one: without a transport it
     * sends nothing and reports the unbound address {@code 0.0.0.0:0}.
     */
    public Transport transport() {
        return view;
    }

    /**
     * Moves to {@code next} (null: none). The previous transport gets a receiver that drops
     * everything; it is not closed (it belongs to whoever provided it). Any thread.
     */
    public void useTransport(DatagramTransport next) {
        DatagramTransport previous = current;
        if (previous == next) {
            return;
        }
        current = next;
        if (previous != null) {
            previous.start(DROP);
        }
        if (next != null) {
            next.start((from, data) -> {
                if (current == next) {
                    arrived(from, data);
                }
            });
        }
        if (!transportListeners.isEmpty()) {
            loop.execute(() -> transportListeners.forEach(PacketNetwork::runQuietly));
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transport listener failed", e);
        }
    }

    /** The transport in use itself, or null. */
    public DatagramTransport currentTransport() {
        return current;
    }

    /** Whether datagrams can be sent now (a transport is in use and it carries datagrams). */
    public boolean udpAvailable() {
        DatagramTransport t = current;
        return t != null && t.carriesDatagrams();
    }

    /** Calls {@code listener} on the loop after every change of transport. */
    public void onTransportChange(Runnable listener) {
        transportListeners.add(listener);
    }

    public void removeTransportListener(Runnable listener) {
        transportListeners.remove(listener);
    }

    /** Registers (or with null removes) the handler of one packet kind. */
    public void register(int kind, PacketHandler handler) {
        handlers[kind & 0xff] = handler;
    }

    /** Sends one packet, counted under its first byte. */
    public boolean send(InetSocketAddress to, byte[] packet) {
        if (packet.length == 0) {
            return false;
        }
        DatagramTransport t = current;
        boolean ok = t != null && t.send(to, packet);
        if (ok) {
            sent.incrementAndGet(packet[0] & 0xff);
        }
        return ok;
    }

    /** A datagram the transport handed over, waiting for the loop. */
    private record Arrival(InetSocketAddress from, byte[] data) {
    }

    /** Most datagrams one loop task dispatches before it lets the loop's other tasks run. */
    static final int MAX_BATCH = 64;

    private final ConcurrentLinkedQueue<Arrival> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /**
     * Queues a datagram from the transport's thread and wakes the loop only if no task that takes
     * the queue is pending: datagrams that arrive while the loop is busy go with one task (one
     * wake-up), not one task each.
     */
    private void arrived(InetSocketAddress from, byte[] data) {
        inbox.add(new Arrival(from, data));
        if (drainQueued.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    /** Loop thread only: the packet kinds of the batch the drain task took last (a bit each). */
    private final long[] batchKinds = new long[4];

    /** The drain task; it names the packet kinds of its last batch, for the loop's slow-task trace. */
    private final Runnable drain = new Runnable() {
        @Override
        public void run() {
            drainInbox();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("datagrams");
            for (int k = 0; k < 256; k++) {
                if ((batchKinds[k >> 6] & (1L << k)) != 0) {
                    b.append(String.format(" %02x", k));
                }
            }
            return b.toString();
        }
    };

    private void drainInbox() {
        java.util.Arrays.fill(batchKinds, 0);
        Arrival a;
        for (int i = 0; i < MAX_BATCH && (a = inbox.poll()) != null; i++) {
            if (a.data().length > 0) {
                int k = a.data()[0] & 0xff;
                batchKinds[k >> 6] |= 1L << k;
            }
            dispatch(Addresses.normalize(a.from()), a.data());
        }
        drainQueued.set(false);
        // What came after the last poll, or beyond the batch, goes with the next task.
        if (!inbox.isEmpty() && drainQueued.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    /** Dispatches one received datagram; visible for transports that already run on the loop. */
    void dispatch(InetSocketAddress from, byte[] data) {
        deliver(from, data, data.length == 0 ? null : handlers[data[0] & 0xff]);
    }

    /**
     * Hands {@code data}, which reached this node another way than this network's transport (an
     * onion response through a TCP relay), to {@code handler}, and counts it under its first byte
     * exactly as a received datagram is counted. On the loop only.
     */
    public void deliver(InetSocketAddress from, byte[] data, PacketHandler handler) {
        if (data.length == 0) {
            malformed.incrementAndGet(0);
            return;
        }
        int kind = data[0] & 0xff;
        received.incrementAndGet(kind);
        PacketHandler h = handler;
        if (h == null) {
            dropped.incrementAndGet(kind);
            return;
        }
        PacketHandler.Verdict v;
        try {
            v = h.handle(from, data);
        } catch (RuntimeException e) {
            // A handler bug must not take the node down; count the packet as bad input.
            LOG.log(Level.FINE, "handler of kind " + kind + " threw", e);
            v = PacketHandler.Verdict.MALFORMED;
        }
        if (v == PacketHandler.Verdict.DROPPED) {
            dropped.incrementAndGet(kind);
        } else if (v == PacketHandler.Verdict.MALFORMED) {
            malformed.incrementAndGet(kind);
        }
    }

    /** Counters of one kind. */
    public PacketCounters counters(int kind) {
        int k = kind & 0xff;
        return new PacketCounters(k, received.get(k), sent.get(k), dropped.get(k), malformed.get(k));
    }

    /** Counters of every kind that saw any traffic. */
    public List<PacketCounters> counters() {
        List<PacketCounters> out = new ArrayList<>();
        for (int k = 0; k < 256; k++) {
            PacketCounters c = counters(k);
            if (c.received() + c.sent() + c.dropped() + c.malformed() > 0) {
                out.add(c);
            }
        }
        return out;
    }

    /** Closes the transport in use (for a network that owns its transport, as in tests and tools). */
    @Override
    public void close() {
        DatagramTransport t = current;
        if (t != null) {
            t.close();
        }
    }

    /** {@link #transport()}: the current transport, or one that carries nothing. */
    private final class CurrentTransport implements Transport {
        @Override
        public void start(Receiver receiver) {
            throw new UnsupportedOperationException("the packet network receives from its transport itself");
        }

        @Override
        public boolean send(InetSocketAddress to, byte[] data) {
            DatagramTransport t = current;
            return t != null && t.send(to, data);
        }

        @Override
        public InetSocketAddress localAddress() {
            DatagramTransport t = current;
            InetSocketAddress a = t == null ? null : t.localAddress();
            return a == null ? UNBOUND : a;
        }

        @Override
        public boolean supportsIpv6() {
            DatagramTransport t = current;
            return t != null && t.supportsIpv6();
        }

        @Override
        public boolean carriesDatagrams() {
            return udpAvailable();
        }

        @Override
        public void close() {
            PacketNetwork.this.close();
        }

        @Override
        public String toString() {
            DatagramTransport t = current;
            return t == null ? "no transport" : t.toString();
        }
    }
}
