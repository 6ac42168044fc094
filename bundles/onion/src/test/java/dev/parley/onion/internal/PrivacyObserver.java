package dev.parley.onion.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import dev.parley.dht.wire.CryptoRequest;
import dev.parley.dht.wire.DhtPacket;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.PacketKind;
import dev.parley.net.Transport;
import dev.parley.onion.wire.AnnounceRequest;
import dev.parley.onion.wire.DataRequest;
import dev.parley.onion.wire.OnionExit;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionLayer;
import dev.parley.onion.wire.OnionRequest0;
import dev.parley.onion.wire.OnionRequest1;
import dev.parley.onion.wire.OnionRequest2;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each simulated node could learn from the datagrams it receives, derived only from what that
 * node can read: the clear fields of every packet and every box it can open with its own secrets
 * (its DHT key, as DHT node, onion hop and announce node; its long-term key, for DHT-key
 * announcements through the DHT). A transport wrapper ({@link #tap}) hands each datagram to the
 * observer together with its source address, before the node's own code sees it.
 *
 * <p>A <em>link</em> is recorded when a packet from address A carries, in a field whose meaning is
 * "this is the sender's key" (DHT packet sender, onion layer key, announce-request sender, data
 * request temporary key, sender of a DHT-key announcement through the DHT), the long-term key of
 * the user whose node has address A. That is exactly "this node saw user U's IP together with U's
 * long-term key as U's". Packets that by their kind reach a node only from a relay it chose itself
 * (announce and data responses on its own paths: 0x84, 0x86, 0x88) are not links: the source is
 * the node's own first hop.
 *
 * <p>Apart from links, every long-term key found anywhere in what a node can read (clear bytes or
 * opened boxes) of a packet from that key's owner is counted as a co-occurrence: the weaker,
 * coincidental kind (a friend relaying a search for its own key), reported but not a link.
 */
final class PrivacyObserver {

    /** One observed link: {@code observer} saw {@code subject}'s address with its long-term key. */
    record Link(int observer, int subject, int kind, String field) {
    }

    private final List<KeyPair> dhtKeys = new ArrayList<>();
    private final List<KeyPair> longTermKeys = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> byAddress = new HashMap<>();
    private final Map<DhtKey, Integer> byLongTerm = new HashMap<>();
    private final Map<Long, List<Integer>> longTermPrefix = new HashMap<>();
    private final List<Map<DhtKey, Optional<SharedKey>>> dhtShared = new ArrayList<>();
    private final List<Map<DhtKey, Optional<SharedKey>>> longTermShared = new ArrayList<>();
    private final Set<Long> friends = new HashSet<>();
    private final Map<Long, Link> links = new HashMap<>();
    private final Map<Long, Integer> coOccurrences = new HashMap<>();
    long packets;
    long opened;
    /** Claims of a long-term key as the sender's, whatever the source address. */
    long longTermClaims;
    /** Links between friends, which are allowed. */
    long friendLinks;

    /** Registers node {@code index}; nodes must be added in index order. */
    int add(InetSocketAddress address, KeyPair dht, KeyPair longTerm) {
        int i = dhtKeys.size();
        dhtKeys.add(dht);
        longTermKeys.add(longTerm);
        dhtShared.add(new HashMap<>());
        longTermShared.add(new HashMap<>());
        byAddress.put(address, i);
        byte[] lt = longTerm.publicKey();
        byLongTerm.put(DhtKey.of(lt), i);
        longTermPrefix.computeIfAbsent(ByteBuffer.wrap(lt).getLong(0), k -> new ArrayList<>()).add(i);
        return i;
    }

    void befriend(int a, int b) {
        friends.add(pair(a, b));
        friends.add(pair(b, a));
    }

    boolean friends(int a, int b) {
        return friends.contains(pair(a, b));
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** Links that are not between friends. */
    List<Link> leaks() {
        return links.values().stream().filter(l -> !friends(l.observer(), l.subject())).toList();
    }

    int coOccurrences() {
        return coOccurrences.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Wraps node {@code index}'s transport so that the observer sees what it receives. */
    Transport tap(int index, Transport t) {
        return new TappedTransport(t, (from, data) -> see(index, from, data), (to, data) -> { });
    }

    private Optional<SharedKey> dhtKey(int n, byte[] peer) {
        return dhtShared.get(n).computeIfAbsent(DhtKey.of(peer), k -> SharedKey.precompute(dhtKeys.get(n), peer));
    }

    private Optional<SharedKey> longTermKey(int n, byte[] peer) {
        return longTermShared.get(n).computeIfAbsent(DhtKey.of(peer), k -> SharedKey.precompute(longTermKeys.get(n), peer));
    }

    /** The node at {@code from} presents {@code key} as its own. */
    private void claim(int n, InetSocketAddress from, byte[] key, int kind, String field) {
        Integer keyOwner = byLongTerm.get(DhtKey.of(key));
        if (keyOwner == null) {
            return;
        }
        longTermClaims++;
        Integer sourceOwner = byAddress.get(from);
        if (sourceOwner == null || !sourceOwner.equals(keyOwner) || keyOwner == n) {
            return;
        }
        if (friends(n, keyOwner)) {
            friendLinks++;
        }
        links.putIfAbsent(pair(n, keyOwner), new Link(n, keyOwner, kind, field));
    }

    /** Any long-term key of the source's own user anywhere in {@code bytes}. */
    private void scan(int n, InetSocketAddress from, byte[] bytes) {
        Integer sourceOwner = byAddress.get(from);
        if (sourceOwner == null || bytes.length < 32) {
            return;
        }
        byte[] own = longTermKeys.get(sourceOwner).publicKey();
        long prefix = ByteBuffer.wrap(own).getLong(0);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i + 32 <= bytes.length; i++) {
            if (b.getLong(i) == prefix && Arrays.equals(bytes, i, i + 32, own, 0, 32) && sourceOwner != n
                    && !friends(n, sourceOwner)) {
                coOccurrences.merge(pair(n, sourceOwner), 1, Integer::sum);
            }
        }
    }

    private void seeOpened(int n, InetSocketAddress from, byte[] plain) {
        opened++;
        scan(n, from, plain);
    }

    void see(int n, InetSocketAddress from, byte[] data) {
        packets++;
        if (data.length == 0) {
            return;
        }
        scan(n, from, data);
        int kind = data[0] & 0xff;
        try {
            switch (kind) {
                case PacketKind.PING_REQUEST, PacketKind.PING_RESPONSE, PacketKind.NODES_REQUEST, PacketKind.NODES_RESPONSE -> {
                    DhtPacket p = DhtPacket.decode(Unpooled.wrappedBuffer(data));
                    claim(n, from, p.sender().toBytes(), kind, "DHT packet sender");
                    dhtKey(n, p.sender().toBytes()).flatMap(p::open).ifPresent(pl -> seeOpened(n, from, pl));
                }
                case PacketKind.CRYPTO_REQUEST -> seeDhtRequest(n, from, data);
                case OnionKind.SEND_INITIAL -> {
                    OnionRequest0 p = OnionRequest0.decode(Unpooled.wrappedBuffer(data));
                    claim(n, from, p.key(), kind, "onion layer key");
                    dhtKey(n, p.key()).flatMap(k -> k.open(p.nonce(), p.box())).ifPresent(pl -> seeLayer(n, from, pl));
                }
                case OnionKind.SEND_1 -> {
                    OnionRequest1 p = OnionRequest1.decode(Unpooled.wrappedBuffer(data));
                    claim(n, from, p.key(), kind, "onion layer key");
                    dhtKey(n, p.key()).flatMap(k -> k.open(p.nonce(), p.box())).ifPresent(pl -> seeLayer(n, from, pl));
                }
                case OnionKind.SEND_2 -> {
                    OnionRequest2 p = OnionRequest2.decode(Unpooled.wrappedBuffer(data));
                    claim(n, from, p.key(), kind, "onion layer key");
                    dhtKey(n, p.key()).flatMap(k -> k.open(p.nonce(), p.box())).ifPresent(pl -> {
                        seeOpened(n, from, pl);
                        OnionExit x = OnionExit.decode(Unpooled.wrappedBuffer(pl));
                        seeRequest(n, from, x.data(), false);
                    });
                }
                case OnionKind.ANNOUNCE_REQUEST, OnionKind.ANNOUNCE_REQUEST_OLD, OnionKind.DATA_REQUEST -> {
                    if (data.length > OnionKind.RETURN_3) {
                        seeRequest(n, from, Arrays.copyOf(data, data.length - OnionKind.RETURN_3), true);
                    }
                }
                default -> {
                    // Responses on the way back (0x8c-0x8e) and answers on our own paths (0x84,
                    // 0x86, 0x88): only their clear bytes, scanned above.
                }
            }
        } catch (MalformedPacketException | IllegalArgumentException e) {
            // Not decodable: the node learns nothing more from it than its clear bytes.
        }
    }

    private void seeLayer(int n, InetSocketAddress from, byte[] plain) {
        seeOpened(n, from, plain);
        OnionLayer l = OnionLayer.decode(Unpooled.wrappedBuffer(plain));
        scan(n, from, l.key());
    }

    /** An announce or data request, read either as the exit of our layer or as the announce node. */
    private void seeRequest(int n, InetSocketAddress from, byte[] req, boolean announceNode) {
        int kind = req[0] & 0xff;
        if (kind == OnionKind.ANNOUNCE_REQUEST || kind == OnionKind.ANNOUNCE_REQUEST_OLD) {
            AnnounceRequest a = AnnounceRequest.decode(Unpooled.wrappedBuffer(req));
            claim(n, from, a.senderKey(), kind, announceNode ? "announce request sender" : "announce request sender (exit)");
            if (announceNode) {
                dhtKey(n, a.senderKey()).flatMap(k -> k.open(a.nonce(), a.box())).ifPresent(pl -> seeOpened(n, from, pl));
            }
        } else if (kind == OnionKind.DATA_REQUEST) {
            DataRequest d = DataRequest.decode(Unpooled.wrappedBuffer(req));
            claim(n, from, d.tempKey(), kind, "data request sender key");
        }
    }

    private void seeDhtRequest(int n, InetSocketAddress from, byte[] data) {
        CryptoRequest r = CryptoRequest.decode(Unpooled.wrappedBuffer(data));
        claim(n, from, r.sender().toBytes(), PacketKind.CRYPTO_REQUEST, "DHT request sender");
        if (!Arrays.equals(r.receiver().toBytes(), dhtKeys.get(n).publicKey())) {
            return;
        }
        Optional<byte[]> plain = dhtKey(n, r.sender().toBytes()).flatMap(k -> k.open(r.nonce(), r.box()));
        if (plain.isEmpty()) {
            return;
        }
        byte[] p = plain.get();
        seeOpened(n, from, p);
        // [request id][nonce 24][sender's long-term key 32][box]
        if ((p[0] & 0xff) == PacketKind.REQUEST_DHTPK && p.length > 1 + 24 + 32 + 16) {
            byte[] sender = Arrays.copyOfRange(p, 25, 57);
            claim(n, from, sender, PacketKind.CRYPTO_REQUEST, "DHT-key announcement sender");
            longTermKey(n, sender).flatMap(k -> k.open(Nonce.of(Arrays.copyOfRange(p, 1, 25)), Arrays.copyOfRange(p, 57, p.length)))
                    .ifPresent(in -> seeOpened(n, from, in));
        }
    }
}
