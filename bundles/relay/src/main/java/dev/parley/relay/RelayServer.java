package dev.parley.relay;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.relay.wire.ClientHandshake;
import dev.parley.relay.wire.HandshakePayload;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.RelaySizes;
import dev.parley.relay.wire.RelayWireException;
import dev.parley.relay.wire.SecureFrames;
import dev.parley.relay.wire.ServerHandshake;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Tox TCP relay server as plain state on one event loop (spec "TCP server"; behaviour after
 * c-toxcore's TCP_server.c):
 *
 * <ul>
 *   <li>A new stream must send the 128-byte client handshake; the server answers with its own
 *       and waits for the first frame, which confirms the client. Both within
 *       {@link Options#handshakeTimeoutMillis}; at most {@link Options#maxPending} streams wait at
 *       once (the oldest is dropped, like c-toxcore's incoming queue of 256).
 *   <li>A confirmed client is known by its DHT key; a second client with the same key replaces
 *       the first.
 *   <li>Routing request: a free connection id 16..255 (or the one already given for that key, or 0
 *       when full or when the key is the client's own). When both clients have asked for each
 *       other, both get a connect notification and data flows between the two ids.
 *   <li>A disconnect notification (or the client going away) frees the id; the linked peer gets
 *       a disconnect notification and keeps its id, waiting.
 *   <li>Ping every {@link Options#pingIntervalMillis}; no pong within
 *       {@link Options#pingTimeoutMillis} more closes the client. Pings are answered.
 *   <li>OOB send goes to the client with that key if connected here.
 *   <li>Onion requests go to the {@link RelayOnion}; responses come back by client handle.
 *   <li>Limits: control packets are always queued; data, OOB and onion responses are dropped
 *       when the receiver's stream already holds {@link Options#dropDataAboveBytes}
 *       (c-toxcore drops non-priority packets once a socket is backed up); a stream whose queue
 *       passes {@link Options#closeAboveBytes} is closed.
 *   <li>Anything that does not decode or authenticate, or breaks the protocol as c-toxcore
 *       judges it, closes that client only, and is counted.
 * </ul>
 */
public final class RelayServer {

    /** Timeouts and limits; the defaults are c-toxcore's. */
    public record Options(long handshakeTimeoutMillis, long pingIntervalMillis, long pingTimeoutMillis,
                          int maxPending, int maxClients, long dropDataAboveBytes, long closeAboveBytes) {
        public static Options defaults() {
            return new Options(10_000, 30_000, 10_000, 256, 1 << 20, 256 * 1024, 4 * 1024 * 1024);
        }
    }

    private final EventLoop loop;
    private final KeyPair keys;
    private final Options options;
    private final Random random;
    private RelayOnion onion = RelayOnion.NONE;

    private final LinkedHashSet<Session> pending = new LinkedHashSet<>();
    private final Map<Key, Session> clients = new HashMap<>();
    private final Map<Long, Session> byHandle = new HashMap<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private long nextHandle = 1;
    private long largestQueue;
    private Cancellable timer;

    public RelayServer(EventLoop loop, KeyPair keys, Options options, Random random) {
        this.loop = loop;
        this.keys = keys;
        this.options = options;
        this.random = random;
    }

    /** Starts the once-a-second sweep of timeouts and pings. Call on the loop. */
    public void start() {
        if (timer == null) {
            timer = loop.every(1000, this::sweep);
        }
    }

    /** Closes every stream and stops the sweep. Call on the loop. */
    public void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        for (Session s : new java.util.ArrayList<>(pending)) {
            s.kill("server stopped");
        }
        for (Session s : new java.util.ArrayList<>(clients.values())) {
            s.kill("server stopped");
        }
    }

    public void setOnion(RelayOnion onion) {
        this.onion = onion == null ? RelayOnion.NONE : onion;
    }

    public byte[] publicKey() {
        return keys.publicKey();
    }

    /** A new stream was accepted. Call on the loop. */
    public Session open(RelayLink link) {
        Session s = new Session(link, loop.nowMillis());
        pending.add(s);
        count("streams accepted");
        if (pending.size() > options.maxPending) {
            Session oldest = pending.iterator().next();
            oldest.kill("too many pending streams");
        }
        return s;
    }

    /** Delivers an onion response to the client with this handle, if still connected. */
    public boolean onionResponse(long client, byte[] payload) {
        Session s = byHandle.get(client);
        if (s == null || payload.length == 0 || payload.length + 1 > RelaySizes.MAX_PLAIN) {
            count("onion responses dropped");
            return false;
        }
        return s.send(new RelayPacket.OnionResponse(payload), false);
    }

    /** Confirmed clients now. */
    public int clientCount() {
        return clients.size();
    }

    /** Streams still in the handshake. */
    public int pendingCount() {
        return pending.size();
    }

    /** Counters by name (streams, drops, closes with reason). Read on the loop. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(counters);
        out.put("largest receiver queue (bytes)", largestQueue);
        return out;
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    private void sweep() {
        long now = loop.nowMillis();
        for (Session s : new java.util.ArrayList<>(pending)) {
            if (now - s.openedAt >= options.handshakeTimeoutMillis) {
                s.kill("handshake timeout");
            }
        }
        for (Session s : new java.util.ArrayList<>(clients.values())) {
            if (s.pingId != 0 && now - s.lastPinged >= options.pingTimeoutMillis) {
                s.kill("ping timeout");
            } else if (now - s.lastPinged >= options.pingIntervalMillis) {
                long id;
                do {
                    id = random.nextLong();
                } while (id == 0);
                s.pingId = id;
                s.lastPinged = now;
                s.send(new RelayPacket.Ping(id), true);
            }
        }
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static final class Slot {
        final byte[] publicKey;
        Session other;
        int otherIndex;

        Slot(byte[] publicKey) {
            this.publicKey = publicKey;
        }

        boolean linked() {
            return other != null;
        }
    }

    /** One stream, from its first byte to its close. */
    public final class Session {
        private enum State { HANDSHAKE, UNCONFIRMED, CONFIRMED, CLOSED }

        private final RelayLink link;
        private final long openedAt;
        private State state = State.HANDSHAKE;
        private final IncomingStream stream = new IncomingStream();
        private SecureFrames frames;
        private byte[] publicKey;
        private long handle;
        private final Slot[] slots = new Slot[RelaySizes.CONNECTIONS_PER_CLIENT];
        private long lastPinged;
        private long pingId;

        Session(RelayLink link, long openedAt) {
            this.link = link;
            this.openedAt = openedAt;
        }

        /** The client's DHT key once known, else null. */
        public byte[] publicKey() {
            return publicKey == null ? null : publicKey.clone();
        }

        /** Bytes read from the stream. Call on the loop. */
        public void received(byte[] chunk) {
            if (state == State.CLOSED || chunk.length == 0) {
                return;
            }
            stream.add(chunk);
            while (state != State.CLOSED) {
                if (state == State.HANDSHAKE) {
                    Optional<byte[]> h = stream.take(ClientHandshake.SIZE);
                    if (h.isEmpty()) {
                        return;
                    }
                    handshake(h.get());
                    continue;
                }
                IncomingStream.Next next = stream.nextPacket(frames);
                if (next instanceof IncomingStream.Bad bad) {
                    count(bad.counter());
                    kill(bad.reason());
                    return;
                }
                if (!(next instanceof IncomingStream.Packet packet)) {
                    return; // need more bytes
                }
                RelayPacket p = packet.packet();
                if (state == State.UNCONFIRMED && !confirm()) {
                    return;
                }
                handle(p);
            }
        }

        /** The stream is gone. Call on the loop. */
        public void closed() {
            kill(null);
        }

        private void handshake(byte[] bytes) {
            ClientHandshake h = ClientHandshake.decode(Unpooled.wrappedBuffer(bytes));
            Optional<SharedKey> k = SharedKey.precompute(keys, h.publicKey());
            Optional<HandshakePayload> p = k.flatMap(h::open);
            if (p.isEmpty()) {
                count("handshakes not authenticated");
                kill("handshake did not authenticate");
                return;
            }
            KeyPair temp = KeyPair.generate();
            Optional<SharedKey> session = SharedKey.precompute(temp, p.get().tempPublicKey());
            if (session.isEmpty()) {
                count("handshakes not authenticated");
                kill("handshake with a low-order key");
                return;
            }
            Nonce base = Nonce.random();
            ServerHandshake answer = ServerHandshake.seal(k.get(), new HandshakePayload(temp.publicKey(), base));
            temp.destroy();
            k.get().destroy();
            frames = new SecureFrames(session.get(), base, p.get().baseNonce());
            publicKey = h.publicKey();
            state = State.UNCONFIRMED;
            link.write(answer.toBytes());
        }

        private boolean confirm() {
            pending.remove(this);
            if (clients.size() >= options.maxClients) {
                count("clients refused: full");
                kill("too many clients");
                return false;
            }
            Session old = clients.get(new Key(publicKey));
            if (old != null) {
                count("clients replaced");
                old.kill("replaced by a new stream with the same key");
            }
            state = State.CONFIRMED;
            handle = nextHandle++;
            clients.put(new Key(publicKey), this);
            byHandle.put(handle, this);
            lastPinged = loop.nowMillis();
            count("clients confirmed");
            return true;
        }

        private void handle(RelayPacket packet) {
            if (packet instanceof RelayPacket.RoutingRequest r) {
                route(r.publicKey());
            } else if (packet instanceof RelayPacket.ConnectNotification) {
                return;
            } else if (packet instanceof RelayPacket.DisconnectNotification d) {
                int i = d.connectionId() - RelaySizes.RESERVED_IDS;
                if (i < 0 || slots[i] == null) {
                    count("disconnects for unknown ids");
                    kill("disconnect for an unknown id");
                    return;
                }
                unlink(i);
            } else if (packet instanceof RelayPacket.Ping p) {
                send(new RelayPacket.Pong(p.pingId()), true);
            } else if (packet instanceof RelayPacket.Pong p) {
                if (p.pingId() == 0) {
                    count("zero pongs");
                    kill("pong with id 0");
                } else if (p.pingId() == pingId) {
                    pingId = 0;
                }
            } else if (packet instanceof RelayPacket.OobSend o) {
                Session to = clients.get(new Key(o.destination()));
                if (to != null) {
                    to.send(new RelayPacket.OobRecv(publicKey, o.data()), false);
                    count("oob forwarded");
                } else {
                    count("oob to absent clients");
                }
            } else if (packet instanceof RelayPacket.OnionRequest o) {
                count(onion.send(handle, o) ? "onion requests forwarded" : "onion requests dropped");
            } else if (packet instanceof RelayPacket.Data d) {
                int i = d.connectionId() - RelaySizes.RESERVED_IDS;
                Slot s = slots[i];
                if (s == null) {
                    count("data on unknown ids");
                    kill("data on an unknown id");
                    return;
                }
                if (!s.linked()) {
                    count("data before link");
                    return;
                }
                if (s.other.send(new RelayPacket.Data(s.otherIndex + RelaySizes.RESERVED_IDS, d.data()), false)) {
                    count("data forwarded");
                }
            } else {
                // Routing response, OOB recv, onion response: only a server sends those.
                count("protocol errors");
                kill("server-only packet kind from a client");
            }
        }

        private void route(byte[] to) {
            if (Arrays.equals(to, publicKey)) {
                send(new RelayPacket.RoutingResponse(0, to), true);
                return;
            }
            int free = -1;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null) {
                    if (free < 0) {
                        free = i;
                    }
                } else if (Arrays.equals(slots[i].publicKey, to)) {
                    send(new RelayPacket.RoutingResponse(i + RelaySizes.RESERVED_IDS, to), true);
                    return;
                }
            }
            if (free < 0) {
                count("routing refused: full");
                send(new RelayPacket.RoutingResponse(0, to), true);
                return;
            }
            if (!send(new RelayPacket.RoutingResponse(free + RelaySizes.RESERVED_IDS, to), true)) {
                return;
            }
            Slot mine = new Slot(to);
            slots[free] = mine;
            Session other = clients.get(new Key(to));
            if (other == null) {
                return;
            }
            for (int j = 0; j < other.slots.length; j++) {
                Slot theirs = other.slots[j];
                if (theirs != null && !theirs.linked() && Arrays.equals(theirs.publicKey, publicKey)) {
                    mine.other = other;
                    mine.otherIndex = j;
                    theirs.other = this;
                    theirs.otherIndex = free;
                    count("links made");
                    send(new RelayPacket.ConnectNotification(free + RelaySizes.RESERVED_IDS), true);
                    other.send(new RelayPacket.ConnectNotification(j + RelaySizes.RESERVED_IDS), true);
                    return;
                }
            }
        }

        private void unlink(int i) {
            Slot s = slots[i];
            slots[i] = null;
            if (s != null && s.linked()) {
                Slot theirs = s.other.slots[s.otherIndex];
                if (theirs != null) {
                    theirs.other = null;
                    theirs.otherIndex = 0;
                    s.other.send(new RelayPacket.DisconnectNotification(s.otherIndex + RelaySizes.RESERVED_IDS), true);
                }
            }
        }

        /** Sends one packet; false if dropped (or the stream was closed for its backlog). */
        boolean send(RelayPacket p, boolean priority) {
            if (state == State.CLOSED || frames == null) {
                return false;
            }
            long queued = link.queuedBytes();
            largestQueue = Math.max(largestQueue, queued);
            if (!priority && queued > options.dropDataAboveBytes) {
                count("dropped: receiver backed up");
                return false;
            }
            if (queued > options.closeAboveBytes) {
                count("closed: backlog");
                kill("backlog of " + queued + " bytes");
                return false;
            }
            link.write(frames.seal(p.toBytes()));
            return true;
        }

        void kill(String why) {
            if (state == State.CLOSED) {
                return;
            }
            State was = state;
            state = State.CLOSED;
            pending.remove(this);
            if (was == State.CONFIRMED) {
                Key k = new Key(publicKey);
                if (clients.get(k) == this) {
                    clients.remove(k);
                }
                byHandle.remove(handle);
                for (int i = 0; i < slots.length; i++) {
                    unlink(i);
                }
            }
            if (why != null) {
                count("streams closed by server");
            } else {
                count("streams closed by client");
            }
            stream.clear();
            link.close();
        }

        @Override
        public String toString() {
            return "relay session " + link.describe() + " " + state;
        }
    }
}
