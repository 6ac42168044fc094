package dev.parley.onion.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.PackedNode;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OnionWireTest {
    final Random rnd = new Random(1);
    final KeyPair a = KeyPair.generate();
    final KeyPair b = KeyPair.generate();
    final SharedKey ab = SharedKey.precompute(a, b.publicKey()).orElseThrow();
    final SharedKey ba = SharedKey.precompute(b, a.publicKey()).orElseThrow();
    final SharedKey wrong = SharedKey.precompute(KeyPair.generate(), b.publicKey()).orElseThrow();

    byte[] bytes(int n) {
        byte[] x = new byte[n];
        rnd.nextBytes(x);
        return x;
    }

    Nonce nonce() {
        return Nonce.of(bytes(24));
    }

    /** Cuts below the format's minimum must not decode (variable-length formats accept longer cuts). */
    static void truncations(byte[] packet, int minimum, Function<byte[], ?> decode) {
        for (int cut : new int[] {0, 1, minimum / 2, minimum - 1}) {
            byte[] t = Arrays.copyOf(packet, cut);
            assertThrows(MalformedPacketException.class, () -> decode.apply(t), "cut to " + cut);
        }
    }

    @Test
    void sizesMatchCToxcore() {
        assertEquals(59, OnionKind.RETURN_1);
        assertEquals(118, OnionKind.RETURN_2);
        assertEquals(177, OnionKind.RETURN_3);
        assertEquals(177, OnionKind.ANNOUNCE_REQUEST_SIZE);
        assertEquals(1174, OnionKind.MAX_DATA);
        assertEquals(1021, OnionKind.MAX_CLIENT_DATA);
        assertEquals(1016, OnionKind.MAX_FRIEND_REQUEST_MESSAGE);
    }

    @Test
    void ipPortRoundTripPadsIpv4() {
        OnionIpPort ip = OnionIpPort.udp(new InetSocketAddress("127.0.0.1", 33445));
        byte[] b = ip.toBytes();
        assertEquals(19, b.length);
        assertEquals(2, b[0]);
        assertEquals((byte) 0x82, b[17]);
        assertEquals((byte) 0xa5, b[18]);
        assertEquals(ip, OnionIpPort.decode(Unpooled.wrappedBuffer(b)));
        b[0] = 7;
        assertThrows(MalformedPacketException.class, () -> OnionIpPort.decode(Unpooled.wrappedBuffer(b)));
    }

    @Test
    void threeLayersPeelInOrder() {
        Nonce n = nonce();
        OnionExit exit = new OnionExit(OnionIpPort.udp(new InetSocketAddress("127.0.0.4", 4)), bytes(177));
        OnionLayer l2 = new OnionLayer(OnionIpPort.udp(new InetSocketAddress("127.0.0.3", 3)), a.publicKey(), ab.seal(n, exit.toBytes()));
        OnionLayer l1 = new OnionLayer(OnionIpPort.udp(new InetSocketAddress("127.0.0.2", 2)), a.publicKey(), ab.seal(n, l2.toBytes()));
        OnionRequest0 p0 = new OnionRequest0(n, a.publicKey(), ab.seal(n, l1.toBytes()));
        byte[] w0 = p0.toBytes();
        OnionRequest0 d0 = OnionRequest0.decode(Unpooled.wrappedBuffer(w0));
        assertArrayEquals(w0, d0.toBytes());
        assertTrue(d0.open(wrong).isEmpty());
        OnionLayer o1 = d0.open(ba).orElseThrow();
        assertEquals(l1.next(), o1.next());
        truncations(w0, 1 + OnionKind.SEND_1_SIZE + 1, x -> OnionRequest0.decode(Unpooled.wrappedBuffer(x)));

        SecretBox sym = SecretBox.generate();
        byte[] ret1 = new OnionReturn(OnionIpPort.udp(new InetSocketAddress("127.0.0.9", 9)), new byte[0]).seal(sym, nonce());
        assertEquals(OnionKind.RETURN_1, ret1.length);
        OnionRequest1 p1 = new OnionRequest1(n, o1.key(), o1.box(), ret1);
        byte[] w1 = p1.toBytes();
        OnionRequest1 d1 = OnionRequest1.decode(Unpooled.wrappedBuffer(w1));
        assertArrayEquals(ret1, d1.ret());
        OnionLayer o2 = d1.open(ba).orElseThrow();
        truncations(w1, 1 + OnionKind.SEND_2_SIZE + 1, x -> OnionRequest1.decode(Unpooled.wrappedBuffer(x)));

        byte[] ret2 = new OnionReturn(OnionIpPort.udp(new InetSocketAddress("127.0.0.2", 2)), ret1).seal(sym, nonce());
        assertEquals(OnionKind.RETURN_2, ret2.length);
        OnionRequest2 p2 = new OnionRequest2(n, o2.key(), o2.box(), ret2);
        OnionRequest2 d2 = OnionRequest2.decode(Unpooled.wrappedBuffer(p2.toBytes()));
        OnionExit x = d2.open(ba).orElseThrow();
        assertArrayEquals(exit.data(), x.data());
        assertTrue(d2.open(wrong).isEmpty());

        OnionReturn r = OnionReturn.open(sym, ret2).orElseThrow();
        assertArrayEquals(ret1, r.inner());
        assertTrue(OnionReturn.open(SecretBox.generate(), ret2).isEmpty());
    }

    @Test
    void responseRoundTrip() {
        byte[] payload = bytes(100);
        payload[0] = (byte) 0x84;
        OnionResponse r = new OnionResponse(OnionKind.RECV_3, bytes(177), payload);
        byte[] w = r.toBytes();
        OnionResponse d = OnionResponse.decode(Unpooled.wrappedBuffer(w));
        assertArrayEquals(w, d.toBytes());
        truncations(w, 1 + 177 + 1, x -> OnionResponse.decode(Unpooled.wrappedBuffer(x)));
    }

    @Test
    void announceBothGenerations() {
        AnnouncePayload p = new AnnouncePayload(bytes(32), bytes(32), bytes(32), bytes(8), new byte[0]);
        for (int kind : new int[] {OnionKind.ANNOUNCE_REQUEST_OLD, OnionKind.ANNOUNCE_REQUEST}) {
            AnnounceRequest req = AnnounceRequest.seal(kind, a.publicKey(), ab, nonce(), p);
            byte[] w = req.toBytes();
            assertEquals(177, w.length);
            AnnounceRequest d = AnnounceRequest.decode(Unpooled.wrappedBuffer(w));
            assertArrayEquals(p.toBytes(), d.open(ba).orElseThrow().toBytes());
            assertTrue(d.open(wrong).isEmpty());
            truncations(w, 177, x -> AnnounceRequest.decode(Unpooled.wrappedBuffer(x)));
        }
        AnnouncePayload withExtra = new AnnouncePayload(bytes(32), bytes(32), bytes(32), bytes(8), bytes(40));
        AnnounceRequest gca = AnnounceRequest.seal(OnionKind.ANNOUNCE_REQUEST, a.publicKey(), ab, nonce(), withExtra);
        assertEquals(217, gca.toBytes().length);
        assertArrayEquals(withExtra.extra(), AnnounceRequest.decode(Unpooled.wrappedBuffer(gca.toBytes())).open(ba).orElseThrow().extra());
        assertThrows(IllegalArgumentException.class,
                () -> AnnounceRequest.seal(OnionKind.ANNOUNCE_REQUEST_OLD, a.publicKey(), ab, nonce(), withExtra));

        List<PackedNode> nodes = List.of(new PackedNode(false, new InetSocketAddress("127.0.0.1", 1), DhtKey.of(bytes(32))),
                new PackedNode(false, new InetSocketAddress("::1", 2), DhtKey.of(bytes(32))));
        AnnounceResult res = new AnnounceResult(AnnounceResult.STORED, bytes(32), nodes, new byte[0]);
        for (int kind : new int[] {OnionKind.ANNOUNCE_RESPONSE_OLD, OnionKind.ANNOUNCE_RESPONSE}) {
            AnnounceResponse r = AnnounceResponse.seal(kind, bytes(8), ab, nonce(), res);
            byte[] w = r.toBytes();
            AnnounceResponse d = AnnounceResponse.decode(Unpooled.wrappedBuffer(w));
            assertEquals(res, d.open(ba).orElseThrow());
            assertTrue(d.open(wrong).isEmpty());
            truncations(w, AnnounceResponse.MIN_SIZE, x -> AnnounceResponse.decode(Unpooled.wrappedBuffer(x)));
        }
        // the newer response carries the node count: one byte longer
        assertEquals(AnnounceResponse.seal(0x84, bytes(8), ab, nonce(), res).toBytes().length + 1,
                AnnounceResponse.seal(0x88, bytes(8), ab, nonce(), res).toBytes().length);
    }

    @Test
    void dataRequestResponseAndInnerData() {
        Nonce n = nonce();
        KeyPair data = KeyPair.generate();
        KeyPair temp = KeyPair.generate();
        FriendRequestData fr = new FriendRequestData(bytes(4), "hello".getBytes());
        OnionData inner = OnionData.seal(a.publicKey(), ab, n, fr.toBytes());
        DataRequest req = DataRequest.seal(b.publicKey(), temp.publicKey(),
                SharedKey.precompute(temp, data.publicKey()).orElseThrow(), n, inner);
        byte[] w = req.toBytes();
        DataRequest d = DataRequest.decode(Unpooled.wrappedBuffer(w));
        assertArrayEquals(b.publicKey(), d.receiver());
        truncations(w, OnionKind.DATA_REQUEST_MIN + 1, x -> DataRequest.decode(Unpooled.wrappedBuffer(x)));
        DataResponse resp = DataResponse.decode(Unpooled.wrappedBuffer(d.toResponse().toBytes()));
        OnionData got = resp.open(SharedKey.precompute(data, resp.tempKey()).orElseThrow()).orElseThrow();
        assertTrue(resp.open(wrong).isEmpty());
        assertArrayEquals(a.publicKey(), got.sender());
        byte[] plain = got.open(ba, resp.nonce()).orElseThrow();
        assertTrue(got.open(wrong, resp.nonce()).isEmpty());
        FriendRequestData back = FriendRequestData.decode(Unpooled.wrappedBuffer(plain));
        assertArrayEquals(fr.nospam(), back.nospam());
        assertArrayEquals(fr.message(), back.message());
        truncations(plain, 6, x -> FriendRequestData.decode(Unpooled.wrappedBuffer(x)));
        assertThrows(IllegalArgumentException.class, () -> OnionData.seal(a.publicKey(), ab, n, new byte[1022]));
        OnionData.seal(a.publicKey(), ab, n, new byte[1021]);
    }

    @Test
    void dhtPkRoundTrip() {
        DhtPkAnnounce p = new DhtPkAnnounce(123456789L, DhtKey.of(bytes(32)),
                List.of(new PackedNode(false, new InetSocketAddress("127.0.0.1", 33445), DhtKey.of(bytes(32))),
                        new PackedNode(true, new InetSocketAddress("127.0.0.1", 33446), DhtKey.of(bytes(32)))));
        byte[] w = p.toBytes();
        assertEquals(0x9c, w[0] & 0xff);
        assertEquals(p, DhtPkAnnounce.decode(Unpooled.wrappedBuffer(w)));
        truncations(w, 41, x -> DhtPkAnnounce.decode(Unpooled.wrappedBuffer(x)));
        assertThrows(MalformedPacketException.class, () -> DhtPkAnnounce.decode(Unpooled.wrappedBuffer(Arrays.copyOf(w, w.length - 3))));
    }
}
