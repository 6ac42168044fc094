package dev.parley.dht.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Round trip, truncated input and wrong key for every DHT wire record. */
class WireTest {

    static final KeyPair ALICE = KeyPair.fromSecretKey(filled(1));
    static final KeyPair BOB = KeyPair.fromSecretKey(filled(2));
    static final KeyPair EVE = KeyPair.fromSecretKey(filled(3));
    static final DhtKey A = DhtKey.of(ALICE.publicKey());
    static final DhtKey B = DhtKey.of(BOB.publicKey());

    static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static byte[] bytes(Consumer<ByteBuf> enc) {
        ByteBuf b = Unpooled.buffer();
        enc.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** Every strict prefix of {@code full} must be rejected with MalformedPacketException only. */
    static void truncations(byte[] full, Function<ByteBuf, ?> decode) {
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(MalformedPacketException.class, () -> decode.apply(Unpooled.wrappedBuffer(cut)), "prefix " + n);
        }
    }

    static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void packedNodeAllFamilies() throws Exception {
        for (PackedNode n : List.of(
                new PackedNode(false, addr("127.0.0.1", 33445), A),
                new PackedNode(false, addr("::1", 1), A),
                new PackedNode(true, addr("10.1.2.3", 65535), B),
                new PackedNode(true, addr("2001:db8::7", 443), B))) {
            byte[] b = bytes(n::encode);
            assertEquals(n.size(), b.length);
            assertEquals(n, PackedNode.decode(Unpooled.wrappedBuffer(b)));
            truncations(b, PackedNode::decode);
        }
        // Byte layout: family 2, address, big-endian port, key.
        byte[] b = bytes(new PackedNode(false, addr("1.2.3.4", 0x1234), A)::encode);
        assertEquals("020102030412 34".replace(" ", ""), HexFormat.of().formatHex(b, 0, 7));
        assertEquals((byte) 138, bytes(new PackedNode(true, addr("::1", 1), A)::encode)[0]);
        byte[] bad = b.clone();
        bad[0] = 3;
        assertThrows(MalformedPacketException.class, () -> PackedNode.decode(Unpooled.wrappedBuffer(bad)));
    }

    private static byte[] sealed(int kind, Consumer<ByteBuf> plain) {
        SharedKey k = SharedKey.precompute(ALICE, BOB.publicKey()).orElseThrow();
        return bytes(DhtPacket.seal(kind, A, k, Nonce.random(), bytes(plain))::encode);
    }

    private static byte[] openAsBob(byte[] packet) {
        DhtPacket p = DhtPacket.decode(Unpooled.wrappedBuffer(packet));
        assertEquals(A, p.sender());
        return p.open(SharedKey.precompute(BOB, p.sender().toBytes()).orElseThrow()).orElseThrow();
    }

    private static void wrongKey(byte[] packet) {
        DhtPacket p = DhtPacket.decode(Unpooled.wrappedBuffer(packet));
        assertTrue(p.open(SharedKey.precompute(EVE, p.sender().toBytes()).orElseThrow()).isEmpty());
        byte[] flipped = packet.clone();
        flipped[flipped.length - 1] ^= 1;
        DhtPacket q = DhtPacket.decode(Unpooled.wrappedBuffer(flipped));
        assertTrue(q.open(SharedKey.precompute(BOB, q.sender().toBytes()).orElseThrow()).isEmpty());
    }

    @Test
    void ping() {
        PingRequest req = new PingRequest(0x0102030405060708L);
        byte[] packet = sealed(PingRequest.KIND, req::encode);
        assertEquals(82, packet.length);
        assertEquals(0x00, packet[0]);
        byte[] plain = openAsBob(packet);
        assertEquals(req, PingRequest.decode(Unpooled.wrappedBuffer(plain)));
        truncations(plain, PingRequest::decode);
        wrongKey(packet);
        truncations(Arrays.copyOf(packet, DhtPacket.HEADER + DhtPacket.MAC), DhtPacket::decode);

        PingResponse resp = new PingResponse(-5);
        byte[] rp = sealed(PingResponse.KIND, resp::encode);
        assertEquals(82, rp.length);
        byte[] rplain = openAsBob(rp);
        assertEquals(resp, PingResponse.decode(Unpooled.wrappedBuffer(rplain)));
        // A request's payload is not a response's.
        assertThrows(MalformedPacketException.class, () -> PingResponse.decode(Unpooled.wrappedBuffer(plain)));
        truncations(rplain, PingResponse::decode);
        wrongKey(rp);
    }

    @Test
    void nodesRequest() {
        NodesRequest req = new NodesRequest(B, 42);
        byte[] packet = sealed(NodesRequest.KIND, req::encode);
        assertEquals(NodesRequest.PACKET_SIZE, packet.length);
        assertEquals(113, packet.length);
        byte[] plain = openAsBob(packet);
        assertEquals(req, NodesRequest.decode(Unpooled.wrappedBuffer(plain)));
        truncations(plain, NodesRequest::decode);
        wrongKey(packet);
    }

    @Test
    void nodesResponse() throws Exception {
        NodesResponse r = new NodesResponse(List.of(
                new PackedNode(false, addr("127.0.0.1", 33445), A),
                new PackedNode(false, addr("::1", 33446), B)), 77);
        byte[] packet = sealed(NodesResponse.KIND, r::encode);
        byte[] plain = openAsBob(packet);
        assertEquals(1 + 39 + 51 + 8, plain.length);
        assertEquals(r, NodesResponse.decode(Unpooled.wrappedBuffer(plain)));
        truncations(plain, NodesResponse::decode);
        wrongKey(packet);
        NodesResponse empty = new NodesResponse(List.of(), 1);
        assertEquals(empty, NodesResponse.decode(Unpooled.wrappedBuffer(bytes(empty::encode))));
        // A count that does not match the bytes is rejected.
        byte[] wrongCount = plain.clone();
        wrongCount[0] = 1;
        assertThrows(MalformedPacketException.class, () -> NodesResponse.decode(Unpooled.wrappedBuffer(wrongCount)));
        wrongCount[0] = 5;
        assertThrows(MalformedPacketException.class, () -> NodesResponse.decode(Unpooled.wrappedBuffer(wrongCount)));
    }

    @Test
    void cryptoRequestWithNatPing() {
        SharedKey ab = SharedKey.precompute(ALICE, BOB.publicKey()).orElseThrow();
        NatPing ping = new NatPing(false, 99);
        CryptoRequest req = CryptoRequest.seal(B, A, ab, Nonce.random(), NatPing.REQUEST_ID, ping.toBytes());
        byte[] b = req.toBytes();
        assertEquals(1 + 32 + 32 + 24 + 1 + 9 + 16, b.length);
        CryptoRequest back = CryptoRequest.decode(Unpooled.wrappedBuffer(b));
        assertEquals(B, back.receiver());
        assertEquals(A, back.sender());
        CryptoRequest.Inner inner = back.open(SharedKey.precompute(BOB, A.toBytes()).orElseThrow()).orElseThrow();
        assertEquals(0xfe, inner.requestId());
        assertEquals(ping, NatPing.decode(Unpooled.wrappedBuffer(inner.data())));
        assertTrue(back.open(SharedKey.precompute(EVE, A.toBytes()).orElseThrow()).isEmpty());
        truncations(Arrays.copyOf(b, CryptoRequest.HEADER + DhtPacket.MAC + 1), CryptoRequest::decode);
        truncations(ping.toBytes(), NatPing::decode);
        assertEquals(new NatPing(true, -1), NatPing.decode(Unpooled.wrappedBuffer(new NatPing(true, -1).toBytes())));
        assertThrows(IllegalArgumentException.class,
                () -> CryptoRequest.seal(B, A, ab, Nonce.random(), 1, new byte[1024]));
        assertThrows(MalformedPacketException.class, () -> CryptoRequest.decode(Unpooled.wrappedBuffer(new byte[2000])));
    }

    @Test
    void bootstrapInfo() {
        byte[] req = new BootstrapInfoRequest().toBytes();
        assertEquals(78, req.length);
        assertEquals((byte) 0xf0, req[0]);
        BootstrapInfoRequest.decode(Unpooled.wrappedBuffer(req));
        truncations(req, BootstrapInfoRequest::decode);

        // tox-bootstrapd's reply: 0xf0, version u32 big-endian, MOTD with its NUL.
        BootstrapInfoResponse r = BootstrapInfoResponse.of(2016010100L, "hi");
        byte[] b = r.toBytes();
        assertEquals("f0" + String.format("%08x", 2016010100L) + "686900", HexFormat.of().formatHex(b));
        BootstrapInfoResponse back = BootstrapInfoResponse.decode(Unpooled.wrappedBuffer(b));
        assertEquals(r, back);
        assertEquals("hi", back.motdText());
        assertEquals(2016010100L, back.version());
        truncations(Arrays.copyOf(b, 5), BootstrapInfoResponse::decode);
        // The longest MOTD fits in 256 bytes including the NUL.
        BootstrapInfoResponse longest = BootstrapInfoResponse.of(1, "x".repeat(1000));
        assertEquals(1 + 4 + 256, longest.toBytes().length);
        assertThrows(MalformedPacketException.class, () -> BootstrapInfoResponse.decode(Unpooled.wrappedBuffer(new byte[300])));
    }

    @Test
    void lanDiscovery() {
        LanDiscovery d = new LanDiscovery(A);
        byte[] b = bytes(d::encode);
        assertEquals(33, b.length);
        assertEquals(0x21, b[0]);
        assertEquals(d, LanDiscovery.decode(Unpooled.wrappedBuffer(b)));
        truncations(b, LanDiscovery::decode);
    }

    @Test
    void keyMetric() {
        DhtKey zero = DhtKey.of(new byte[32]);
        byte[] one = new byte[32];
        one[31] = 1;
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        assertEquals(255, zero.commonPrefixBits(DhtKey.of(one)));
        assertEquals(0, zero.commonPrefixBits(DhtKey.of(high)));
        assertEquals(256, zero.commonPrefixBits(zero));
        assertTrue(zero.compareDistance(DhtKey.of(one), DhtKey.of(high)) < 0);
        assertArrayEquals(one, DhtKey.of(one).toBytes());
    }
}
