package dev.parley.netcrypto.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WireTest {
    static final KeyPair A = KeyPair.generate();
    static final KeyPair B = KeyPair.generate();
    static final SharedKey AB = SharedKey.precompute(A, B.publicKey()).orElseThrow();
    static final SharedKey BA = SharedKey.precompute(B, A.publicKey()).orElseThrow();
    static final SharedKey WRONG = SharedKey.precompute(A, KeyPair.generate().publicKey()).orElseThrow();

    static byte[] bytes(Consumer<ByteBuf> enc) {
        ByteBuf b = Unpooled.buffer();
        enc.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    static void truncations(byte[] packet, Function<ByteBuf, ?> decoder) {
        for (int n = 0; n < packet.length; n++) {
            int len = n;
            assertThrows(MalformedPacketException.class,
                    () -> decoder.apply(Unpooled.wrappedBuffer(Arrays.copyOf(packet, len))), "length " + n);
        }
        byte[] longer = Arrays.copyOf(packet, packet.length + 1);
        if (packet.length < PacketKind.MAX_PACKET_SIZE) {
            // Fixed-size packets refuse extra bytes; data packets just grow, so only check the kind.
            byte[] wrongKind = packet.clone();
            wrongKind[0] ^= 0x40;
            assertThrows(MalformedPacketException.class, () -> decoder.apply(Unpooled.wrappedBuffer(wrongKind)));
        }
        assertTrue(longer.length > packet.length);
    }

    @Test
    void sizesMatchCToxcore() {
        assertEquals(112, Cookie.SIZE);
        assertEquals(145, CookieRequest.SIZE);
        assertEquals(161, CookieResponse.SIZE);
        assertEquals(385, CryptoHandshake.SIZE);
        assertEquals(1373, CryptoDataPlain.MAX_DATA);
    }

    @Test
    void cookieRoundTripAndWrongKey() {
        SecretBox key = SecretBox.generate();
        Cookie c = new Cookie(12345, A.publicKey(), B.publicKey());
        byte[] sealed = c.seal(key);
        assertEquals(Cookie.SIZE, sealed.length);
        Cookie back = Cookie.open(key, sealed, 0).orElseThrow();
        assertEquals(12345, back.timestamp());
        assertArrayEquals(A.publicKey(), back.realPublicKey());
        assertArrayEquals(B.publicKey(), back.dhtPublicKey());
        assertTrue(Cookie.open(SecretBox.generate(), sealed, 0).isEmpty());
        sealed[50] ^= 1;
        assertTrue(Cookie.open(key, sealed, 0).isEmpty());
        assertThrows(MalformedPacketException.class, () -> Cookie.open(key, new byte[111], 0));
        assertTrue(back.isFresh(12345 + 15));
        assertTrue(!back.isFresh(12345 + 16) && !back.isFresh(12344));
    }

    @Test
    void cookieRequestRoundTrip() {
        CookieRequest r = CookieRequest.seal(AB, A.publicKey(), new CookieRequest.Plain(B.publicKey(), -42L));
        byte[] packet = bytes(r::encode);
        assertEquals(CookieRequest.SIZE, packet.length);
        assertEquals(0x18, packet[0]);
        assertArrayEquals(A.publicKey(), Arrays.copyOfRange(packet, 1, 33));
        CookieRequest d = CookieRequest.decode(Unpooled.wrappedBuffer(packet));
        assertArrayEquals(packet, bytes(d::encode));
        CookieRequest.Plain p = d.open(BA).orElseThrow();
        assertArrayEquals(B.publicKey(), p.realPublicKey());
        assertEquals(-42L, p.number());
        assertTrue(d.open(WRONG).isEmpty());
        truncations(packet, CookieRequest::decode);
    }

    @Test
    void cookieResponseRoundTrip() {
        byte[] cookie = Bytes.random(Cookie.SIZE);
        CookieResponse r = CookieResponse.seal(AB, new CookieResponse.Plain(cookie, 7));
        byte[] packet = bytes(r::encode);
        assertEquals(CookieResponse.SIZE, packet.length);
        CookieResponse d = CookieResponse.decode(Unpooled.wrappedBuffer(packet));
        CookieResponse.Plain p = d.open(BA).orElseThrow();
        assertArrayEquals(cookie, p.cookie());
        assertEquals(7, p.number());
        assertTrue(d.open(WRONG).isEmpty());
        truncations(packet, CookieResponse::decode);
    }

    @Test
    void handshakeRoundTrip() {
        byte[] peerCookie = Bytes.random(Cookie.SIZE);
        byte[] ours = Bytes.random(Cookie.SIZE);
        Nonce base = Nonce.random();
        byte[] session = KeyPair.generate().publicKey();
        CryptoHandshake h = CryptoHandshake.seal(AB, peerCookie, base, session, ours);
        byte[] packet = bytes(h::encode);
        assertEquals(CryptoHandshake.SIZE, packet.length);
        assertArrayEquals(peerCookie, Arrays.copyOfRange(packet, 1, 113));
        CryptoHandshake d = CryptoHandshake.decode(Unpooled.wrappedBuffer(packet));
        CryptoHandshake.Plain p = d.open(B, A.publicKey()).orElseThrow();
        assertEquals(base, p.baseNonce());
        assertArrayEquals(session, p.sessionPublicKey());
        assertArrayEquals(ours, p.cookie());
        assertTrue(d.hashMatches(p));
        assertTrue(d.open(WRONG).isEmpty());
        packet[5] ^= 1; // the cookie is outside the box but its hash is inside
        assertTrue(!CryptoHandshake.decode(Unpooled.wrappedBuffer(packet)).hashMatches(p));
        truncations(bytes(h::encode), CryptoHandshake::decode);
    }

    @Test
    void dataRoundTripPaddingAndNonce() {
        Nonce n = Nonce.random().plus(70000);
        byte[] data = {64, 'h', 'i'};
        CryptoData d = CryptoData.seal(AB, n, new CryptoDataPlain(5, 9, data));
        byte[] packet = d.toBytes();
        assertEquals(0x1b, packet[0]);
        int expectedPadding = (1373 - 3) % 8;
        assertEquals(3 + 16 + 8 + expectedPadding + 3, packet.length);
        assertEquals(CryptoData.low16(n), ((packet[1] & 0xff) << 8) | (packet[2] & 0xff));
        CryptoData back = CryptoData.decode(Unpooled.wrappedBuffer(packet));
        CryptoDataPlain p = back.open(BA, n).orElseThrow();
        assertEquals(5, p.bufferStart());
        assertEquals(9, p.packetNumber());
        assertArrayEquals(data, p.data());
        assertTrue(back.open(BA, n.increment()).isEmpty());
        assertTrue(back.open(WRONG, n).isEmpty());
        for (int len = 0; len < CryptoData.MIN_SIZE; len++) {
            int l = len;
            assertThrows(MalformedPacketException.class,
                    () -> CryptoData.decode(Unpooled.wrappedBuffer(Arrays.copyOf(packet, l))));
        }
        assertThrows(MalformedPacketException.class,
                () -> CryptoData.decode(Unpooled.wrappedBuffer(new byte[1401])));
        // Big-endian numbers right after the MAC-less plain start.
        byte[] plain = new CryptoDataPlain(0x01020304, 0x0a0b0c0d, new byte[] {16}).toBytes();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 10, 11, 12, 13}, Arrays.copyOf(plain, 8));
        assertEquals(8 + (1373 - 1) % 8 + 1, plain.length);
        // Only padding is invalid.
        assertThrows(MalformedPacketException.class,
                () -> CryptoDataPlain.decode(Unpooled.wrappedBuffer(new byte[12])));
    }

    @Test
    void packetRequestEncodingFollowsCToxcore() {
        // start+0 and start+3 missing; 1 and 2 present.
        byte[] enc = PacketRequest.encode(4, i -> i == 1 || i == 2, 1373);
        assertArrayEquals(new byte[] {1, 1, 3}, enc);
        PacketRequest r = PacketRequest.decode(enc);
        assertEquals(List.of(0, 3), r.missing());
        assertEquals(4, r.span());
        // Nothing missing: just the id.
        assertArrayEquals(new byte[] {1}, PacketRequest.encode(10, i -> true, 1373));
        // A run of more than 255 present packets uses 0 bytes.
        byte[] longRun = PacketRequest.encode(600, i -> i != 599, 1373);
        PacketRequest lr = PacketRequest.decode(longRun);
        assertEquals(List.of(599), lr.missing());
        assertEquals(600, lr.span());
        for (int miss : new int[] {253, 254, 255, 256, 509, 510}) {
            byte[] e = PacketRequest.encode(miss + 1, i -> i != miss, 1373);
            assertEquals(List.of(miss), PacketRequest.decode(e).missing(), "missing " + miss);
        }
        assertArrayEquals(new byte[] {1, 3, 5}, new PacketRequest(List.of(2, 7), 8).toBytes());
        assertThrows(MalformedPacketException.class, () -> PacketRequest.decode(new byte[] {2}));
        assertThrows(MalformedPacketException.class, () -> PacketRequest.decode(new byte[0]));
    }

    @Test
    void packetRequestToBytesWritesWhatTheWindowWalkWrites() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 2000; round++) {
            int window = 1 + random.nextInt(round % 10 == 0 ? 3000 : 300);
            double missingShare = random.nextDouble() * random.nextDouble();
            java.util.List<Integer> missing = new java.util.ArrayList<>();
            for (int i = 0; i < window; i++) {
                if (random.nextDouble() < missingShare || i == window - 1) {
                    missing.add(i);
                }
            }
            java.util.Set<Integer> set = new java.util.HashSet<>(missing);
            byte[] walked = PacketRequest.encode(window, i -> !set.contains(i), Integer.MAX_VALUE);
            byte[] direct = new PacketRequest(missing, window).toBytes();
            assertArrayEquals(walked, direct, "missing " + missing);
            assertEquals(missing, PacketRequest.decode(direct).missing());
        }
    }
}
