package dev.parley.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One node's packet layer: receives from a {@link Transport}, hops each datagram onto the node's
 * {@link EventLoop}, dispatches it by its first byte to the registered {@link PacketHandler} and
 * counts, per kind, what was received, sent, dropped and malformed. Handlers are registered and
 * called on the loop; counters may be read from any thread.
 */
public final class PacketNetwork implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PacketNetwork.class.getName());

    private final EventLoop loop;
    private final Transport transport;
    private final PacketHandler[] handlers = new PacketHandler[256];
    private final AtomicLongArray received = new AtomicLongArray(256);
    private final AtomicLongArray sent = new AtomicLongArray(256);
    private final AtomicLongArray dropped = new AtomicLongArray(256);
    private final AtomicLongArray malformed = new AtomicLongArray(256);

    public PacketNetwork(EventLoop loop, Transport transport) {
        this.loop = loop;
        this.transport = transport;
        transport.start((from, data) -> loop.execute(() -> dispatch(Addresses.normalize(from), data)));
    }

    public EventLoop loop() {
        return loop;
    }

    public Transport transport() {
        return transport;
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
        boolean ok = transport.send(to, packet);
        if (ok) {
            sent.incrementAndGet(packet[0] & 0xff);
        }
        return ok;
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

    @Override
    public void close() {
        transport.close();
    }
}
