package dev.parley.onion.internal;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.dht.DhtService;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.wire.OnionExit;
import dev.parley.onion.wire.OnionIpPort;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionLayer;
import dev.parley.onion.wire.OnionRequest0;
import dev.parley.onion.wire.OnionRequest1;
import dev.parley.onion.wire.OnionRequest2;
import dev.parley.onion.wire.OnionResponse;
import dev.parley.onion.wire.OnionReturn;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Random;

/**
 * An onion hop, after c-toxcore's onion.c: peels one layer of a request (0x80, 0x81, 0x82) with
 * the node's DHT key, appends return data sealed with a symmetric key only it knows, and on the
 * way back (0x8c, 0x8d, 0x8e) opens its return data to learn the previous hop. The symmetric key
 * changes every two hours, so return paths expire. Keeps no per-path state. On the loop only.
 */
public final class OnionNode {
    public static final long KEY_REFRESH_MILLIS = 2 * 60 * 60 * 1000L;

    private final PacketNetwork net;
    private final EventLoop loop;
    private final Random random;
    private final KeyCache[] layerKeys = new KeyCache[3];
    private SecretBox symmetric;
    private long symmetricSince;

    /** @param dht whose key addresses this hop; it computes the shared keys, its secret stays inside */
    public OnionNode(PacketNetwork net, DhtService dht, Random random) {
        this.net = net;
        this.loop = net.loop();
        this.random = random;
        for (int i = 0; i < 3; i++) {
            layerKeys[i] = new KeyCache(dht::sharedKey, 256);
        }
    }

    public void start() {
        net.register(OnionKind.SEND_INITIAL, this::onSendInitial);
        net.register(OnionKind.SEND_1, this::onSend1);
        net.register(OnionKind.SEND_2, this::onSend2);
        net.register(OnionKind.RECV_3, this::onRecv);
        net.register(OnionKind.RECV_2, this::onRecv);
        net.register(OnionKind.RECV_1, this::onRecv);
    }

    public void stop() {
        for (int k : new int[] {0x80, 0x81, 0x82, 0x8c, 0x8d, 0x8e}) {
            net.register(k, null);
        }
    }

    private SecretBox symmetric() {
        long now = loop.nowMillis();
        if (symmetric == null || symmetricSince + KEY_REFRESH_MILLIS <= now) {
            byte[] k = new byte[SecretBox.KEY_SIZE];
            random.nextBytes(k);
            symmetric = SecretBox.of(k);
            symmetricSince = now;
        }
        return symmetric;
    }

    private Nonce nonce() {
        byte[] n = new byte[Nonce.SIZE];
        random.nextBytes(n);
        return Nonce.of(n);
    }

    private byte[] ret(InetSocketAddress from, byte[] inner) {
        return new OnionReturn(OnionIpPort.udp(from), inner).seal(symmetric(), nonce());
    }

    private Verdict onSendInitial(InetSocketAddress from, byte[] data) {
        OnionRequest0 p;
        try {
            p = OnionRequest0.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        Optional<OnionLayer> l = layerKeys[0].get(p.key()).flatMap(p::open);
        if (l.isEmpty() || l.get().next().tcp()) {
            return Verdict.MALFORMED;
        }
        byte[] out = new OnionRequest1(p.nonce(), l.get().key(), l.get().box(), ret(from, new byte[0])).toBytes();
        if (out.length > OnionKind.MAX_PACKET) {
            return Verdict.MALFORMED;
        }
        net.send(l.get().next().address(), out);
        return Verdict.HANDLED;
    }

    private Verdict onSend1(InetSocketAddress from, byte[] data) {
        OnionRequest1 p;
        try {
            p = OnionRequest1.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        Optional<OnionLayer> l = layerKeys[1].get(p.key()).flatMap(p::open);
        if (l.isEmpty() || l.get().next().tcp()) {
            return Verdict.MALFORMED;
        }
        net.send(l.get().next().address(), new OnionRequest2(p.nonce(), l.get().key(), l.get().box(), ret(from, p.ret())).toBytes());
        return Verdict.HANDLED;
    }

    private Verdict onSend2(InetSocketAddress from, byte[] data) {
        OnionRequest2 p;
        try {
            p = OnionRequest2.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        Optional<OnionExit> x = layerKeys[2].get(p.key()).flatMap(p::open);
        if (x.isEmpty() || x.get().destination().tcp()) {
            return Verdict.MALFORMED;
        }
        byte[] d = x.get().data();
        int kind = d[0] & 0xff;
        if (kind != OnionKind.ANNOUNCE_REQUEST && kind != OnionKind.ANNOUNCE_REQUEST_OLD && kind != OnionKind.DATA_REQUEST) {
            return Verdict.DROPPED;
        }
        byte[] r = ret(from, p.ret());
        byte[] out = new byte[d.length + r.length];
        System.arraycopy(d, 0, out, 0, d.length);
        System.arraycopy(r, 0, out, d.length, r.length);
        net.send(x.get().destination().address(), out);
        return Verdict.HANDLED;
    }

    private Verdict onRecv(InetSocketAddress from, byte[] data) {
        OnionResponse p;
        try {
            p = OnionResponse.decode(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        int inner = p.payload()[0] & 0xff;
        if (inner != OnionKind.ANNOUNCE_RESPONSE && inner != OnionKind.ANNOUNCE_RESPONSE_OLD && inner != OnionKind.DATA_RESPONSE) {
            return Verdict.DROPPED;
        }
        Optional<OnionReturn> r = OnionReturn.open(symmetric(), p.ret());
        int expected = p.kind() == OnionKind.RECV_3 ? OnionKind.RETURN_2 : p.kind() == OnionKind.RECV_2 ? OnionKind.RETURN_1 : 0;
        if (r.isEmpty() || r.get().inner().length != expected) {
            return Verdict.MALFORMED;
        }
        if (r.get().previous().tcp()) {
            return Verdict.DROPPED; // TCP relay clients are not served yet
        }
        InetSocketAddress to = r.get().previous().address();
        if (p.kind() == OnionKind.RECV_1) {
            net.send(to, p.payload());
        } else {
            int next = p.kind() == OnionKind.RECV_3 ? OnionKind.RECV_2 : OnionKind.RECV_1;
            net.send(to, new OnionResponse(next, r.get().inner(), p.payload()).toBytes());
        }
        return Verdict.HANDLED;
    }
}
