package dev.parley.onion.internal;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.Hashes;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.PackedNode;
import dev.parley.net.Addresses;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.wire.AnnouncePayload;
import dev.parley.onion.wire.AnnounceRequest;
import dev.parley.onion.wire.AnnounceResponse;
import dev.parley.onion.wire.AnnounceResult;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The announce node, after c-toxcore's onion_announce.c: answers announce requests (0x83 older,
 * 0x87 newer without group data) with a ping id derived from time, the requester's key and
 * address, stores announcements that bring a valid ping id (at most 160, the ones closest to our
 * DHT key, 300 s each) with their return path, and passes data requests (0x85) to the announced
 * key as data responses (0x86). On the loop only.
 */
public final class AnnounceStore {
    public static final int MAX_ENTRIES = 160;
    public static final long TIMEOUT_SECONDS = 300;

    private static final class Entry {
        DhtKey key;
        InetSocketAddress retAddress;
        byte[] ret;
        byte[] dataKey;
        long time;
    }

    private final PacketNetwork net;
    private final EventLoop loop;
    private final DhtService dht;
    private final DhtKey self;
    private final Random random;
    private final KeyCache keys;
    private final byte[] secret = new byte[32];
    private final List<Entry> entries = new ArrayList<>();

    public AnnounceStore(PacketNetwork net, DhtService dht, Random random) {
        this.net = net;
        this.loop = net.loop();
        this.dht = dht;
        this.self = dht.selfKey();
        this.random = random;
        this.keys = new KeyCache(dht::sharedKey, 1024);
        random.nextBytes(secret);
    }

    public void start() {
        net.register(OnionKind.ANNOUNCE_REQUEST_OLD, this::onAnnounce);
        net.register(OnionKind.ANNOUNCE_REQUEST, this::onAnnounce);
        net.register(OnionKind.DATA_REQUEST, this::onData);
    }

    public void stop() {
        for (int k : new int[] {0x83, 0x87, 0x85}) {
            net.register(k, null);
        }
    }

    private long seconds() {
        return loop.nowMillis() / 1000;
    }

    private boolean alive(Entry e) {
        return e.time + TIMEOUT_SECONDS > seconds();
    }

    /** How many live announcements are stored. */
    public int size() {
        return (int) entries.stream().filter(this::alive).count();
    }

    /** Whether {@code key} is announced here. */
    public boolean holds(DhtKey key) {
        return find(key) != null;
    }

    byte[] pingId(long time, byte[] requester, InetSocketAddress source) {
        ByteBuf b = Unpooled.buffer(32 + 8 + 32 + 18 + 2);
        b.writeBytes(secret);
        b.writeLong(time / TIMEOUT_SECONDS);
        b.writeBytes(requester);
        b.writeBytes(source.getAddress().getAddress());
        b.writeShort(source.getPort());
        return Hashes.sha256(b.array(), 0, b.writerIndex());
    }

    private Entry find(DhtKey key) {
        for (Entry e : entries) {
            if (alive(e) && e.key.equals(key)) {
                return e;
            }
        }
        return null;
    }

    private Entry add(DhtKey key, InetSocketAddress retAddress, byte[] ret, byte[] dataKey) {
        Entry e = find(key);
        if (e == null) {
            for (Entry x : entries) {
                if (!alive(x)) {
                    e = x;
                    break;
                }
            }
        }
        if (e == null && entries.size() < MAX_ENTRIES) {
            e = new Entry();
            entries.add(e);
        }
        if (e == null) {
            Entry furthest = entries.get(0);
            for (Entry x : entries) {
                if (self.compareDistance(x.key, furthest.key) > 0) {
                    furthest = x;
                }
            }
            if (self.compareDistance(key, furthest.key) < 0) {
                e = furthest;
            }
        }
        if (e == null) {
            return null;
        }
        e.key = key;
        e.retAddress = retAddress;
        e.ret = ret;
        e.dataKey = dataKey;
        e.time = seconds();
        return e;
    }

    private Verdict onAnnounce(InetSocketAddress from, byte[] data) {
        int len = data.length;
        if (len < OnionKind.ANNOUNCE_REQUEST_SIZE + OnionKind.RETURN_3) {
            return Verdict.MALFORMED;
        }
        if (len > OnionKind.ANNOUNCE_REQUEST_SIZE + OnionKind.MAX_EXTRA_DATA + OnionKind.RETURN_3
                || (len > OnionKind.ANNOUNCE_REQUEST_SIZE + OnionKind.RETURN_3 && (data[0] & 0xff) != OnionKind.ANNOUNCE_REQUEST)) {
            return Verdict.MALFORMED;
        }
        if (len > OnionKind.ANNOUNCE_REQUEST_SIZE + OnionKind.RETURN_3) {
            // 0x87 with group announce data: group announces are not stored by Parley yet.
            return Verdict.DROPPED;
        }
        byte[] ret = Arrays.copyOfRange(data, len - OnionKind.RETURN_3, len);
        AnnounceRequest req;
        try {
            req = AnnounceRequest.decode(Unpooled.wrappedBuffer(data, 0, len - OnionKind.RETURN_3));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        Optional<SharedKey> k = keys.get(req.senderKey());
        Optional<AnnouncePayload> pl = k.flatMap(req::open);
        if (pl.isEmpty()) {
            return Verdict.MALFORMED;
        }
        AnnouncePayload p = pl.get();
        DhtKey requester = DhtKey.of(req.senderKey());
        long now = seconds();
        byte[] id1 = pingId(now, req.senderKey(), from);
        byte[] id2 = pingId(now + TIMEOUT_SECONDS, req.senderKey(), from);
        Entry e;
        if (Bytes.constantTimeEquals(id1, p.pingId()) || Bytes.constantTimeEquals(id2, p.pingId())) {
            e = add(requester, from, ret, p.dataKey());
        } else {
            e = find(DhtKey.of(p.searchKey()));
        }
        int stored;
        byte[] value;
        if (e == null) {
            stored = AnnounceResult.NOT_FOUND;
            value = id2;
        } else if (e.key.equals(requester)) {
            stored = Arrays.equals(e.dataKey, p.dataKey()) ? AnnounceResult.STORED : AnnounceResult.NOT_FOUND;
            value = id2;
        } else {
            stored = AnnounceResult.FOUND;
            value = e.dataKey.clone();
        }
        int respKind = req.kind() == OnionKind.ANNOUNCE_REQUEST ? OnionKind.ANNOUNCE_RESPONSE : OnionKind.ANNOUNCE_RESPONSE_OLD;
        boolean lan = Addresses.isLan(from.getAddress());
        SharedKey sk = k.get();
        dht.closestNodes(DhtKey.of(p.searchKey())).thenAccept(found -> {
            List<PackedNode> nodes = new ArrayList<>();
            for (NodeInfo n : found) {
                if ((lan || !Addresses.isLan(n.address().getAddress())) && nodes.size() < 4) {
                    nodes.add(PackedNode.udp(n));
                }
            }
            byte[] n = new byte[Nonce.SIZE];
            random.nextBytes(n);
            AnnounceResponse r = AnnounceResponse.seal(respKind, p.sendback(), sk, Nonce.of(n),
                    new AnnounceResult(stored, value, nodes, new byte[0]));
            net.send(from, new OnionResponse(OnionKind.RECV_3, ret, r.toBytes()).toBytes());
        });
        return Verdict.HANDLED;
    }

    private Verdict onData(InetSocketAddress from, byte[] data) {
        int len = data.length;
        if (len <= OnionKind.DATA_REQUEST_MIN + OnionKind.RETURN_3 || len > OnionKind.MAX_PACKET) {
            return Verdict.MALFORMED;
        }
        Entry e = find(DhtKey.of(data, 1));
        if (e == null) {
            return Verdict.DROPPED;
        }
        byte[] payload = new byte[len - (OnionKind.KEY + OnionKind.RETURN_3)];
        payload[0] = (byte) OnionKind.DATA_RESPONSE;
        System.arraycopy(data, 1 + OnionKind.KEY, payload, 1, payload.length - 1);
        net.send(e.retAddress, new OnionResponse(OnionKind.RECV_3, e.ret, payload).toBytes());
        return Verdict.HANDLED;
    }
}
