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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One client connection to a Tox TCP relay as plain state on the node's event loop (spec "TCP
 * client"; behaviour after c-toxcore's TCP_client.c). The transport hands it a {@link RelayLink}
 * when the socket is up ({@link #connected}), the bytes it reads ({@link #received}) and the end
 * of the stream ({@link #closed}); everything else is calls from the owner and callbacks to its
 * {@link Listener}.
 *
 * <ul>
 *   <li>On connect the client writes its 128-byte handshake, waits for the server's 96 bytes
 *       and then sends a ping at once: the first frame is what confirms a client to the server.
 *       No server handshake within {@link Options#handshakeTimeoutMillis} closes the connection.
 *   <li>{@link #route} asks for a connection id to a peer's DHT key; the routing response gives
 *       the id, a connect notification says the peer asked for us too ({@link Listener#peerOnline}),
 *       a disconnect notification that it went away (the id stays ours, waiting).
 *   <li>Pings from the server are answered. The client pings every
 *       {@link Options#pingIntervalMillis}; no pong within {@link Options#pingTimeoutMillis}
 *       closes the connection.
 *   <li>A frame that does not authenticate or decode, a packet only a client may send, or an
 *       id the server never gave closes the connection and is counted, as c-toxcore does.
 * </ul>
 *
 * Every method must be called on the loop.
 */
public final class RelayClient {

    /** Timeouts; the defaults are c-toxcore's (TCP_CONNECTION_TIMEOUT, TCP_PING_FREQUENCY, TCP_PING_TIMEOUT). */
    public record Options(long handshakeTimeoutMillis, long pingIntervalMillis, long pingTimeoutMillis) {
        public static Options defaults() {
            return new Options(10_000, 30_000, 10_000);
        }
    }

    /** Where the client's news goes; all calls on the loop. Defaults do nothing. */
    public interface Listener {
        /** The handshake is done; routing, OOB and onion packets may be sent now. */
        default void ready(RelayClient client) {
        }

        /** The relay gave {@code connectionId} for {@code peer}, or refused (id 0). */
        default void routed(RelayClient client, byte[] peer, int connectionId) {
        }

        /** The peer is linked to us on this relay: data may flow. */
        default void peerOnline(RelayClient client, byte[] peer) {
        }

        /** The peer's side of the link went away (it disconnected or left the relay). */
        default void peerOffline(RelayClient client, byte[] peer) {
        }

        /** Data from a linked peer. */
        default void data(RelayClient client, byte[] peer, byte[] data) {
        }

        /** Out-of-band data from a client of the relay with key {@code sender}. */
        default void oob(RelayClient client, byte[] sender, byte[] data) {
        }

        /** An onion response for us (the payload of a kind-9 packet). */
        default void onionResponse(RelayClient client, byte[] payload) {
        }

        /** The connection ended; {@code reason} for logs. Called once. */
        default void closed(RelayClient client, String reason) {
        }
    }

    /** Where the connection is. */
    public enum State { CONNECTING, HANDSHAKE_SENT, READY, CLOSED }

    private static final class Route {
        final byte[] peer;
        int id; // 0 until the routing response
        boolean online;

        Route(byte[] peer) {
            this.peer = peer;
        }
    }

    private final EventLoop loop;
    private final byte[] ownPublicKey;
    private final SharedKey clientServer;
    private final byte[] relayPublicKey;
    private final Options options;
    private final Random random;
    private final Listener listener;

    private State state = State.CONNECTING;
    private RelayLink link;
    private final KeyPair temp = KeyPair.generate();
    private final Nonce baseNonce = Nonce.random();
    private SecureFrames frames;
    private final IncomingStream stream = new IncomingStream();
    private final long createdAt;
    private long lastPinged;
    private long pingId;
    private Cancellable timer;

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Route[] byId = new Route[RelaySizes.CONNECTIONS_PER_CLIENT];
    private final Map<String, Long> counters = new TreeMap<>();

    /**
     * @param ownPublicKey this node's DHT public key (the relay knows us by it)
     * @param clientServer the key shared between our DHT key and the relay's
     * @param relayPublicKey the relay's DHT public key
     */
    public RelayClient(EventLoop loop, byte[] ownPublicKey, SharedKey clientServer, byte[] relayPublicKey,
            Options options, Random random, Listener listener) {
        this.loop = loop;
        this.ownPublicKey = ownPublicKey.clone();
        this.clientServer = clientServer;
        this.relayPublicKey = relayPublicKey.clone();
        this.options = options;
        this.random = random;
        this.listener = listener;
        this.createdAt = loop.nowMillis();
        this.timer = loop.every(1000, this::sweep);
    }

    /** A client holding the DHT key pair itself. */
    public static RelayClient of(EventLoop loop, KeyPair dhtKeys, byte[] relayPublicKey, Options options,
            Random random, Listener listener) {
        SharedKey k = SharedKey.precompute(dhtKeys, relayPublicKey)
                .orElseThrow(() -> new IllegalArgumentException("relay key is a low-order point"));
        return new RelayClient(loop, dhtKeys.publicKey(), k, relayPublicKey, options, random, listener);
    }

    public State state() {
        return state;
    }

    public boolean isReady() {
        return state == State.READY;
    }

    public byte[] relayPublicKey() {
        return relayPublicKey.clone();
    }

    /** Counters by name (bad frames, dropped sends, ...). */
    public Map<String, Long> counters() {
        return new LinkedHashMap<>(counters);
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Malformed input from the relay (frames that did not authenticate or decode, protocol errors). */
    public long malformed() {
        return counter("bad frame length") + counter("frames not authenticated") + counter("packets not decoded")
                + counter("protocol errors") + counter("handshakes not authenticated");
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    /** The socket is up: writes the handshake. */
    public void connected(RelayLink link) {
        if (state != State.CONNECTING) {
            link.close();
            return;
        }
        this.link = link;
        state = State.HANDSHAKE_SENT;
        link.write(ClientHandshake.seal(ownPublicKey, clientServer, new HandshakePayload(temp.publicKey(), baseNonce))
                .toBytes());
    }

    /** Bytes read from the socket. */
    public void received(byte[] chunk) {
        if (state == State.CLOSED || state == State.CONNECTING || chunk.length == 0) {
            return;
        }
        stream.add(chunk);
        while (state != State.CLOSED) {
            if (state == State.HANDSHAKE_SENT) {
                Optional<byte[]> h = stream.take(ServerHandshake.SIZE);
                if (h.isEmpty()) {
                    return;
                }
                serverHandshake(h.get());
                continue;
            }
            IncomingStream.Next next = stream.nextPacket(frames);
            if (next instanceof IncomingStream.Bad bad) {
                count(bad.counter());
                close(bad.reason());
                return;
            }
            if (!(next instanceof IncomingStream.Packet packet)) {
                return; // need more bytes
            }
            handle(packet.packet());
        }
    }

    /** The socket closed (or never connected). */
    public void closed() {
        end("stream closed");
    }

    /** Closes the connection from our side. */
    public void close(String reason) {
        end(reason);
    }

    /** Asks the relay for a connection to {@code peer}; idempotent. False if not ready. */
    public boolean route(byte[] peer) {
        String k = hex(peer);
        Route r = routes.get(k);
        if (r == null) {
            r = new Route(peer.clone());
            routes.put(k, r);
        } else if (r.id != 0) {
            return true;
        }
        return send(new RelayPacket.RoutingRequest(peer));
    }

    /** Gives up the connection to {@code peer} (a disconnect notification if it had an id). */
    public void unroute(byte[] peer) {
        Route r = routes.remove(hex(peer));
        if (r != null && r.id != 0) {
            byId[r.id - RelaySizes.RESERVED_IDS] = null;
            send(new RelayPacket.DisconnectNotification(r.id));
        }
    }

    /** True if a routing request for {@code peer} is outstanding or answered. */
    public boolean routes(byte[] peer) {
        return routes.containsKey(hex(peer));
    }

    /** True if the relay gave an id for {@code peer} (c-toxcore's "registered"). */
    public boolean registered(byte[] peer) {
        Route r = routes.get(hex(peer));
        return r != null && r.id != 0;
    }

    public boolean isOnline(byte[] peer) {
        Route r = routes.get(hex(peer));
        return r != null && r.online;
    }

    /** Data to a linked peer; false if not online here or not sent. */
    public boolean sendData(byte[] peer, byte[] data) {
        Route r = routes.get(hex(peer));
        if (r == null || !r.online || data.length + 1 > RelaySizes.MAX_PLAIN) {
            return false;
        }
        return send(new RelayPacket.Data(r.id, data));
    }

    /** Out-of-band data to the relay's client {@code destination} (1..1024 bytes). */
    public boolean sendOob(byte[] destination, byte[] data) {
        if (data.length < 1 || data.length > RelaySizes.MAX_OOB_DATA) {
            return false;
        }
        return send(new RelayPacket.OobSend(destination, data));
    }

    /** An onion request for the relay to send on as onion node 0. */
    public boolean sendOnion(RelayPacket.OnionRequest request) {
        return send(request);
    }

    private boolean send(RelayPacket p) {
        if (state != State.READY) {
            count("sends before ready");
            return false;
        }
        link.write(frames.seal(p.toBytes()));
        return true;
    }

    private void serverHandshake(byte[] bytes) {
        Optional<HandshakePayload> p = ServerHandshake.decode(Unpooled.wrappedBuffer(bytes)).open(clientServer);
        Optional<SharedKey> session = p.flatMap(h -> SharedKey.precompute(temp, h.tempPublicKey()));
        if (session.isEmpty()) {
            count("handshakes not authenticated");
            close("server handshake did not authenticate");
            return;
        }
        frames = new SecureFrames(session.get(), baseNonce, p.get().baseNonce());
        temp.destroy();
        state = State.READY;
        ping(loop.nowMillis());
        listener.ready(this);
        // Routes asked for before the handshake went nowhere: ask now.
        for (Route r : routes.values()) {
            if (r.id == 0 && state == State.READY) {
                send(new RelayPacket.RoutingRequest(r.peer));
            }
        }
    }

    private void handle(RelayPacket packet) {
        if (packet instanceof RelayPacket.RoutingResponse r) {
            Route route = routes.get(hex(r.publicKey()));
            if (route == null) {
                count("routing responses unasked");
                return;
            }
            int id = r.connectionId();
            if (id != 0) {
                Route old = byId[id - RelaySizes.RESERVED_IDS];
                if (old != null && old != route) {
                    count("protocol errors");
                    close("routing response reuses id " + id);
                    return;
                }
                route.id = id;
                byId[id - RelaySizes.RESERVED_IDS] = route;
            }
            listener.routed(this, route.peer.clone(), id);
        } else if (packet instanceof RelayPacket.ConnectNotification c) {
            Route route = byId[c.connectionId() - RelaySizes.RESERVED_IDS];
            if (route == null) {
                count("notifications for unknown ids");
                return;
            }
            if (!route.online) {
                route.online = true;
                listener.peerOnline(this, route.peer.clone());
            }
        } else if (packet instanceof RelayPacket.DisconnectNotification d) {
            if (d.connectionId() < RelaySizes.RESERVED_IDS) {
                count("protocol errors");
                close("disconnect notification for reserved id " + d.connectionId());
                return;
            }
            Route route = byId[d.connectionId() - RelaySizes.RESERVED_IDS];
            if (route == null) {
                count("notifications for unknown ids");
                return;
            }
            if (route.online) {
                route.online = false;
                listener.peerOffline(this, route.peer.clone());
            }
        } else if (packet instanceof RelayPacket.Ping p) {
            send(new RelayPacket.Pong(p.pingId()));
            count("pings answered");
        } else if (packet instanceof RelayPacket.Pong p) {
            if (p.pingId() == pingId) {
                pingId = 0;
            }
        } else if (packet instanceof RelayPacket.OobRecv o) {
            listener.oob(this, o.sender(), o.data());
        } else if (packet instanceof RelayPacket.OnionResponse o) {
            listener.onionResponse(this, o.payload());
        } else if (packet instanceof RelayPacket.Data d) {
            Route route = byId[d.connectionId() - RelaySizes.RESERVED_IDS];
            if (route == null) {
                count("data on unknown ids");
                return;
            }
            listener.data(this, route.peer.clone(), d.data());
        } else {
            // Routing request, OOB send, onion request: only a client sends those.
            count("protocol errors");
            close("client-only packet kind from the relay");
        }
    }

    private void ping(long now) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        pingId = id;
        lastPinged = now;
        send(new RelayPacket.Ping(id));
    }

    private void sweep() {
        long now = loop.nowMillis();
        if (state == State.CONNECTING || state == State.HANDSHAKE_SENT) {
            if (now - createdAt >= options.handshakeTimeoutMillis) {
                count("handshake timeouts");
                close("no server handshake within " + options.handshakeTimeoutMillis + " ms");
            }
        } else if (state == State.READY) {
            if (pingId != 0 && now - lastPinged >= options.pingTimeoutMillis) {
                count("ping timeouts");
                close("no pong within " + options.pingTimeoutMillis + " ms");
            } else if (now - lastPinged >= options.pingIntervalMillis) {
                ping(now);
            }
        }
    }

    private void end(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        timer.cancel();
        stream.clear();
        for (Route r : routes.values()) {
            r.online = false;
        }
        if (link != null) {
            link.close();
        }
        temp.destroy();
        listener.closed(this, reason);
    }

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public String toString() {
        return "relay client to " + hex(relayPublicKey).substring(0, 8) + " " + state
                + (link != null ? " " + link.describe() : "");
    }
}
