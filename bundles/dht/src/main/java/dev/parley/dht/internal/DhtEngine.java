package dev.parley.dht.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.BootstrapInfoRequest;
import dev.parley.dht.wire.BootstrapInfoResponse;
import dev.parley.dht.wire.CryptoRequest;
import dev.parley.dht.wire.DhtPacket;
import dev.parley.dht.wire.LanDiscovery;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.NatPing;
import dev.parley.dht.wire.NodesRequest;
import dev.parley.dht.wire.NodesResponse;
import dev.parley.dht.wire.PackedNode;
import dev.parley.dht.wire.PacketKind;
import dev.parley.dht.wire.PingRequest;
import dev.parley.dht.wire.PingResponse;
import dev.parley.net.Addresses;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The DHT state machine, after c-toxcore's DHT.c and ping.c: the close list of 128 buckets of 8
 * nodes by shared key prefix, a client list of 8 nodes per friend, pings and nodes requests with
 * random ids that responses must echo, periodic work on the injected clock. Runs on its network's
 * event loop only; the {@link DhtService} methods hop onto it.
 */
public final class DhtEngine implements DhtService {

    // c-toxcore's constants (DHT.h, DHT.c, ping.c), in milliseconds where they are times.
    public static final int MAX_FRIEND_CLIENTS = 8;
    public static final int LCLIENT_NODES = MAX_FRIEND_CLIENTS;
    public static final int LCLIENT_LENGTH = 128;
    public static final int MAX_SENT_NODES = 4;
    public static final int MAX_CLOSE_TO_BOOTSTRAP_NODES = 8;
    public static final long PING_TIMEOUT = 5_000;
    public static final long PING_INTERVAL = 60_000;
    public static final long BAD_NODE_TIMEOUT = PING_INTERVAL + (PING_INTERVAL + 2_000);
    public static final long KILL_NODE_TIMEOUT = BAD_NODE_TIMEOUT + PING_INTERVAL;
    public static final long NODES_REQUEST_INTERVAL = 20_000;
    public static final int MAX_BOOTSTRAP_TIMES = 5;
    public static final int PING_ARRAY_SIZE = 512;
    public static final int MAX_TO_PING = 32;
    public static final long TIME_TO_PING = 2_000;
    public static final int MAX_PUNCHING_PORTS = 48;
    public static final long PUNCH_INTERVAL = 3_000;
    public static final long PUNCH_RESET_TIME = 40_000;
    public static final int MAX_NORMAL_PUNCHING_TRIES = 5;
    /** LAN discovery: every 10 s to the default port and the next 10 of the port range in turn. */
    public static final long LAN_DISCOVERY_INTERVAL = 10_000;
    public static final int TOX_PORT_DEFAULT = 33445;
    public static final int TOX_PORTRANGE_TO = 33545;
    public static final int PORTS_PER_DISCOVERY = 10;

    /** One friend search: the nodes closest to the friend's key. */
    private static final class Friend {
        final DhtKey key;
        final Client[] clients = new Client[MAX_FRIEND_CLIENTS];
        final List<NodeInfo> toBootstrap = new ArrayList<>();
        final List<Consumer<InetSocketAddress>> listeners = new ArrayList<>();
        long lastNodesRequest;
        int bootstrapTimes;
        long natPingId;
        boolean holePunching;
        /** When we last sent a NAT ping request, and last got one from the friend. */
        long natPingSent;
        long natPingReceived;
        /** Where the port guessing has got to (c-toxcore's punching_index, punching_index2, tries). */
        long punchedAt;
        long punchIndex;
        long punchIndex2;
        int punchTries;

        Friend(DhtKey key) {
            this.key = key;
        }
    }

    private final PacketNetwork net;
    private final EventLoop loop;
    private final KeyPair keys;
    private final Function<DhtKey, Optional<SharedKey>> precompute;
    private final DhtKey self;
    private final Random random;
    private final DhtOptions options;

    private final Client[] close = new Client[LCLIENT_LENGTH * LCLIENT_NODES];
    /**
     * The end of the part of {@link #close} in use: every slot from here on is empty. Slots are
     * filled bucket by bucket and never emptied, and with N nodes in the network only about
     * log2(N) + 3 of the 128 buckets ever hold anyone, so the loops over the close list (every
     * tick, every nodes request) stop here instead of visiting 1,024 slots.
     */
    private int closeEnd;
    private final List<NodeInfo> closeToBootstrap = new ArrayList<>();
    private long closeLastNodesRequest;
    private int closeBootstrapTimes;
    private final Map<DhtKey, Friend> friends = new LinkedHashMap<>();
    private final List<NodeInfo> toPing = new ArrayList<>();
    private long lastToPing;
    /** Where LAN discovery packets go; read each time they are sent, only while LAN discovery is on. */
    private Supplier<List<InetAddress>> lanTargets;
    private long lastLanDiscovery;
    private int nextLanPort = TOX_PORT_DEFAULT + 1;

    private final PendingRequests pings;
    private final PendingRequests nodesRequests;
    private final Map<InetSocketAddress, CompletableFuture<Optional<BootstrapInfo>>> infoRequests = new HashMap<>();
    private final Map<Integer, RequestHandler> requestHandlers = new HashMap<>();

    /** Shared keys by peer, most recently used last; computing one costs an X25519. */
    private final LinkedHashMap<DhtKey, SharedKey> sharedKeys = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<DhtKey, SharedKey> e) {
            return size() > 1024;
        }
    };

    private Cancellable ticker;
    /**
     * Nodes given to {@link #bootstrap}. They are asked again until one of them has answered: every
     * REBOOTSTRAP_INTERVAL while we know no good node, every PING_INTERVAL while the only nodes we
     * know are ones that found us (they may be an island that joined through us while our own
     * first request was lost). c-toxcore's DHT asks a bootstrap node once and leaves retrying to
     * the client, which bootstraps again while its Tox instance is offline; this is that loop.
     */
    private final List<NodeInfo> bootstrapNodes = new ArrayList<>();
    private long lastBootstrap;
    private boolean bootstrapAnswered;
    public static final long REBOOTSTRAP_INTERVAL = 5_000;

    public DhtEngine(PacketNetwork net, KeyPair keys, Random random, DhtOptions options) {
        this(net, keys, random, options, peer -> SharedKey.precompute(keys, peer.toBytes()));
    }

    /**
     * With {@code precompute} computing the shared key with a peer on a miss of the engine's own
     * cache. Both sides of a pair derive the same key, so a simulation of many nodes in one JVM may
     * hand both the one key it computed (half the X25519s; the bytes on the wire are the same).
     */
    DhtEngine(PacketNetwork net, KeyPair keys, Random random, DhtOptions options,
            Function<DhtKey, Optional<SharedKey>> precompute) {
        this.precompute = precompute;
        this.net = net;
        this.loop = net.loop();
        this.keys = keys;
        this.self = DhtKey.of(keys.publicKey());
        this.random = random;
        this.options = options;
        this.pings = new PendingRequests(PING_ARRAY_SIZE, PING_TIMEOUT, random);
        this.nodesRequests = new PendingRequests(PING_ARRAY_SIZE, PING_TIMEOUT, random);
        this.lanTargets = () -> LanTargets.current(net.transport().supportsIpv6());
    }

    /** Replaces where LAN discovery packets go (the interfaces' broadcast addresses). Before start. */
    void lanTargets(Supplier<List<InetAddress>> targets) {
        this.lanTargets = targets;
    }

    /** Registers the packet handlers and starts the periodic work. On the loop. */
    public void start() {
        net.register(PacketKind.PING_REQUEST, this::onPingRequest);
        net.register(PacketKind.PING_RESPONSE, this::onPingResponse);
        net.register(PacketKind.NODES_REQUEST, this::onNodesRequest);
        net.register(PacketKind.NODES_RESPONSE, this::onNodesResponse);
        net.register(PacketKind.CRYPTO_REQUEST, this::onCryptoRequest);
        net.register(PacketKind.BOOTSTRAP_INFO, this::onBootstrapInfo);
        if (options.lanDiscovery()) {
            net.register(PacketKind.LAN_DISCOVERY, this::onLanDiscovery);
        }
        requestHandlers.put(NatPing.REQUEST_ID, this::onNatPing);
        ticker = loop.every(options.tickMillis(), this::tick);
    }

    /** Stops the periodic work and unregisters the handlers. On the loop. */
    public void stop() {
        if (ticker != null) {
            ticker.cancel();
        }
        for (int k : new int[] {0x00, 0x01, 0x02, 0x04, 0x20, 0x21, 0xf0}) {
            net.register(k, null);
        }
    }

    // ---------------------------------------------------------------- time and lists

    private long now() {
        return loop.nowMillis();
    }

    private boolean timedOut(long since, long timeout) {
        return since + timeout <= now();
    }

    /** A node is good while we heard from it within BAD_NODE_TIMEOUT. */
    private boolean good(Client.Assoc a) {
        return a.isSet() && !timedOut(a.heard, BAD_NODE_TIMEOUT);
    }

    private boolean good(Client c) {
        return c != null && (good(c.v4) || good(c.v6));
    }

    private int bucketOf(DhtKey key) {
        return Math.min(self.commonPrefixBits(key), LCLIENT_LENGTH - 1);
    }

    private Client findIn(Client[] list, int from, int to, DhtKey key) {
        for (int i = from; i < to; i++) {
            if (list[i] != null && list[i].key.equals(key)) {
                return list[i];
            }
        }
        return null;
    }

    private Client findClose(DhtKey key) {
        int b = bucketOf(key) * LCLIENT_NODES;
        return findIn(close, b, b + LCLIENT_NODES, key);
    }

    /** Updates the node's association for this address family; false if the key is not listed. */
    private boolean update(Client c, InetSocketAddress address) {
        if (c == null) {
            return false;
        }
        Client.Assoc a = c.assoc(address);
        if (address.equals(a.address)) {
            a.heard = now();
        } else {
            a.reset(address, now());
        }
        return true;
    }

    /**
     * Puts a node in a free or bad slot of its bucket, as c-toxcore's add_to_close does; and where
     * the bucket is full of good nodes, in place of the one farthest from us if the new node is
     * closer (the spec's rule for a full client list). c-toxcore keeps a full bucket as it is,
     * first come first kept: in a bucket of nodes that share few bits with us (a sparse
     * neighbourhood) that left some nodes without one of their truly closest nodes for good, since
     * the eight nodes that came first stay good as long as they answer. With {@code simulate}
     * only says whether the node would go in.
     */
    private boolean addToClose(DhtKey key, InetSocketAddress address, boolean simulate) {
        int b = bucketOf(key) * LCLIENT_NODES;
        int slot = -1;
        for (int i = b; i < b + LCLIENT_NODES && slot < 0; i++) {
            if (!good(close[i])) {
                slot = i;
            }
        }
        if (slot < 0) {
            int farthest = b;
            for (int i = b + 1; i < b + LCLIENT_NODES; i++) {
                if (self.compareDistance(close[i].key, close[farthest].key) > 0) {
                    farthest = i;
                }
            }
            if (self.compareDistance(key, close[farthest].key) >= 0) {
                return false;
            }
            slot = farthest;
        }
        if (!simulate) {
            Client c = new Client(key);
            c.assoc(address).reset(address, now());
            close[slot] = c;
            closeEnd = Math.max(closeEnd, b + LCLIENT_NODES);
        }
        return true;
    }

    /** Whether a node may go into a friend's list: a bad slot, or closer than someone there. */
    private int friendSlotFor(Friend f, DhtKey key) {
        int worst = -1;
        for (int i = 0; i < f.clients.length; i++) {
            Client c = f.clients[i];
            if (!good(c)) {
                return i;
            }
            if (worst < 0 || f.key.compareDistance(c.key, f.clients[worst].key) > 0) {
                worst = i;
            }
        }
        return f.key.compareDistance(key, f.clients[worst].key) < 0 ? worst : -1;
    }

    /**
     * A node answered us from {@code address}: update it or add it to the close list and to every
     * friend list it fits (c-toxcore's addto_lists).
     */
    void addToLists(InetSocketAddress address, DhtKey key) {
        if (key.equals(self)) {
            return;
        }
        if (!bootstrapAnswered) {
            for (NodeInfo n : bootstrapNodes) {
                bootstrapAnswered |= n.key().equals(key);
            }
        }
        if (!update(findClose(key), address)) {
            addToClose(key, address, false);
        }
        for (Friend f : friends.values()) {
            if (!update(findIn(f.clients, 0, f.clients.length, key), address)) {
                int slot = friendSlotFor(f, key);
                if (slot >= 0) {
                    Client c = new Client(key);
                    c.assoc(address).reset(address, now());
                    f.clients[slot] = c;
                }
            }
            if (f.key.equals(key)) {
                for (Consumer<InetSocketAddress> l : List.copyOf(f.listeners)) {
                    l.accept(address);
                }
            }
        }
    }

    /** Whether a node we heard of would be worth asking (c-toxcore's ping_node_from_nodes_response_ok). */
    private void considerReturnedNode(DhtKey key, InetSocketAddress address) {
        if (key.equals(self)) {
            return;
        }
        Client known = findClose(key);
        if (addToClose(key, address, true) && (known == null || !good(known.assoc(address)))) {
            addCandidate(closeToBootstrap, MAX_CLOSE_TO_BOOTSTRAP_NODES, self, key, address);
        }
        for (Friend f : friends.values()) {
            Client k = findIn(f.clients, 0, f.clients.length, key);
            if ((k == null || !good(k.assoc(address))) && friendSlotFor(f, key) >= 0) {
                if (f.key.equals(key)) {
                    // The friend itself: ask it now rather than at the next tick (c-toxcore asks
                    // at its next iteration), so that its answer gives its address a tick sooner.
                    sendNodesRequest(address, key, f.key);
                } else {
                    addCandidate(f.toBootstrap, MAX_SENT_NODES, f.key, key, address);
                }
            }
        }
    }

    /** Adds to a bounded list of nodes to ask, keeping the ones closest to {@code target}. */
    private static void addCandidate(List<NodeInfo> list, int max, DhtKey target, DhtKey key, InetSocketAddress address) {
        for (NodeInfo n : list) {
            if (n.key().equals(key)) {
                return;
            }
        }
        if (list.size() < max) {
            list.add(new NodeInfo(key, address));
            return;
        }
        int worst = 0;
        for (int i = 1; i < list.size(); i++) {
            if (target.compareDistance(list.get(i).key(), list.get(worst).key()) > 0) {
                worst = i;
            }
        }
        if (target.compareDistance(key, list.get(worst).key()) < 0) {
            list.set(worst, new NodeInfo(key, address));
        }
    }

    /**
     * Up to 4 good nodes closest to {@code target} from the close list and the friend lists; LAN
     * addresses only for LAN requesters (c-toxcore's get_close_nodes).
     */
    List<NodeInfo> closest(DhtKey target, boolean forLan) {
        List<NodeInfo> out = new ArrayList<>(MAX_SENT_NODES + 1);
        // The buckets in order of distance to the target, stopping once 4 are found: with j the
        // target's bucket, bucket j's nodes share more than j bits with the target; the nodes of
        // every bucket above j share exactly j; a bucket i below j shares exactly i. So later
        // groups are farther than every node found before, and the result is what a scan of the
        // whole list gives.
        int j = bucketOf(target) * LCLIENT_NODES;
        for (int i = j; i < closeEnd; i++) {
            offer(out, close[i], target, forLan);
        }
        for (int b = Math.min(j, closeEnd) - LCLIENT_NODES; b >= 0 && out.size() < MAX_SENT_NODES; b -= LCLIENT_NODES) {
            for (int i = b; i < b + LCLIENT_NODES; i++) {
                offer(out, close[i], target, forLan);
            }
        }
        for (Friend f : friends.values()) {
            for (Client c : f.clients) {
                offer(out, c, target, forLan);
            }
        }
        return out;
    }

    private void offer(List<NodeInfo> out, Client c, DhtKey target, boolean forLan) {
        if (c == null) {
            return;
        }
        Client.Assoc a = c.newest();
        if (!good(a) || (!forLan && Addresses.isLan(a.address.getAddress()))) {
            return;
        }
        if (a.address.getAddress() instanceof Inet6Address && !net.transport().supportsIpv6()) {
            return;
        }
        for (NodeInfo n : out) {
            if (n.key().equals(c.key)) {
                return;
            }
        }
        int i = out.size();
        while (i > 0 && target.compareDistance(c.key, out.get(i - 1).key()) < 0) {
            i--;
        }
        if (i < MAX_SENT_NODES) {
            out.add(i, new NodeInfo(c.key, a.address));
            if (out.size() > MAX_SENT_NODES) {
                out.remove(MAX_SENT_NODES);
            }
        }
    }

    // ---------------------------------------------------------------- sending

    private Optional<SharedKey> shared(DhtKey peer) {
        SharedKey k = sharedKeys.get(peer);
        if (k == null) {
            Optional<SharedKey> computed = precompute.apply(peer);
            if (computed.isEmpty()) {
                return computed;
            }
            k = computed.get();
            sharedKeys.put(peer, k);
        }
        return Optional.of(k);
    }

    private Nonce nonce() {
        byte[] n = new byte[Nonce.SIZE];
        random.nextBytes(n);
        return Nonce.of(n);
    }

    private boolean sendDht(InetSocketAddress to, DhtKey peer, int kind, Consumer<ByteBuf> plain) {
        if (peer.equals(self)) {
            return false;
        }
        Optional<SharedKey> k = shared(peer);
        if (k.isEmpty()) {
            return false;
        }
        ByteBuf p = Unpooled.buffer(64);
        plain.accept(p);
        byte[] bytes = new byte[p.readableBytes()];
        p.readBytes(bytes);
        DhtPacket packet = DhtPacket.seal(kind, self, k.get(), nonce(), bytes);
        ByteBuf out = Unpooled.buffer(packet.length());
        packet.encode(out);
        return net.send(to, out.array());
    }

    void sendPing(InetSocketAddress to, DhtKey key) {
        long id = pings.add(key, to, now());
        sendDht(to, key, PingRequest.KIND, new PingRequest(id)::encode);
    }

    void sendNodesRequest(InetSocketAddress to, DhtKey key, DhtKey target) {
        if (key.equals(self)) {
            return;
        }
        if (to.getAddress() instanceof Inet6Address && !net.transport().supportsIpv6()) {
            return;
        }
        long id = nodesRequests.add(key, to, now());
        sendDht(to, key, NodesRequest.KIND, new NodesRequest(target, id)::encode);
    }

    /** Queues a node that talked to us for a ping, if it would be useful (c-toxcore's ping_add). */
    private void addToPing(DhtKey key, InetSocketAddress address) {
        if (key.equals(self)) {
            return;
        }
        Client c = findClose(key);
        if (c != null && good(c.assoc(address)) && address.equals(c.assoc(address).address)) {
            return;
        }
        // Like c-toxcore's ping_add: only nodes that would fit the close list are worth a ping
        // (friend lists are filled from nodes responses); a friend we reach directly gets one now.
        if (!addToClose(key, address, true)) {
            return;
        }
        if (friendIp(key).isPresent()) {
            sendPing(address, key);
            return;
        }
        addCandidate(toPing, MAX_TO_PING, self, key, address);
    }

    // ---------------------------------------------------------------- handlers

    private Optional<byte[]> open(DhtPacket p) {
        return shared(p.sender()).flatMap(p::open);
    }

    /**
     * The part every DHT packet handler shares: the size check, the envelope, our own packets
     * dropped, the payload opened with the sender's shared key and decoded. {@code handler} gets
     * the sender's key and the inner record; anything that fails before it is dropped and counted.
     */
    private <T> Verdict openDhtPacket(byte[] data, boolean sizeOk, Function<ByteBuf, T> decoder,
            BiFunction<DhtKey, T, Verdict> handler) {
        if (!sizeOk) {
            return Verdict.MALFORMED;
        }
        DhtPacket p = DhtPacket.decode(Unpooled.wrappedBuffer(data));
        if (p.sender().equals(self)) {
            return Verdict.DROPPED;
        }
        Optional<byte[]> plain = open(p);
        if (plain.isEmpty()) {
            return Verdict.MALFORMED;
        }
        T body;
        try {
            body = decoder.apply(Unpooled.wrappedBuffer(plain.get()));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        return handler.apply(p.sender(), body);
    }

    private Verdict onPingRequest(InetSocketAddress from, byte[] data) {
        return openDhtPacket(data, data.length == PingRequest.PACKET_SIZE, PingRequest::decode, (sender, req) -> {
            sendDht(from, sender, PingResponse.KIND, new PingResponse(req.pingId())::encode);
            addToPing(sender, from);
            return Verdict.HANDLED;
        });
    }

    private Verdict onPingResponse(InetSocketAddress from, byte[] data) {
        return openDhtPacket(data, data.length == PingResponse.PACKET_SIZE, PingResponse::decode, (sender, r) -> {
            if (!pings.check(r.pingId(), sender, from, now())) {
                return Verdict.DROPPED;
            }
            addToLists(from, sender);
            return Verdict.HANDLED;
        });
    }

    private Verdict onNodesRequest(InetSocketAddress from, byte[] data) {
        return openDhtPacket(data, data.length == NodesRequest.PACKET_SIZE, NodesRequest::decode, (sender, req) -> {
            List<PackedNode> nodes = new ArrayList<>();
            for (NodeInfo n : closest(req.target(), Addresses.isLan(from.getAddress()))) {
                nodes.add(PackedNode.udp(n));
            }
            sendDht(from, sender, NodesResponse.KIND, new NodesResponse(nodes, req.sendback())::encode);
            addToPing(sender, from);
            return Verdict.HANDLED;
        });
    }

    private Verdict onNodesResponse(InetSocketAddress from, byte[] data) {
        boolean sizeOk = data.length >= DhtPacket.HEADER + 1 + 8 + DhtPacket.MAC
                && data.length <= DhtPacket.HEADER + 1 + MAX_SENT_NODES * PackedNode.SIZE_IPV6 + 8 + DhtPacket.MAC;
        return openDhtPacket(data, sizeOk, NodesResponse::decode, (sender, r) -> {
            // Only answers to our own requests, from where we sent them (amplification and poisoning).
            if (!nodesRequests.check(r.sendback(), sender, from, now())) {
                return Verdict.DROPPED;
            }
            addToLists(from, sender);
            for (PackedNode n : r.nodes()) {
                if (n.tcp() || n.address().getPort() == 0) {
                    continue;
                }
                InetSocketAddress a = Addresses.normalize(n.address());
                considerReturnedNode(n.key(), a);
                noteReturned(a, n.key(), sender);
            }
            return Verdict.HANDLED;
        });
    }

    /** A node told us where it sees us or a friend (c-toxcore's returnedip_ports). */
    private void noteReturned(InetSocketAddress address, DhtKey about, DhtKey reporter) {
        Client c = null;
        if (about.equals(self)) {
            c = findClose(reporter);
        } else {
            Friend f = friends.get(about);
            if (f != null) {
                c = findIn(f.clients, 0, f.clients.length, reporter);
            }
        }
        if (c != null) {
            // Kept on the association of the reported address's family, as c-toxcore does.
            Client.Assoc a = c.assoc(address);
            a.returned = address;
            a.returnedAt = now();
        }
    }

    private Verdict onCryptoRequest(InetSocketAddress from, byte[] data) {
        CryptoRequest req;
        try {
            req = CryptoRequest.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        if (!req.receiver().equals(self)) {
            // Not for us: pass it on if the receiver is in our close list and we have an address
            // for it, good or not (as c-toxcore's route_packet does): a NAT ping to a node we
            // have not heard from lately is exactly what may bring it back.
            Client c = findClose(req.receiver());
            Client.Assoc to = c == null ? null : c.newest().isSet() ? c.newest() : c.v4.isSet() ? c.v4 : c.v6;
            if (to != null && to.isSet()) {
                net.send(to.address, data);
                return Verdict.HANDLED;
            }
            return Verdict.DROPPED;
        }
        Optional<CryptoRequest.Inner> inner = shared(req.sender()).flatMap(req::open);
        if (inner.isEmpty()) {
            return Verdict.MALFORMED;
        }
        RequestHandler h = requestHandlers.get(inner.get().requestId());
        if (h == null) {
            return Verdict.DROPPED;
        }
        h.handle(from, req.sender(), inner.get().data());
        return Verdict.HANDLED;
    }

    private void onNatPing(InetSocketAddress from, DhtKey sender, byte[] data) {
        NatPing ping;
        try {
            ping = NatPing.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return;
        }
        Friend f = friends.get(sender);
        if (f == null) {
            return;
        }
        if (!ping.response()) {
            routeToFriend(f, NatPing.REQUEST_ID, new NatPing(true, ping.pingId()).toBytes(), true);
            f.natPingReceived = now();
        } else if (ping.pingId() == f.natPingId) {
            f.natPingId = random.nextLong();
            f.holePunching = true;
        }
    }

    /**
     * Sends a DHT request to a friend through the nodes of its list that told us where they see it
     * (c-toxcore's route_to_friend, or with {@code one} routeone_to_friend): to each of them, but
     * only when at least 2 did; or to one picked at random.
     */
    private int routeToFriend(Friend f, int requestId, byte[] data, boolean one) {
        if (!one && friendIpList(f).size() < MAX_FRIEND_CLIENTS / 4) {
            return 0;
        }
        List<InetSocketAddress> via = new ArrayList<>();
        for (Client c : f.clients) {
            if (c == null) {
                continue;
            }
            for (Client.Assoc a : new Client.Assoc[] {c.v4, c.v6}) {
                if (a.isSet() && a.returned != null && !timedOut(a.returnedAt, BAD_NODE_TIMEOUT)) {
                    via.add(a.address);
                    if (!one) {
                        break;
                    }
                }
            }
        }
        if (via.isEmpty()) {
            return 0;
        }
        Optional<SharedKey> k = shared(f.key);
        if (k.isEmpty()) {
            return 0;
        }
        byte[] packet = CryptoRequest.seal(f.key, self, k.get(), nonce(), requestId, data).toBytes();
        if (one) {
            return net.send(via.get(random.nextInt(via.size())), packet) ? 1 : 0;
        }
        int sent = 0;
        for (InetSocketAddress a : via) {
            if (net.send(a, packet)) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * The addresses the friend's nodes see it at, of the family more of them reported; empty when we
     * reach the friend directly (c-toxcore's friend_iplist).
     */
    private List<InetSocketAddress> friendIpList(Friend f) {
        List<InetSocketAddress> v4 = new ArrayList<>();
        List<InetSocketAddress> v6 = new ArrayList<>();
        for (Client c : f.clients) {
            if (c == null) {
                continue;
            }
            if (c.v4.returned != null && !timedOut(c.v4.returnedAt, BAD_NODE_TIMEOUT)) {
                v4.add(c.v4.returned);
            }
            if (c.v6.returned != null && !timedOut(c.v6.returnedAt, BAD_NODE_TIMEOUT)) {
                v6.add(c.v6.returned);
            }
            if (c.key.equals(f.key) && good(c)) {
                return List.of();
            }
        }
        return v6.size() >= v4.size() ? v6 : v4;
    }

    /**
     * Hole punching, after c-toxcore's do_nat: while at least half of a friend's nodes report where
     * they see it and we do not reach it directly, send it a NAT ping through them every
     * PUNCH_INTERVAL; when it answered and it is pinging us too, ping the address most of them
     * report, guessing ports around the reported ones when they differ.
     */
    private long punchRounds;

    private void doNat() {
        for (Friend f : friends.values()) {
            List<InetSocketAddress> ips = friendIpList(f);
            if (ips.size() < MAX_FRIEND_CLIENTS / 2) {
                continue;
            }
            if (f.natPingSent + PUNCH_INTERVAL < now()) {
                routeToFriend(f, NatPing.REQUEST_ID, new NatPing(false, f.natPingId).toBytes(), false);
                f.natPingSent = now();
            }
            if (f.holePunching && f.punchedAt + PUNCH_INTERVAL < now()
                    && f.natPingReceived + 2 * PUNCH_INTERVAL >= now()) {
                java.net.InetAddress ip = commonIp(ips, MAX_FRIEND_CLIENTS / 2);
                if (ip == null) {
                    continue;
                }
                if (f.punchedAt + PUNCH_RESET_TIME < now()) {
                    f.punchTries = 0;
                    f.punchIndex = 0;
                    f.punchIndex2 = 0;
                }
                List<Integer> ports = new ArrayList<>();
                for (InetSocketAddress a : ips) {
                    if (a.getAddress().equals(ip)) {
                        ports.add(a.getPort());
                    }
                }
                punchHoles(f, ip, ports);
                f.punchedAt = now();
                f.holePunching = false;
            }
        }
    }

    /** The first address that at least {@code min} entries share, or null. */
    private static java.net.InetAddress commonIp(List<InetSocketAddress> list, int min) {
        for (InetSocketAddress a : list) {
            int n = 0;
            for (InetSocketAddress b : list) {
                if (a.getAddress().equals(b.getAddress())) {
                    n++;
                }
            }
            if (n >= min) {
                return a.getAddress();
            }
        }
        return null;
    }

    /**
     * One round of punching: a ping to the one port all reports agree on; otherwise
     * MAX_PUNCHING_PORTS pings walking outwards from the reported ports (+0, -0, then +1, -1 ...
     * for each in turn), continuing where the last round stopped; after MAX_NORMAL_PUNCHING_TRIES
     * rounds also MAX_PUNCHING_PORTS ports counting up from 1024, each round half overlapping the
     * last.
     */
    private void punchHoles(Friend f, java.net.InetAddress ip, List<Integer> ports) {
        int n = ports.size();
        if (n == 0 || n > MAX_FRIEND_CLIENTS) {
            return;
        }
        if (ports.stream().allMatch(p -> p.equals(ports.get(0)))) {
            sendPing(new InetSocketAddress(ip, ports.get(0)), f.key);
        } else {
            for (int i = 0; i < MAX_PUNCHING_PORTS; i++) {
                long step = i + f.punchIndex;
                long delta = (step % 2 != 0 ? -1 : 1) * (step / (2L * n));
                int port = (int) ((ports.get((int) ((step / 2) % n)) + delta) & 0xffff);
                if (port != 0) {
                    sendPing(new InetSocketAddress(ip, port), f.key);
                }
            }
            f.punchIndex += MAX_PUNCHING_PORTS;
        }
        if (f.punchTries > MAX_NORMAL_PUNCHING_TRIES) {
            for (int i = 0; i < MAX_PUNCHING_PORTS; i++) {
                sendPing(new InetSocketAddress(ip, (int) ((1024 + f.punchIndex2 + i) & 0xffff)), f.key);
            }
            f.punchIndex2 += MAX_PUNCHING_PORTS - MAX_PUNCHING_PORTS / 2;
        }
        f.punchTries++;
        punchRounds++;
    }

    /** How many rounds of hole punching this node has run. On the loop. */
    long punchRounds() {
        return punchRounds;
    }

    private Verdict onBootstrapInfo(InetSocketAddress from, byte[] data) {
        CompletableFuture<Optional<BootstrapInfo>> pending = infoRequests.get(from);
        if (pending != null && data.length != BootstrapInfoRequest.SIZE) {
            try {
                BootstrapInfoResponse r = BootstrapInfoResponse.decode(Unpooled.wrappedBuffer(data));
                infoRequests.remove(from);
                pending.complete(Optional.of(new BootstrapInfo(r.version(), r.motdText())));
                return Verdict.HANDLED;
            } catch (MalformedPacketException e) {
                return Verdict.MALFORMED;
            }
        }
        if (data.length != BootstrapInfoRequest.SIZE) {
            return Verdict.MALFORMED;
        }
        if (options.motd() == null) {
            return Verdict.DROPPED;
        }
        net.send(from, BootstrapInfoResponse.of(options.version(), options.motd()).toBytes());
        return Verdict.HANDLED;
    }

    /**
     * Announces our DHT key to the local network as c-toxcore's friend_connection does: to every
     * LAN target at the default port and at the next PORTS_PER_DISCOVERY ports of the range, which
     * move on each time, so the whole range is covered every 100 s.
     */
    private void sendLanDiscovery() {
        byte[] packet = new byte[LanDiscovery.SIZE];
        ByteBuf b = Unpooled.wrappedBuffer(packet);
        b.writerIndex(0);
        new LanDiscovery(self).encode(b);
        int last = Math.min(nextLanPort + PORTS_PER_DISCOVERY, TOX_PORTRANGE_TO);
        for (InetAddress ip : lanTargets.get()) {
            net.send(new InetSocketAddress(ip, TOX_PORT_DEFAULT), packet);
            for (int port = nextLanPort; port < last; port++) {
                net.send(new InetSocketAddress(ip, port), packet);
            }
        }
        nextLanPort = last != TOX_PORTRANGE_TO ? last : TOX_PORT_DEFAULT + 1;
    }

    private Verdict onLanDiscovery(InetSocketAddress from, byte[] data) {
        LanDiscovery d;
        try {
            d = LanDiscovery.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        if (!Addresses.isLan(from.getAddress()) || d.key().equals(self)) {
            return Verdict.DROPPED;
        }
        sendNodesRequest(from, d.key(), self);
        return Verdict.HANDLED;
    }

    // ---------------------------------------------------------------- periodic work

    void tick() {
        for (NodeInfo n : closeToBootstrap) {
            sendNodesRequest(n.address(), n.key(), self);
        }
        closeToBootstrap.clear();
        int alive = pingAndRequest(close, closeEnd, self, true);
        if (!bootstrapAnswered && !bootstrapNodes.isEmpty()
                && timedOut(lastBootstrap, connected() ? PING_INTERVAL : REBOOTSTRAP_INTERVAL)) {
            // A lost first request must not leave us alone, nor in an island of nodes that
            // joined through us: ask the bootstrap nodes again.
            lastBootstrap = now();
            for (NodeInfo n : bootstrapNodes) {
                sendNodesRequest(n.address(), n.key(), self);
            }
        }
        if (alive == 0) {
            // Everyone looks dead, so we are probably the one cut off: make them merely bad so
            // we keep asking them (as c-toxcore does).
            long badOnly = now() - BAD_NODE_TIMEOUT;
            for (int i = 0; i < closeEnd; i++) {
                Client c = close[i];
                if (c != null) {
                    if (c.v4.isSet()) {
                        c.v4.heard = badOnly;
                    }
                    if (c.v6.isSet()) {
                        c.v6.heard = badOnly;
                    }
                }
            }
        }
        for (Friend f : friends.values()) {
            for (NodeInfo n : f.toBootstrap) {
                sendNodesRequest(n.address(), n.key(), f.key);
            }
            f.toBootstrap.clear();
            pingAndRequest(f.clients, f.clients.length, f.key, false);
        }
        doNat();
        if (options.lanDiscovery() && timedOut(lastLanDiscovery, LAN_DISCOVERY_INTERVAL)) {
            lastLanDiscovery = now();
            sendLanDiscovery();
        }
        if (timedOut(lastToPing, TIME_TO_PING)) {
            lastToPing = now();
            for (NodeInfo n : toPing) {
                // The bucket may have filled up since the node was queued.
                if (addToClose(n.key(), n.address(), true)) {
                    sendPing(n.address(), n.key());
                }
            }
            toPing.clear();
        }
    }

    /**
     * Asks each live node of a list for nodes close to {@code target} once a PING_INTERVAL, and a
     * random good one every NODES_REQUEST_INTERVAL (more often right after start).
     *
     * @return how many associations are not yet past KILL_NODE_TIMEOUT
     */
    private int pingAndRequest(Client[] list, int end, DhtKey target, boolean isClose) {
        int notKilled = 0;
        List<Client.Assoc> goodOnes = new ArrayList<>();
        List<DhtKey> goodKeys = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            Client c = list[i];
            if (c == null) {
                continue;
            }
            for (Client.Assoc a : new Client.Assoc[] {c.v6, c.v4}) {
                if (!a.isSet() || timedOut(a.heard, KILL_NODE_TIMEOUT)) {
                    continue;
                }
                notKilled++;
                if (timedOut(a.pinged, PING_INTERVAL)) {
                    sendNodesRequest(a.address, c.key, target);
                    a.pinged = now();
                }
                if (good(a)) {
                    goodOnes.add(a);
                    goodKeys.add(c.key);
                }
            }
        }
        long last = isClose ? closeLastNodesRequest : 0;
        int times = isClose ? closeBootstrapTimes : 0;
        Friend f = isClose ? null : friends.get(target);
        if (f != null) {
            last = f.lastNodesRequest;
            times = f.bootstrapTimes;
        }
        if (!goodOnes.isEmpty() && (timedOut(last, NODES_REQUEST_INTERVAL) || times < MAX_BOOTSTRAP_TIMES)) {
            int i = random.nextInt(goodOnes.size());
            sendNodesRequest(goodOnes.get(i).address, goodKeys.get(i), target);
            if (f != null) {
                f.lastNodesRequest = now();
                f.bootstrapTimes++;
            } else {
                closeLastNodesRequest = now();
                closeBootstrapTimes++;
            }
        }
        return notKilled;
    }

    // ---------------------------------------------------------------- loop-side queries

    /** The good nodes of the close list. On the loop. */
    public List<NodeInfo> closeList() {
        List<NodeInfo> out = new ArrayList<>();
        for (int i = 0; i < closeEnd; i++) {
            Client c = close[i];
            if (good(c)) {
                Client.Assoc a = good(c.newest()) ? c.newest() : (c.newest() == c.v4 ? c.v6 : c.v4);
                out.add(new NodeInfo(c.key, a.address));
            }
        }
        return out;
    }

    /** The good nodes of the close-list bucket that {@code key} falls in. On the loop. */
    List<DhtKey> goodInBucketOf(DhtKey key) {
        int b = bucketOf(key) * LCLIENT_NODES;
        List<DhtKey> out = new ArrayList<>();
        for (int i = b; i < b + LCLIENT_NODES; i++) {
            if (good(close[i])) {
                out.add(close[i].key);
            }
        }
        return out;
    }

    /** The friend's address if its own key answered us recently. On the loop. */
    public Optional<InetSocketAddress> friendIp(DhtKey key) {
        Friend f = friends.get(key);
        if (f == null) {
            return Optional.empty();
        }
        Client c = findIn(f.clients, 0, f.clients.length, key);
        if (c == null) {
            return Optional.empty();
        }
        Client.Assoc a = c.newest();
        return good(a) ? Optional.of(a.address) : Optional.empty();
    }

    /** The keys in a friend's client list. On the loop. */
    public List<DhtKey> friendClients(DhtKey key) {
        Friend f = friends.get(key);
        List<DhtKey> out = new ArrayList<>();
        if (f != null) {
            for (Client c : f.clients) {
                if (good(c)) {
                    out.add(c.key);
                }
            }
        }
        return out;
    }

    /**
     * Whether {@code key} is in the close list and not yet past KILL_NODE_TIMEOUT, so still asked
     * for nodes every PING_INTERVAL even while it is bad. On the loop.
     */
    public boolean listedInClose(DhtKey key) {
        Client c = findClose(key);
        return c != null && ((c.v4.isSet() && !timedOut(c.v4.heard, KILL_NODE_TIMEOUT))
                || (c.v6.isSet() && !timedOut(c.v6.heard, KILL_NODE_TIMEOUT)));
    }

    public boolean connected() {
        for (int i = 0; i < closeEnd; i++) {
            if (good(close[i])) {
                return true;
            }
        }
        return false;
    }

    /** Up to 4 closest good nodes to {@code key}, as a LAN requester would get them. On the loop. */
    public List<NodeInfo> closestForLan(DhtKey key) {
        return closest(key, true);
    }

    public PacketNetwork network() {
        return net;
    }

    // ---------------------------------------------------------------- DhtService

    @Override
    public DhtKey selfKey() {
        return self;
    }

    @Override
    public Optional<SharedKey> sharedKey(DhtKey peer) {
        // A new key each call: the engine's own cache is loop-confined, and the caller owns the result.
        return SharedKey.precompute(keys, peer.toBytes());
    }

    @Override
    public InetSocketAddress localAddress() {
        return net.transport().localAddress();
    }

    @Override
    public void bootstrap(InetSocketAddress address, DhtKey key) {
        InetSocketAddress a = Addresses.normalize(address);
        loop.execute(() -> {
            NodeInfo n = new NodeInfo(key, a);
            if (!bootstrapNodes.contains(n)) {
                bootstrapNodes.add(n);
            }
            lastBootstrap = now();
            sendNodesRequest(a, key, self);
        });
    }

    @Override
    public void addFriend(DhtKey friend, Consumer<InetSocketAddress> onAddress) {
        loop.execute(() -> {
            if (friend.equals(self)) {
                return;
            }
            Friend f = friends.computeIfAbsent(friend, k -> {
                Friend nf = new Friend(k);
                nf.natPingId = random.nextLong();
                return nf;
            });
            if (onAddress != null) {
                f.listeners.add(onAddress);
            }
            // Seed the search with what we already know, like c-toxcore's dht_addfriend.
            for (NodeInfo n : closest(friend, true)) {
                f.toBootstrap.add(n);
            }
        });
    }

    @Override
    public void removeFriend(DhtKey friend) {
        loop.execute(() -> friends.remove(friend));
    }

    @Override
    public void askFor(DhtKey target, NodeInfo node) {
        InetSocketAddress a = Addresses.normalize(node.address());
        loop.execute(() -> sendNodesRequest(a, node.key(), target));
    }

    @Override
    public CompletionStage<Optional<InetSocketAddress>> friendAddress(DhtKey friend) {
        return loop.call(() -> friendIp(friend));
    }

    @Override
    public CompletionStage<List<NodeInfo>> closeNodes() {
        return loop.call(this::closeList);
    }

    @Override
    public CompletionStage<List<NodeInfo>> closestNodes(DhtKey key) {
        return loop.call(() -> closest(key, true));
    }

    @Override
    public CompletionStage<Boolean> isConnected() {
        return loop.call(this::connected);
    }

    @Override
    public CompletionStage<Optional<BootstrapInfo>> bootstrapInfo(InetSocketAddress node, Duration timeout) {
        CompletableFuture<Optional<BootstrapInfo>> f = new CompletableFuture<>();
        InetSocketAddress a = Addresses.normalize(node);
        loop.execute(() -> {
            CompletableFuture<Optional<BootstrapInfo>> old = infoRequests.put(a, f);
            if (old != null) {
                old.complete(Optional.empty());
            }
            net.send(a, new BootstrapInfoRequest().toBytes());
            loop.schedule(() -> {
                if (infoRequests.remove(a, f)) {
                    f.complete(Optional.empty());
                }
            }, timeout.toMillis());
        });
        return f;
    }

    @Override
    public void onRequest(int requestId, RequestHandler handler) {
        loop.execute(() -> requestHandlers.put(requestId & 0xff, handler));
    }

    @Override
    public void sendRequest(InetSocketAddress address, DhtKey receiver, int requestId, byte[] data) {
        loop.execute(() -> shared(receiver).ifPresent(k ->
                net.send(address, CryptoRequest.seal(receiver, self, k, nonce(), requestId, data).toBytes())));
    }
}
