package dev.parley.onion.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.crypto.ToxId;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.PackedNode;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.onion.TcpOnion;
import dev.parley.onion.wire.AnnouncePayload;
import dev.parley.onion.wire.AnnounceRequest;
import dev.parley.onion.wire.AnnounceResponse;
import dev.parley.onion.wire.AnnounceResult;
import dev.parley.onion.wire.DataRequest;
import dev.parley.onion.wire.DataResponse;
import dev.parley.onion.wire.DhtPkAnnounce;
import dev.parley.onion.wire.FriendRequestData;
import dev.parley.onion.wire.OnionData;
import dev.parley.onion.wire.OnionExit;
import dev.parley.onion.wire.OnionIpPort;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionLayer;
import dev.parley.onion.wire.OnionRequest0;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;

/**
 * The onion of one node: {@link OnionNode} and {@link AnnounceStore} for others, and the client
 * after c-toxcore's onion_client.c and friend_requests.c: onion paths of three DHT nodes, our
 * announcement to the 12 nodes closest to our long-term key, searches for friends' keys among the
 * 8 closest nodes, onion data (DHT key 0x9c, friend request 0x20) through the nodes where a friend
 * announced, and the DHT key also through DHT request packets. On the loop only; the
 * {@link OnionService} methods hop onto it.
 */
public final class OnionEngine implements OnionService {
    public static final int PATHS = 6;
    public static final int MAX_ANNOUNCE_NODES = 12;
    public static final int MAX_FRIEND_NODES = 8;
    public static final long PATH_TIMEOUT = 10_000;
    /** How long a path that never carried a response may go unanswered (c-toxcore's ONION_PATH_FIRST_TIMEOUT). */
    public static final long PATH_FIRST_TIMEOUT = 4_000;
    public static final long PATH_MAX_LIFETIME = 1_200_000;
    public static final int PATH_MAX_NO_RESPONSE_USES = 4;
    public static final long ANNOUNCE_INTERVAL_NOT_ANNOUNCED = 3_000;
    public static final long ANNOUNCE_INTERVAL_ANNOUNCED = 15_000;
    /** A node and path that lasted this long are stable (c-toxcore's TIME_TO_STABLE). */
    public static final long TIME_TO_STABLE = 90_000;
    public static final long ANNOUNCE_INTERVAL_STABLE = 120_000;
    /** A node that missed {@link #NODE_MAX_PINGS} answers counts as gone this long after the last (ONION_NODE_TIMEOUT). */
    public static final long NODE_TIMEOUT = 15_000;
    /** Friend searches back off after this many rounds of 4 requests (ANNOUNCE_FRIEND_RUN_COUNT_BEGINNING). */
    public static final int FRIEND_RUN_COUNT_BEGINNING = 5;
    public static final long FRIEND_NEW_INTERVAL = 3_000;
    /**
     * Parley's addition to c-toxcore's schedule: for the first {@link #FRIEND_FIRST_MILLIS} after a
     * friend is added (or our request sent), each node is asked every second, and those requests do
     * not count towards the back-off; then c-toxcore's schedule as it is. A friend who just
     * announced is found about 2 s sooner (see docs/BENCHMARKS.md, onion).
     */
    public static final long FRIEND_FIRST_INTERVAL = 1_000;
    public static final long FRIEND_FIRST_MILLIS = 3_000;
    public static final long FRIEND_MAX_INTERVAL = 3_600_000;
    /** How often a list at or above half its size is topped up from random nodes (ANNOUNCE_POPULATE_TIMEOUT). */
    public static final long POPULATE_TIMEOUT = 600_000;
    public static final int NODE_MAX_PINGS = 3;
    public static final long SENDBACK_TIMEOUT = 10_000;
    public static final long MIN_NODE_PING_TIME = 10_000;
    public static final long ONION_DHTPK_SEND_INTERVAL = 30_000;
    public static final long DHT_DHTPK_SEND_INTERVAL = 20_000;
    /**
     * Parley's addition: until a friend's own DHT-key announcement first reaches us (a request
     * not yet accepted, a friend just accepted, or we just started), ours goes out every 250 ms, the
     * interval doubling every {@link #DHTPK_FAST_STEP} announcements up to the usual 30 s. A
     * friend who accepts then has our key within a fraction of a second, whatever its own search
     * for our announcement takes (c-toxcore's takes 1-2 s), and one lost through a dead path is
     * soon replaced by one on another path. About 30 more announcements in the first two minutes.
     */
    public static final long DHTPK_FAST_INTERVAL = 250;
    public static final int DHTPK_FAST_STEP = 4;
    public static final long FRIEND_REQUEST_INTERVAL = 5_000;
    public static final int MAX_RECEIVED_STORED = 32;
    public static final int MAX_PATH_NODES = 32;

    /** One onion path of three nodes with the keys of its three layers. */
    static final class Path {
        final NodeInfo[] nodes;
        /** nodes[0] is a TCP relay: no layer is sealed for it, it gets the packet by TCP. */
        boolean tcp;
        final SharedKey[] shared = new SharedKey[3];
        final byte[][] keys = new byte[3][];
        final long created;
        boolean answered;
        long lastUsed;
        /** As c-toxcore: a new path starts halfway, so two unanswered uses and 4 s condemn it. */
        int usesWithoutResponse = PATH_MAX_NO_RESPONSE_USES / 2;

        Path(NodeInfo[] nodes, long now) {
            this.nodes = nodes;
            this.created = now;
            this.lastUsed = now;
        }
    }

    /** An announce node we talk to, for our announcement or for a friend's search. */
    static final class AnnNode {
        final DhtKey key;
        InetSocketAddress address;
        byte[] pingId;
        boolean stored;
        byte[] dataKey;
        long lastHeard;
        long lastSent;
        int unanswered;
        int pathSlot = -1;
        /** The path of the last answer, to tell whether it still exists. */
        Path path;
        long addedAt;

        AnnNode(DhtKey key, InetSocketAddress address) {
            this.key = key;
            this.address = address;
        }
    }

    record Pending(Friend friend, DhtKey nodeKey, InetSocketAddress address, boolean selfPaths, int slot, Path path, long sent) {
    }

    final class Friend {
        final DhtKey key;
        final KeyPair temp;
        /** {@link #temp} with the announce nodes searched: every request and answer needs one. */
        final KeyCache searchKeys;
        final List<AnnNode> nodes = new ArrayList<>();
        boolean isFriend;
        /** Connected, as the Messenger says: not searched for (c-toxcore's is_online). */
        boolean online;
        FriendRequestData request;
        long lastRequestSent;
        DhtKey dhtKey;
        long lastNoReplay;
        long lastOnionDhtPk;
        long lastDhtDhtPk;
        /** The friend's DHT-key announcement reached us (since we added it or started). */
        boolean answered;
        /** Our DHT-key announcements through the onion while {@link #answered} was false. */
        int unansweredDhtPks;
        Cancellable dhtPkTimer;
        InetSocketAddress address;
        long lastRandom;
        /** c-toxcore's run_count: grows every 4 search requests; past 5 the searches back off. */
        int runCount;
        int countedPings;
        final long addedAt = now();
        int pings;
        long lastPopulated;
        long timeLastPinged;

        Friend(DhtKey key) {
            this.key = key;
            this.temp = newKeyPair();
            this.searchKeys = new KeyCache(temp, 64);
        }
    }

    private final PacketNetwork net;
    private final EventLoop loop;
    private final DhtService dht;
    private final KeyPair longTerm;
    private final DhtKey self;
    private final Random random;
    private final OnionOptions options;
    private final OnionNode node;
    private final AnnounceStore store;
    private final KeyPair dataKeys;
    private final KeyCache longTermKeys;
    private final KeyCache dataKeyCache;
    private final Path[][] paths = new Path[2][PATHS];
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<AnnNode> announce = new ArrayList<>();
    private final Map<DhtKey, Friend> friends = new LinkedHashMap<>();
    private final Map<DhtKey, Long> recentlyPinged = new HashMap<>();
    private final List<NodeInfo> pathNodes = new ArrayList<>();
    private List<NodeInfo> closeNodes = List.of();
    private long lastRandomSelf;
    private long lastAnnounceSent;
    private long lastPopulatedSelf;
    private long lastAnnounced;
    private long lastNoReplaySent;
    private volatile int nospam;
    private final DhtKey[] received = new DhtKey[MAX_RECEIVED_STORED];
    private int receivedIndex;
    private final List<FriendRequestListener> requestListeners = new ArrayList<>();
    private final List<FriendDhtKeyListener> dhtKeyListeners = new ArrayList<>();
    private Cancellable ticker;
    private boolean stopped;
    private TcpOnion tcp;
    private boolean udp = true;
    private final List<FriendRelaysListener> relayListeners = new ArrayList<>();

    public OnionEngine(PacketNetwork net, DhtService dht, KeyPair longTerm, int nospam, Random random,
            OnionOptions options) {
        this.net = net;
        this.loop = net.loop();
        this.dht = dht;
        this.longTerm = longTerm;
        this.self = DhtKey.of(longTerm.publicKey());
        this.random = random;
        this.options = options;
        this.nospam = nospam;
        this.node = options.serve() ? new OnionNode(net, dht, random) : null;
        this.store = options.serve() ? new AnnounceStore(net, dht, random) : null;
        this.dataKeys = newKeyPair();
        this.longTermKeys = new KeyCache(longTerm, 256);
        this.dataKeyCache = new KeyCache(dataKeys, 256);
    }

    private KeyPair newKeyPair() {
        byte[] sk = new byte[32];
        random.nextBytes(sk);
        return KeyPair.fromSecretKey(sk);
    }

    public void start() {
        if (node != null) {
            node.start();
            store.start();
        }
        net.register(OnionKind.ANNOUNCE_RESPONSE_OLD, this::onAnnounceResponse);
        net.register(OnionKind.ANNOUNCE_RESPONSE, this::onAnnounceResponse);
        net.register(OnionKind.DATA_RESPONSE, this::onDataResponse);
        dht.onRequest(OnionKind.DATA_DHT_PK, this::onDhtRequest);
        ticker = loop.every(options.tickMillis(), this::tick);
        tick();
    }

    public void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel();
        }
        for (Friend f : friends.values()) {
            if (f.dhtPkTimer != null) {
                f.dhtPkTimer.cancel();
            }
        }
        if (node != null) {
            node.stop();
            store.stop();
        }
        for (int k : new int[] {0x84, 0x88, 0x86}) {
            net.register(k, null);
        }
    }

    public AnnounceStore store() {
        return store;
    }

    /** For tests: how many search requests went to a friend's nodes, and its run count. */
    int[] searchState(DhtKey friend) {
        Friend f = friends.get(friend);
        return f == null ? null : new int[] {f.pings, f.runCount, f.nodes.size()};
    }

    /** For tests: our announce nodes' keys. */
    List<DhtKey> announceNodes() {
        return announce.stream().map(n -> n.key).toList();
    }

    /** For tests: the self paths' nodes (null where there is no live path). */
    List<List<DhtKey>> selfPaths() {
        List<List<DhtKey>> out = new ArrayList<>();
        for (Path p : paths[0]) {
            out.add(p == null || dead(p) ? null : java.util.Arrays.stream(p.nodes).map(NodeInfo::key).toList());
        }
        return out;
    }

    private long now() {
        return loop.nowMillis();
    }

    private Nonce nonce() {
        byte[] n = new byte[Nonce.SIZE];
        random.nextBytes(n);
        return Nonce.of(n);
    }

    // ------------------------------------------------------------------ paths

    /**
     * Candidates for onion hops: the DHT's close nodes and nodes we heard of. Never our own DHT
     * node: a path through ourselves would send our announce requests (our long-term key) from our
     * own address to the next hop or the announce node (the privacy simulation caught that).
     */
    private List<NodeInfo> pathPool() {
        List<NodeInfo> pool = new ArrayList<>();
        DhtKey own = dht.selfKey();
        for (NodeInfo n : closeNodes) {
            if (!n.key().equals(own)) {
                pool.add(n);
            }
        }
        for (NodeInfo n : pathNodes) {
            if (pool.stream().noneMatch(x -> x.key().equals(n.key()))) {
                pool.add(n);
            }
        }
        return pool;
    }

    private void addPathNode(NodeInfo n) {
        if (n.key().equals(dht.selfKey())) {
            return;
        }
        for (NodeInfo x : pathNodes) {
            if (x.key().equals(n.key())) {
                return;
            }
        }
        if (pathNodes.size() >= MAX_PATH_NODES) {
            pathNodes.remove(0);
        }
        pathNodes.add(n);
    }

    private boolean dead(Path p) {
        long now = now();
        if (p.tcp != !udp || (p.tcp && (tcp == null || tcp.readyRelays().stream().noneMatch(r -> r.key().equals(p.nodes[0].key()))))) {
            return true;
        }
        // c-toxcore's path_timed_out: enough unanswered uses, and the last of them long enough ago.
        long timeout = p.answered ? PATH_TIMEOUT : PATH_FIRST_TIMEOUT;
        return p.created + PATH_MAX_LIFETIME <= now
                || (p.usesWithoutResponse >= PATH_MAX_NO_RESPONSE_USES && p.lastUsed + timeout <= now);
    }

    private Path newPath(DhtKey avoid) {
        List<NodeInfo> pool = pathPool();
        pool.removeIf(n -> n.key().equals(avoid));
        NodeInfo[] chosen = new NodeInfo[3];
        boolean viaTcp = !udp;
        if (viaTcp) {
            // A relay, then two DHT nodes (c-toxcore's TCP onion paths).
            List<NodeInfo> relays = tcp == null ? List.of() : tcp.readyRelays();
            if (relays.isEmpty()) {
                return null;
            }
            chosen[0] = relays.get(random.nextInt(relays.size()));
            pool.removeIf(n -> n.key().equals(chosen[0].key()));
            if (pool.size() < 2) {
                return null;
            }
            for (int i = 1; i < 3; i++) {
                chosen[i] = pool.remove(random.nextInt(pool.size()));
            }
        } else {
            if (pool.size() < 3) {
                return null;
            }
            for (int i = 0; i < 3; i++) {
                chosen[i] = pool.remove(random.nextInt(pool.size()));
            }
        }
        Path p = new Path(chosen, now());
        p.tcp = viaTcp;
        for (int i = 0; i < 3; i++) {
            KeyPair t = newKeyPair();
            Optional<SharedKey> k = SharedKey.precompute(t, chosen[i].key().toBytes());
            if (k.isEmpty()) {
                return null;
            }
            p.shared[i] = k.get();
            p.keys[i] = t.publicKey();
        }
        return p;
    }

    /** A usable path of one set, preferring {@code slot}; its slot, or -1. */
    private int path(boolean selfPaths, int slot, DhtKey dest) {
        Path[] set = paths[selfPaths ? 0 : 1];
        if (slot < 0 || set[slot] == null || dead(set[slot])) {
            slot = random.nextInt(PATHS);
        }
        if (set[slot] == null || dead(set[slot])) {
            set[slot] = newPath(dest);
        }
        return set[slot] == null ? -1 : slot;
    }

    private boolean sendOnion(boolean selfPaths, int slot, InetSocketAddress dest, byte[] data) {
        Path p = paths[selfPaths ? 0 : 1][slot];
        Nonce n = nonce();
        byte[] exit = new OnionExit(OnionIpPort.udp(dest), data).toBytes();
        byte[] l2 = new OnionLayer(OnionIpPort.udp(p.nodes[2].address()), p.keys[2], p.shared[2].seal(n, exit)).toBytes();
        byte[] l1 = new OnionLayer(OnionIpPort.udp(p.nodes[1].address()), p.keys[1], p.shared[1].seal(n, l2)).toBytes();
        byte[] packet = new OnionRequest0(n, p.keys[0], p.shared[0].seal(n, l1)).toBytes();
        if (packet.length > OnionKind.MAX_PACKET) {
            return false;
        }
        if (p.usesWithoutResponse < PATH_MAX_NO_RESPONSE_USES) {
            p.lastUsed = now();
        }
        p.usesWithoutResponse++;
        if (p.tcp) {
            return tcp != null && tcp.send(p.nodes[0], n.toBytes(), l1);
        }
        return net.send(p.nodes[0].address(), packet);
    }

    // ------------------------------------------------------------------ announce requests

    private boolean sendAnnounce(Friend f, AnnNode n) {
        return sendAnnounce(f, n.key, n.address, f == null ? n.pingId : null, n);
    }

    private boolean sendAnnounce(Friend f, DhtKey nodeKey, InetSocketAddress address, byte[] pingId, AnnNode n) {
        boolean selfPaths = f == null;
        int slot = path(selfPaths, n == null ? -1 : n.pathSlot, nodeKey);
        if (slot < 0) {
            return false;
        }
        if (n != null) {
            n.pathSlot = slot;
        }
        long sb = random.nextLong();
        while (sb == 0 || pending.containsKey(sb)) {
            sb = random.nextLong();
        }
        byte[] sendback = Unpooled.buffer(8).writeLong(sb).array();
        KeyPair sender = selfPaths ? longTerm : f.temp;
        Optional<SharedKey> k = selfPaths ? longTermKeys.get(nodeKey) : f.searchKeys.get(nodeKey);
        if (k.isEmpty()) {
            return false;
        }
        AnnouncePayload p = new AnnouncePayload(pingId == null ? new byte[32] : pingId,
                selfPaths ? self.toBytes() : f.key.toBytes(), selfPaths ? dataKeys.publicKey() : new byte[32],
                sendback, new byte[0]);
        AnnounceRequest req = AnnounceRequest.seal(OnionKind.ANNOUNCE_REQUEST_OLD, sender.publicKey(), k.get(), nonce(), p);
        pending.put(sb, new Pending(f, nodeKey, address, selfPaths, slot, paths[selfPaths ? 0 : 1][slot], now()));
        recentlyPinged.put(nodeKey, now());
        return sendOnion(selfPaths, slot, address, req.toBytes());
    }

    private Verdict onAnnounceResponse(InetSocketAddress from, byte[] data) {
        AnnounceResponse r;
        try {
            r = AnnounceResponse.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        long sb = Unpooled.wrappedBuffer(r.sendback()).readLong();
        Pending p = pending.get(sb);
        if (p == null || p.sent() + SENDBACK_TIMEOUT <= now()) {
            return Verdict.DROPPED;
        }
        Optional<SharedKey> k = p.friend() == null ? longTermKeys.get(p.nodeKey())
                : p.friend().searchKeys.get(p.nodeKey());
        Optional<AnnounceResult> res = k.flatMap(r::open);
        if (res.isEmpty()) {
            return Verdict.MALFORMED;
        }
        pending.remove(sb);
        // Only the path the request went out on is credited, not a newer one in its slot.
        Path path = paths[p.selfPaths() ? 0 : 1][p.slot()] == p.path() ? p.path() : null;
        if (path != null) {
            path.answered = true;
            path.usesWithoutResponse = 0;
            for (int i = path.tcp ? 1 : 0; i < path.nodes.length; i++) {
                addPathNode(path.nodes[i]);
            }
        }
        if (p.friend() != null && !friends.containsKey(p.friend().key)) {
            return Verdict.DROPPED;
        }
        onResult(p, res.get());
        return Verdict.HANDLED;
    }

    private void onResult(Pending p, AnnounceResult r) {
        Friend f = p.friend();
        DhtKey target = f == null ? self : f.key;
        List<AnnNode> list = f == null ? announce : f.nodes;
        int max = f == null ? MAX_ANNOUNCE_NODES : MAX_FRIEND_NODES;
        AnnNode n = addNode(list, max, target, p.nodeKey(), p.address());
        if (n != null) {
            n.lastHeard = now();
            n.unanswered = 0;
            n.pathSlot = p.slot();
            n.path = p.path();
            if (f == null) {
                n.pingId = r.pingIdOrKey();
                n.stored = r.isStored() == AnnounceResult.STORED;
            } else if (r.isStored() != AnnounceResult.FOUND) {
                n.dataKey = null;
            } else {
                boolean first = f.nodes.stream().noneMatch(this::found);
                n.dataKey = r.pingIdOrKey();
                if (first) {
                    friendFound(f);
                }
            }
        }
        for (PackedNode pn : r.nodes()) {
            if (pn.tcp() || pn.address().getPort() == 0) {
                continue;
            }
            // Nodes an announce node names are candidates for paths and searches too; without a
            // DHT (UDP off) they are the only way to learn nodes beyond the bootstrap ones.
            addPathNode(pn.toNodeInfo());
            if (!wouldAdd(list, max, target, pn.key())) {
                continue;
            }
            Long last = recentlyPinged.get(pn.key());
            if (last != null && last + MIN_NODE_PING_TIME > now()) {
                continue;
            }
            sendAnnounce(f, pn.key(), pn.address(), null, null);
        }
    }

    private boolean found(AnnNode n) {
        return n.dataKey != null;
    }

    private boolean wouldAdd(List<AnnNode> list, int max, DhtKey target, DhtKey key) {
        if (key.equals(self)) {
            return false;
        }
        for (AnnNode n : list) {
            if (n.key.equals(key)) {
                return false;
            }
        }
        if (list.size() < max) {
            return true;
        }
        return target.compareDistance(key, furthest(list, target).key) < 0;
    }

    private static AnnNode furthest(List<AnnNode> list, DhtKey target) {
        AnnNode w = list.get(0);
        for (AnnNode n : list) {
            if (target.compareDistance(n.key, w.key) > 0) {
                w = n;
            }
        }
        return w;
    }

    private AnnNode addNode(List<AnnNode> list, int max, DhtKey target, DhtKey key, InetSocketAddress address) {
        for (AnnNode n : list) {
            if (n.key.equals(key)) {
                n.address = address;
                return n;
            }
        }
        if (list.size() >= max) {
            AnnNode w = furthest(list, target);
            if (target.compareDistance(key, w.key) >= 0) {
                return null;
            }
            list.remove(w);
        }
        AnnNode n = new AnnNode(key, address);
        n.addedAt = now();
        list.add(n);
        return n;
    }

    // ------------------------------------------------------------------ periodic work

    void tick() {
        dht.closeNodes().thenAccept(l -> closeNodes = l);
        long now = now();
        pending.values().removeIf(p -> p.sent() + SENDBACK_TIMEOUT <= now);
        recentlyPinged.values().removeIf(t -> t + MIN_NODE_PING_TIME <= now);
        announceSelf();
        for (Friend f : List.copyOf(friends.values())) {
            searchFriend(f);
        }
    }

    /** c-toxcore's onion_node_timed_out: three requests unanswered, the last one 15 s ago. */
    private boolean timedOut(AnnNode n, long now) {
        return n.unanswered >= NODE_MAX_PINGS && n.lastSent + NODE_TIMEOUT <= now;
    }

    private boolean pathExists(AnnNode n) {
        return n.path != null && n.pathSlot >= 0 && paths[0][n.pathSlot] == n.path && !dead(n.path);
    }

    /** c-toxcore's path_is_stable: node and path old enough, and neither waiting long for an answer. */
    private boolean stable(AnnNode n, long now) {
        return n.addedAt + TIME_TO_STABLE <= now
                && !(n.unanswered > 0 && n.lastSent + NODE_TIMEOUT <= now)
                && n.path.created + TIME_TO_STABLE <= now
                && !(n.path.usesWithoutResponse > 0 && n.path.lastUsed + PATH_TIMEOUT <= now);
    }

    /**
     * Keeps our announcement alive, as c-toxcore's do_announce: every 3 s to a node that has not
     * stored us, every 15 s to one that has (on a path that still exists), every 120 s once node and
     * path are stable; besides, one node every 15 s whatever its interval. A node that missed three
     * answers is not asked again and is dropped 15 s after the last request; its last chance, when
     * it had been with us long, goes out on a random path.
     */
    private void pingSelf(long now) {
        for (Iterator<AnnNode> it = announce.iterator(); it.hasNext();) {
            AnnNode n = it.next();
            if (timedOut(n, now)) {
                it.remove();
                continue;
            }
            if (n.unanswered >= NODE_MAX_PINGS) {
                continue;
            }
            long interval = ANNOUNCE_INTERVAL_NOT_ANNOUNCED;
            if (n.stored && pathExists(n)) {
                interval = stable(n, now) ? ANNOUNCE_INTERVAL_STABLE : ANNOUNCE_INTERVAL_ANNOUNCED;
            }
            if (n.lastSent + interval <= now || lastAnnounceSent + ANNOUNCE_INTERVAL_ANNOUNCED <= now) {
                if (n.unanswered == NODE_MAX_PINGS - 1 && n.addedAt + TIME_TO_STABLE <= now) {
                    n.pathSlot = -1;
                }
                n.lastSent = now;
                n.unanswered++;
                lastAnnounceSent = now;
                sendAnnounce(null, n);
            }
        }
    }

    /** How long between search requests to one node for {@code f} (c-toxcore's do_friend). */
    static long friendInterval(int runCount) {
        if (runCount <= FRIEND_RUN_COUNT_BEGINNING) {
            return FRIEND_NEW_INTERVAL;
        }
        return Math.min(1000L << Math.min(12, runCount - 2), FRIEND_MAX_INTERVAL);
    }

    /**
     * Searches for a friend as c-toxcore's do_friend does: every 3 s per node while the friend is
     * new to us, then, the longer it stays unfound, exponentially less often (the interval doubles
     * every 4 requests, up to an hour); requests to different nodes at least a quarter interval
     * apart; a node that just answered is asked again only after one interval.
     */
    private void pingFriend(Friend f, long now) {
        boolean first = f.addedAt + FRIEND_FIRST_MILLIS > now;
        long interval = first ? FRIEND_FIRST_INTERVAL : friendInterval(f.runCount);
        long spacing = interval / 1000 / (MAX_FRIEND_NODES / 2) * 1000;
        for (Iterator<AnnNode> it = f.nodes.iterator(); it.hasNext();) {
            AnnNode n = it.next();
            if (timedOut(n, now)) {
                it.remove();
                continue;
            }
            if (n.lastSent == 0) {
                n.lastSent = now;
                continue;
            }
            if (n.unanswered >= NODE_MAX_PINGS || f.timeLastPinged + spacing > now || n.lastSent + interval > now) {
                continue;
            }
            n.lastSent = now;
            n.unanswered++;
            f.timeLastPinged = now;
            f.pings++;
            if (!first && ++f.countedPings % (MAX_FRIEND_NODES / 2) == 0) {
                f.runCount++;
            }
            sendAnnounce(f, n);
        }
    }

    /** Asks {@code count} random known nodes, which lead the search towards the target's closest nodes. */
    private void askRandom(Friend f, List<AnnNode> list, int count) {
        List<NodeInfo> pool = pathPool();
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            NodeInfo n = pool.remove(random.nextInt(pool.size()));
            if (list.stream().noneMatch(a -> a.key.equals(n.key()))) {
                sendAnnounce(f, n.key(), n.address(), null, null);
            }
        }
    }

    private void announceSelf() {
        long now = now();
        pingSelf(now);
        // Topping up the list as c-toxcore does: at most once a second while it is half empty, else
        // every 10 minutes unless it is full.
        if (announce.size() == MAX_ANNOUNCE_NODES) {
            lastPopulatedSelf = now;
        } else if ((announce.size() <= MAX_ANNOUNCE_NODES / 2 || lastPopulatedSelf + POPULATE_TIMEOUT <= now)
                && lastRandomSelf + 1_000 <= now) {
            lastRandomSelf = now;
            askRandom(null, announce, MAX_ANNOUNCE_NODES / 2);
        }
        boolean announced = announce.stream().anyMatch(n -> n.stored);
        if (announced) {
            // Back online after 10 s or more: search for every friend afresh (reset_friend_run_counts).
            if (lastAnnounced + 10_000 <= now) {
                friends.values().forEach(f -> f.runCount = 0);
            }
            lastAnnounced = now;
        }
    }

    private void searchFriend(Friend f) {
        if (f.online) {
            return;
        }
        long now = now();
        pingFriend(f, now);
        boolean isFound = f.nodes.stream().anyMatch(this::found);
        if (f.nodes.size() == MAX_FRIEND_NODES) {
            if (f.runCount > FRIEND_RUN_COUNT_BEGINNING) {
                f.lastPopulated = now;
            }
        } else if ((f.nodes.size() <= MAX_FRIEND_NODES / 2 || f.lastPopulated + POPULATE_TIMEOUT <= now)
                && f.lastRandom + 1_000 <= now) {
            f.lastRandom = now;
            f.lastPopulated = now;
            askRandom(f, f.nodes, MAX_FRIEND_NODES);
        }
        sendFriendData(f, isFound, now);
    }

    /** The friend request and our DHT key to a friend's announce nodes, when due. */
    private void sendFriendData(Friend f, boolean isFound, long now) {
        if (f.request != null && isFound && f.lastRequestSent + FRIEND_REQUEST_INTERVAL <= now) {
            if (sendData(f, f.request.toBytes()) > 0) {
                f.lastRequestSent = now;
            }
        }
        if (f.isFriend && isFound && f.lastOnionDhtPk + onionDhtPkInterval(f.answered, f.unansweredDhtPks) <= now) {
            if (sendData(f, dhtPkPacket()) > 0) {
                f.lastOnionDhtPk = now;
                if (!f.answered) {
                    f.unansweredDhtPks++;
                }
            }
        }
        if (f.isFriend && isFound) {
            scheduleDhtPk(f);
        }
        if (f.isFriend && f.dhtKey != null && f.lastDhtDhtPk + DHT_DHTPK_SEND_INTERVAL <= now) {
            f.lastDhtDhtPk = now;
            sendDhtPkViaDht(f);
        }
    }

    /** How long after our last DHT-key announcement through the onion the next is due. */
    static long onionDhtPkInterval(boolean answered, int unansweredSent) {
        if (answered) {
            return ONION_DHTPK_SEND_INTERVAL;
        }
        return Math.min(ONION_DHTPK_SEND_INTERVAL, DHTPK_FAST_INTERVAL << Math.min(16, unansweredSent / DHTPK_FAST_STEP));
    }

    /** Between ticks, the next fast announcement (the tick takes over once the interval is as long as it). */
    private void scheduleDhtPk(Friend f) {
        long wait = f.lastOnionDhtPk + onionDhtPkInterval(f.answered, f.unansweredDhtPks) - now();
        if (stopped || f.answered || f.online || f.dhtPkTimer != null || wait >= options.tickMillis()) {
            return;
        }
        f.dhtPkTimer = loop.schedule(() -> {
            f.dhtPkTimer = null;
            if (friends.get(f.key) == f && !f.online) {
                sendFriendData(f, f.nodes.stream().anyMatch(this::found), now());
            }
        }, Math.max(1, wait));
    }

    /** The first announce node that holds the friend's announcement: what waited for it goes now, not at the next tick. */
    private void friendFound(Friend f) {
        f.lastOnionDhtPk = 0;
        f.lastRequestSent = 0;
        sendFriendData(f, true, now());
    }

    // ------------------------------------------------------------------ onion data

    /** Sends onion data to every node where the friend is announced; how many were sent. */
    int sendData(Friend f, byte[] data) {
        Optional<SharedKey> lt = longTermKeys.get(f.key);
        if (lt.isEmpty()) {
            return 0;
        }
        Nonce n = nonce();
        OnionData inner = OnionData.seal(self.toBytes(), lt.get(), n, data);
        int sent = 0;
        for (AnnNode a : f.nodes) {
            if (!found(a)) {
                continue;
            }
            int slot = path(false, -1, a.key);
            if (slot < 0) {
                continue;
            }
            KeyPair t = newKeyPair();
            Optional<SharedKey> k = SharedKey.precompute(t, a.dataKey);
            if (k.isEmpty()) {
                continue;
            }
            DataRequest req = DataRequest.seal(f.key.toBytes(), t.publicKey(), k.get(), n, inner);
            if (sendOnion(false, slot, a.address, req.toBytes())) {
                sent++;
            }
        }
        return sent;
    }

    private Verdict onDataResponse(InetSocketAddress from, byte[] data) {
        DataResponse r;
        try {
            r = DataResponse.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        Optional<OnionData> d = dataKeyCache.get(r.tempKey()).flatMap(r::open);
        if (d.isEmpty()) {
            return Verdict.MALFORMED;
        }
        DhtKey sender = DhtKey.of(d.get().sender());
        Optional<byte[]> plain = longTermKeys.get(sender).flatMap(k -> d.get().open(k, r.nonce()));
        if (plain.isEmpty()) {
            return Verdict.MALFORMED;
        }
        byte[] p = plain.get();
        try {
            if ((p[0] & 0xff) == OnionKind.DATA_FRIEND_REQUEST) {
                return onFriendRequestData(sender, FriendRequestData.decode(Unpooled.wrappedBuffer(p)));
            }
            if ((p[0] & 0xff) == OnionKind.DATA_DHT_PK) {
                return onDhtPk(sender, DhtPkAnnounce.decode(Unpooled.wrappedBuffer(p)));
            }
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        return Verdict.DROPPED;
    }

    private byte[] dhtPkPacket() {
        // Grows across restarts: a friend drops an announcement whose counter is not above the last it saw.
        long nr = Math.max(lastNoReplaySent + 1, options.wallClockMillis().getAsLong());
        lastNoReplaySent = nr;
        List<PackedNode> nodes = new ArrayList<>();
        if (tcp != null) {
            // Our relays first, at most half the room (as c-toxcore does), so friends meet us there.
            for (NodeInfo r : tcp.readyRelays()) {
                if (nodes.size() < 2) {
                    nodes.add(new PackedNode(true, r.address(), r.key()));
                }
            }
        }
        for (NodeInfo n : closeNodes) {
            if (nodes.size() < 4) {
                nodes.add(PackedNode.udp(n));
            }
        }
        return new DhtPkAnnounce(nr, dht.selfKey(), nodes).toBytes();
    }

    private Verdict onDhtPk(DhtKey sender, DhtPkAnnounce a) {
        Friend f = friends.get(sender);
        if (f == null || !f.isFriend) {
            return Verdict.DROPPED;
        }
        if (a.noReplay() <= f.lastNoReplay) {
            return Verdict.DROPPED;
        }
        f.lastNoReplay = a.noReplay();
        f.answered = true;
        f.request = null;
        if (!a.dhtKey().equals(f.dhtKey)) {
            if (f.dhtKey != null) {
                dht.removeFriend(f.dhtKey);
            }
            f.dhtKey = a.dhtKey();
            f.address = null;
            f.lastDhtDhtPk = 0;
            DhtKey dk = a.dhtKey();
            dht.addFriend(dk, addr -> {
                Friend g = friends.get(sender);
                if (g != null && dk.equals(g.dhtKey)) {
                    g.address = addr;
                }
            });
            for (NodeInfo n : nodesOf(a)) {
                addPathNode(n);
            }
            for (FriendDhtKeyListener l : List.copyOf(dhtKeyListeners)) {
                l.dhtKey(sender, dk);
            }
            // Answer a new key with ours at once rather than at our next 30 s turn: the friend may
            // have dropped our earlier ones (sent before it accepted our request).
            if (f.nodes.stream().anyMatch(this::found) && sendData(f, dhtPkPacket()) > 0) {
                f.lastOnionDhtPk = now();
            } else {
                f.lastOnionDhtPk = 0;
            }
        }
        // The DHT nodes the friend names know it: ask them for it at once, as c-toxcore does on
        // every announcement, instead of waiting for our own DHT search to come across it. Not
        // while the onion is kept off UDP: such a node stays out of the DHT.
        if (udp) {
            for (NodeInfo n : nodesOf(a)) {
                dht.askFor(a.dhtKey(), n);
            }
        }
        List<NodeInfo> relays = new ArrayList<>();
        for (PackedNode n : a.nodes()) {
            if (n.tcp() && n.address().getPort() != 0) {
                relays.add(n.toNodeInfo());
            }
        }
        if (!relays.isEmpty()) {
            for (FriendRelaysListener l : List.copyOf(relayListeners)) {
                l.relays(sender, a.dhtKey(), List.copyOf(relays));
            }
        }
        return Verdict.HANDLED;
    }

    private static List<NodeInfo> nodesOf(DhtPkAnnounce a) {
        List<NodeInfo> out = new ArrayList<>();
        for (PackedNode n : a.nodes()) {
            if (!n.tcp() && n.address().getPort() != 0) {
                out.add(n.toNodeInfo());
            }
        }
        return out;
    }

    /** The DHT key through a DHT request packet (id 0x9c) to the friend's DHT key, when we know where it is. */
    private void sendDhtPkViaDht(Friend f) {
        Optional<SharedKey> lt = longTermKeys.get(f.key);
        if (lt.isEmpty() || f.address == null) {
            return;
        }
        Nonce n = nonce();
        byte[] box = lt.get().seal(n, dhtPkPacket());
        byte[] data = new byte[24 + 32 + box.length];
        n.writeTo(data, 0);
        self.writeTo(data, 24);
        System.arraycopy(box, 0, data, 56, box.length);
        dht.sendRequest(f.address, f.dhtKey, OnionKind.DATA_DHT_PK, data);
    }

    @Override
    public void useTcp(TcpOnion tcp, boolean udp) {
        loop.execute(() -> {
            this.tcp = tcp;
            this.udp = udp;
        });
    }

    /** Where onion responses that came through a TCP relay are said to come from. */
    static final InetSocketAddress TCP_SOURCE = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

    @Override
    public void tcpResponse(byte[] packet) {
        byte[] p = packet.clone();
        // Counted in the node's packet counters under its kind, as a UDP response would be.
        loop.execute(() -> net.deliver(TCP_SOURCE, p, this::onTcpResponse));
    }

    private Verdict onTcpResponse(InetSocketAddress from, byte[] packet) {
        int kind = packet[0] & 0xff;
        if (kind == OnionKind.ANNOUNCE_RESPONSE_OLD || kind == OnionKind.ANNOUNCE_RESPONSE) {
            return onAnnounceResponse(from, packet);
        }
        if (kind == OnionKind.DATA_RESPONSE) {
            return onDataResponse(from, packet);
        }
        return Verdict.MALFORMED; // a relay hands us only onion responses
    }

    @Override
    public void addPathNodes(List<NodeInfo> nodes) {
        List<NodeInfo> copy = List.copyOf(nodes);
        loop.execute(() -> copy.forEach(this::addPathNode));
    }

    @Override
    public void onFriendRelays(FriendRelaysListener l) {
        loop.execute(() -> relayListeners.add(l));
    }

    private void onDhtRequest(InetSocketAddress from, DhtKey senderDht, byte[] data) {
        if (data.length < 24 + 32 + 16 + DhtPkAnnounce.MIN_SIZE) {
            return;
        }
        Nonce n = Nonce.read(data, 0);
        DhtKey sender = DhtKey.of(data, 24);
        Optional<byte[]> plain = longTermKeys.get(sender).flatMap(k -> k.open(n, Arrays.copyOfRange(data, 56, data.length)));
        if (plain.isEmpty()) {
            return;
        }
        try {
            DhtPkAnnounce a = DhtPkAnnounce.decode(Unpooled.wrappedBuffer(plain.get()));
            if (a.dhtKey().equals(senderDht)) {
                onDhtPk(sender, a);
            }
        } catch (MalformedPacketException e) {
            // dropped
        }
    }

    // ------------------------------------------------------------------ friend requests

    private byte[] nospamBytes() {
        return Arrays.copyOfRange(address().toBytes(), 32, 36);
    }

    private Verdict onFriendRequestData(DhtKey sender, FriendRequestData r) {
        if (!Arrays.equals(r.nospam(), nospamBytes())) {
            return Verdict.DROPPED;
        }
        Friend f = friends.get(sender);
        if (f != null && f.isFriend) {
            return Verdict.DROPPED;
        }
        for (DhtKey k : received) {
            if (sender.equals(k)) {
                return Verdict.DROPPED;
            }
        }
        received[receivedIndex] = sender;
        receivedIndex = (receivedIndex + 1) % MAX_RECEIVED_STORED;
        for (FriendRequestListener l : List.copyOf(requestListeners)) {
            l.request(sender, r.message().clone());
        }
        return Verdict.HANDLED;
    }

    // ------------------------------------------------------------------ OnionService

    @Override
    public DhtKey publicKey() {
        return self;
    }

    @Override
    public ToxId address() {
        return ToxId.of(self.toBytes(), nospam);
    }

    @Override
    public void setNospam(int n) {
        nospam = n;
    }

    private Friend friend(DhtKey key) {
        return friends.computeIfAbsent(key, Friend::new);
    }

    @Override
    public void addFriend(DhtKey key) {
        loop.execute(() -> {
            if (!key.equals(self)) {
                Friend f = friend(key);
                f.isFriend = true;
                f.lastOnionDhtPk = 0;
                searchFriend(f);
                for (int i = 0; i < received.length; i++) {
                    if (key.equals(received[i])) {
                        received[i] = null;
                    }
                }
            }
        });
    }

    @Override
    public void setFriendOnline(DhtKey key, boolean online) {
        loop.execute(() -> {
            Friend f = friends.get(key);
            if (f == null || f.online == online) {
                return;
            }
            f.online = online;
            if (!online) {
                f.runCount = 0;
                f.countedPings = 0;
                f.lastNoReplay = 0;
                searchFriend(f);
            }
        });
    }

    @Override
    public void removeFriend(DhtKey key) {
        loop.execute(() -> {
            Friend f = friends.remove(key);
            if (f != null && f.dhtPkTimer != null) {
                f.dhtPkTimer.cancel();
            }
            if (f != null && f.dhtKey != null) {
                dht.removeFriend(f.dhtKey);
            }
        });
    }

    @Override
    public void sendFriendRequest(ToxId to, byte[] message) {
        if (message.length == 0 || message.length > OnionKind.MAX_FRIEND_REQUEST_MESSAGE) {
            throw new IllegalArgumentException("a friend request message has 1 to "
                    + OnionKind.MAX_FRIEND_REQUEST_MESSAGE + " bytes, not " + message.length);
        }
        DhtKey key = DhtKey.of(to.publicKey());
        if (key.equals(self)) {
            throw new IllegalArgumentException("that is our own Tox ID");
        }
        byte[] ns = Arrays.copyOfRange(to.toBytes(), 32, 36);
        byte[] msg = message.clone();
        loop.execute(() -> {
            Friend f = friend(key);
            f.isFriend = true;
            f.request = new FriendRequestData(ns, msg);
            f.lastRequestSent = 0;
            searchFriend(f);
        });
    }

    @Override
    public void onFriendRequest(FriendRequestListener l) {
        loop.execute(() -> requestListeners.add(l));
    }

    @Override
    public void onFriendDhtKey(FriendDhtKeyListener l) {
        loop.execute(() -> dhtKeyListeners.add(l));
    }

    @Override
    public CompletionStage<Optional<DhtKey>> friendDhtKey(DhtKey key) {
        return loop.call(() -> Optional.ofNullable(friends.get(key)).map(f -> f.dhtKey));
    }

    @Override
    public CompletionStage<Optional<InetSocketAddress>> friendAddress(DhtKey key) {
        return loop.call(() -> Optional.ofNullable(friends.get(key)).map(f -> f.address));
    }

    @Override
    public CompletionStage<Boolean> isAnnounced() {
        return loop.call(() -> announce.stream().anyMatch(n -> n.stored));
    }
}
