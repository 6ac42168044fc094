package dev.parley.relay;

import dev.parley.crypto.SharedKey;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.relay.wire.RelayPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The relays a node uses and the peers it reaches through them (after c-toxcore's
 * TCP_connection.c), plain state on the node's event loop.
 *
 * <ul>
 *   <li>Each relay added is kept connected: when its connection ends, a new one is tried after
 *       {@link Options#reconnectMillis}, doubling up to {@link Options#maxReconnectMillis}.
 *       At most {@link Options#maxRelays} relays are held.
 *   <li>A peer is known by its DHT public key, and routed on every relay held: where the peer
 *       routes to us as well, the relay links us and the peer is online there.
 *   <li>{@link #send} goes over the relay the peer last spoke on if it is online there, else over
 *       any relay where it is online; with none, as out-of-band data on every relay that
 *       gave an id for the peer (as c-toxcore does, so a handshake can reach a peer that has
 *       not routed to us yet).
 *   <li>Onion requests go out on a random ready relay; responses come back to the listener.
 * </ul>
 *
 * Every method must be called on the loop.
 */
public final class RelayConnections implements AutoCloseable {

    /** Opens the socket of a {@link RelayClient}; {@link TcpRelayConnector} over TCP. */
    @FunctionalInterface
    public interface Connector {
        void connect(InetSocketAddress relay, RelayClient client);
    }

    /** Where the manager's news goes; all calls on the loop. */
    public interface Listener {
        /** The peer became reachable over some relay, or is reachable over none any more. */
        default void peerStatus(byte[] peer, boolean online) {
        }

        /** Data from a peer over a relay. */
        default void data(byte[] peer, byte[] data) {
        }

        /** Out-of-band data from {@code sender} through the relay {@code relay}. */
        default void oob(byte[] relay, byte[] sender, byte[] data) {
        }

        default void onionResponse(byte[] relay, byte[] payload) {
        }

        /** A relay's connection became ready, or ended. */
        default void relayStatus(byte[] relay, boolean ready) {
        }
    }

    public record Options(int maxRelays, long reconnectMillis, long maxReconnectMillis, RelayClient.Options client) {
        public static Options defaults() {
            return new Options(8, 1_000, 64_000, RelayClient.Options.defaults());
        }
    }

    /** What is known of one relay, for status and for sharing with friends. */
    public record RelayInfo(InetSocketAddress address, byte[] publicKey, boolean ready) {
    }

    private final class Relay {
        final InetSocketAddress address;
        final byte[] key;
        RelayClient client;
        long backoff;
        Cancellable retry;
        boolean removed;

        Relay(InetSocketAddress address, byte[] key) {
            this.address = address;
            this.key = key;
            this.backoff = options.reconnectMillis;
        }
    }

    private static final class Peer {
        final byte[] key;
        boolean online;
        String preferred; // relay key hex

        Peer(byte[] key) {
            this.key = key;
        }
    }

    private final EventLoop loop;
    private final byte[] ownPublicKey;
    private final Function<byte[], Optional<SharedKey>> keyAgreement;
    private final Connector connector;
    private final Options options;
    private final Random random;
    private final Listener listener;
    private final Map<String, Relay> relays = new LinkedHashMap<>();
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    /** The relay each sender's last OOB data came through, so that an answer can go back that way. */
    private final Map<String, String> oobVia = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param ownPublicKey this node's DHT public key
     * @param keyAgreement the key shared between our DHT key and a relay's (empty if unusable)
     */
    public RelayConnections(EventLoop loop, byte[] ownPublicKey, Function<byte[], Optional<SharedKey>> keyAgreement,
            Connector connector, Options options, Random random, Listener listener) {
        this.loop = loop;
        this.ownPublicKey = ownPublicKey.clone();
        this.keyAgreement = keyAgreement;
        this.connector = connector;
        this.options = options;
        this.random = random;
        this.listener = listener;
    }

    /** Adds a relay and connects to it; false if known already, full, or its key is unusable. */
    public boolean addRelay(InetSocketAddress address, byte[] relayKey) {
        String k = hex(relayKey);
        if (closed || relays.containsKey(k) || relays.size() >= options.maxRelays
                || keyAgreement.apply(relayKey.clone()).isEmpty()) {
            return false;
        }
        Relay r = new Relay(address, relayKey.clone());
        relays.put(k, r);
        open(r);
        return true;
    }

    /** Drops a relay and its connection. */
    public void removeRelay(byte[] relayKey) {
        Relay r = relays.remove(hex(relayKey));
        if (r != null) {
            r.removed = true;
            if (r.retry != null) {
                r.retry.cancel();
            }
            if (r.client != null) {
                r.client.close("relay removed");
            }
            refreshAll();
        }
    }

    public List<RelayInfo> relays() {
        List<RelayInfo> out = new ArrayList<>();
        for (Relay r : relays.values()) {
            out.add(new RelayInfo(r.address, r.key.clone(), r.client != null && r.client.isReady()));
        }
        return out;
    }

    public int readyRelays() {
        int n = 0;
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.isReady()) {
                n++;
            }
        }
        return n;
    }

    /** Starts reaching {@code peer} (its DHT key) over every relay held. */
    public void addPeer(byte[] peer) {
        String k = hex(peer);
        if (peers.containsKey(k)) {
            return;
        }
        peers.put(k, new Peer(peer.clone()));
        for (Relay r : relays.values()) {
            if (r.client != null) {
                r.client.route(peer);
            }
        }
    }

    public void removePeer(byte[] peer) {
        Peer p = peers.remove(hex(peer));
        if (p == null) {
            return;
        }
        for (Relay r : relays.values()) {
            if (r.client != null) {
                r.client.unroute(peer);
            }
        }
    }

    public boolean isOnline(byte[] peer) {
        Peer p = peers.get(hex(peer));
        return p != null && p.online;
    }

    /** True if some relay gave an id for {@code peer}, so that data can reach it at least out of band. */
    public boolean isRegistered(byte[] peer) {
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.registered(peer)) {
                return true;
            }
        }
        return false;
    }

    /** The relay that carries our data to {@code peer} now (the one it last spoke on), if any. */
    public Optional<byte[]> carrying(byte[] peer) {
        Peer p = peers.get(hex(peer));
        Relay r = p == null || p.preferred == null ? null : relays.get(p.preferred);
        if (r != null && r.client != null && r.client.isOnline(peer)) {
            return Optional.of(r.key.clone());
        }
        for (Relay o : relays.values()) {
            if (o.client != null && o.client.isOnline(peer)) {
                return Optional.of(o.key.clone());
            }
        }
        return Optional.empty();
    }

    /** The relays {@code peer} is online on now (their keys). */
    public List<byte[]> relaysOf(byte[] peer) {
        List<byte[]> out = new ArrayList<>();
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.isOnline(peer)) {
                out.add(r.key.clone());
            }
        }
        return out;
    }

    /**
     * Sends {@code data} to a peer added with {@link #addPeer}, or to a client that sent us OOB
     * data (back through that relay); false if no relay took it.
     */
    public boolean send(byte[] peer, byte[] data) {
        Peer p = peers.get(hex(peer));
        if (p == null) {
            return replyOob(peer, data);
        }
        if (p.preferred != null) {
            Relay r = relays.get(p.preferred);
            if (r != null && r.client != null && r.client.isOnline(peer) && r.client.sendData(peer, data)) {
                return true;
            }
        }
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.isOnline(peer) && r.client.sendData(peer, data)) {
                p.preferred = hex(r.key);
                return true;
            }
        }
        if (data.length > dev.parley.relay.wire.RelaySizes.MAX_OOB_DATA) {
            return false;
        }
        boolean any = false;
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.registered(peer) && r.client.sendOob(peer, data)) {
                any = true;
            }
        }
        if (any) {
            count("sent out of band");
            return true;
        }
        return replyOob(peer, data);
    }

    private boolean replyOob(byte[] peer, byte[] data) {
        String via = oobVia.get(hex(peer));
        Relay r = via == null ? null : relays.get(via);
        if (r != null && r.client != null && data.length <= dev.parley.relay.wire.RelaySizes.MAX_OOB_DATA
                && r.client.sendOob(peer, data)) {
            count("sent out of band");
            return true;
        }
        return false;
    }

    /** Out-of-band data through one relay. */
    public boolean sendOob(byte[] relayKey, byte[] destination, byte[] data) {
        Relay r = relays.get(hex(relayKey));
        return r != null && r.client != null && r.client.sendOob(destination, data);
    }

    /** An onion request through the relay with this key; false if it is not ready. */
    public boolean sendOnion(byte[] relayKey, RelayPacket.OnionRequest request) {
        Relay r = relays.get(hex(relayKey));
        return r != null && r.client != null && r.client.isReady() && r.client.sendOnion(request);
    }

    /** An onion request through a random ready relay; false if none is ready. */
    public boolean sendOnion(RelayPacket.OnionRequest request) {
        List<Relay> ready = new ArrayList<>();
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.isReady()) {
                ready.add(r);
            }
        }
        if (ready.isEmpty()) {
            return false;
        }
        return ready.get(random.nextInt(ready.size())).client.sendOnion(request);
    }

    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>(counters);
        for (Relay r : relays.values()) {
            if (r.client != null) {
                r.client.counters().forEach((k, v) -> out.merge("client " + k, v, Long::sum));
            }
        }
        return out;
    }

    /** Malformed input from relays so far (connections closed for it are counted here too). */
    public long malformed() {
        return counters.getOrDefault("malformed", 0L)
                + relays.values().stream().filter(r -> r.client != null).mapToLong(r -> r.client.malformed()).sum();
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    private void open(Relay r) {
        SharedKey k = keyAgreement.apply(r.key.clone()).orElseThrow();
        RelayClient c = new RelayClient(loop, ownPublicKey, k, r.key, options.client, random, new ClientEvents(r));
        r.client = c;
        for (Peer p : peers.values()) {
            c.route(p.key);
        }
        count("connects");
        connector.connect(r.address, c);
    }

    private final class ClientEvents implements RelayClient.Listener {
        private final Relay relay;

        ClientEvents(Relay relay) {
            this.relay = relay;
        }

        private boolean current(RelayClient c) {
            return !closed && relay.client == c && !relay.removed;
        }

        @Override
        public void ready(RelayClient c) {
            if (current(c)) {
                relay.backoff = options.reconnectMillis;
                listener.relayStatus(relay.key.clone(), true);
            }
        }

        @Override
        public void peerOnline(RelayClient c, byte[] peer) {
            if (current(c)) {
                Peer p = peers.get(hex(peer));
                if (p != null && p.preferred == null) {
                    p.preferred = hex(relay.key);
                }
                refresh(peer);
            }
        }

        @Override
        public void peerOffline(RelayClient c, byte[] peer) {
            if (current(c)) {
                refresh(peer);
            }
        }

        @Override
        public void data(RelayClient c, byte[] peer, byte[] data) {
            if (current(c)) {
                Peer p = peers.get(hex(peer));
                if (p != null) {
                    p.preferred = hex(relay.key);
                    listener.data(peer, data);
                }
            }
        }

        @Override
        public void oob(RelayClient c, byte[] sender, byte[] data) {
            if (current(c)) {
                if (oobVia.size() >= 1024) {
                    oobVia.remove(oobVia.keySet().iterator().next());
                }
                oobVia.put(hex(sender), hex(relay.key));
                listener.oob(relay.key.clone(), sender, data);
            }
        }

        @Override
        public void onionResponse(RelayClient c, byte[] payload) {
            if (current(c)) {
                listener.onionResponse(relay.key.clone(), payload);
            }
        }

        @Override
        public void closed(RelayClient c, String reason) {
            if (!current(c)) {
                return;
            }
            relay.client = null;
            listener.relayStatus(relay.key.clone(), false);
            refreshAll();
            long delay = relay.backoff;
            relay.backoff = Math.min(relay.backoff * 2, options.maxReconnectMillis);
            relay.retry = loop.schedule(() -> {
                relay.retry = null;
                if (!closed && !relay.removed && relay.client == null) {
                    open(relay);
                }
            }, delay);
        }
    }

    private void refreshAll() {
        for (Peer p : new ArrayList<>(peers.values())) {
            refresh(p.key);
        }
    }

    private void refresh(byte[] peer) {
        Peer p = peers.get(hex(peer));
        if (p == null) {
            return;
        }
        boolean now = false;
        for (Relay r : relays.values()) {
            if (r.client != null && r.client.isOnline(peer)) {
                now = true;
                break;
            }
        }
        if (now != p.online) {
            p.online = now;
            listener.peerStatus(p.key.clone(), now);
        }
    }

    /** Closes every relay connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Relay r : relays.values()) {
            if (r.retry != null) {
                r.retry.cancel();
            }
            if (r.client != null) {
                r.client.close("closed");
            }
        }
    }

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    /** For tests and logs: the keys of the peers added. */
    public Set<String> peers() {
        return new LinkedHashSet<>(peers.keySet());
    }
}
