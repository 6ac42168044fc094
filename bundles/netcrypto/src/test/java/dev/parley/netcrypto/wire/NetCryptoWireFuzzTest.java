package dev.parley.netcrypto.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.SecretBox;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Fuzz targets, one per net_crypto wire decoder. In a normal build they run in Jazzer's
 * regression mode (an empty input and the seeds under {@code NetCryptoWireFuzzTestInputs}); to
 * fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/netcrypto test -Dtest=NetCryptoWireFuzzTest#cryptoData -Djazzer.hooks=true}.
 * A decoder may only throw {@link MalformedPacketException}; what it accepts must encode, and
 * that encoding must decode to something that encodes to the same bytes.
 */
class NetCryptoWireFuzzTest {
    /** A fixed cookie key: random input never authenticates, so opening must say "empty". */
    private static final SecretBox COOKIE_KEY = SecretBox.of(new byte[32]);

    private static <T> T roundTrip(byte[] data, Function<ByteBuf, T> decode, BiConsumer<T, ByteBuf> encode) {
        T first;
        try {
            first = decode.apply(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException expected) {
            return null;
        }
        ByteBuf out = Unpooled.buffer();
        encode.accept(first, out);
        byte[] once = ByteBufUtil.getBytes(out);
        T second;
        try {
            second = decode.apply(Unpooled.wrappedBuffer(once));
        } catch (MalformedPacketException e) {
            throw new AssertionError("an accepted packet re-encodes to one that does not decode", e);
        }
        ByteBuf again = Unpooled.buffer();
        encode.accept(second, again);
        assertArrayEquals(once, ByteBufUtil.getBytes(again));
        return first;
    }

    @FuzzTest(maxDuration = "30s")
    void cookieRequest(byte[] data) {
        CookieRequest r = roundTrip(data, CookieRequest::decode, CookieRequest::encode);
        if (r != null) {
            assertEquals(CookieRequest.SIZE, data.length);
            ByteBuf out = Unpooled.buffer();
            r.encode(out);
            assertArrayEquals(data, ByteBufUtil.getBytes(out), "a cookie request re-encodes as it came");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cookieResponse(byte[] data) {
        CookieResponse r = roundTrip(data, CookieResponse::decode, CookieResponse::encode);
        if (r != null) {
            assertEquals(CookieResponse.SIZE, data.length);
            ByteBuf out = Unpooled.buffer();
            r.encode(out);
            assertArrayEquals(data, ByteBufUtil.getBytes(out), "a cookie response re-encodes as it came");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cryptoHandshake(byte[] data) {
        CryptoHandshake h = roundTrip(data, CryptoHandshake::decode, CryptoHandshake::encode);
        if (h != null) {
            assertEquals(CryptoHandshake.SIZE, data.length);
            ByteBuf out = Unpooled.buffer();
            h.encode(out);
            assertArrayEquals(data, ByteBufUtil.getBytes(out), "a handshake re-encodes as it came");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cryptoData(byte[] data) {
        CryptoData d = roundTrip(data, CryptoData::decode, CryptoData::encode);
        if (d != null) {
            assertTrue(data.length >= CryptoData.MIN_SIZE && data.length <= CryptoData.MAX_SIZE);
            assertEquals(data.length, d.size());
            assertArrayEquals(data, d.toBytes(), "crypto data re-encodes as it came");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cryptoDataPlain(byte[] data) {
        CryptoDataPlain p = roundTrip(data, CryptoDataPlain::decode, CryptoDataPlain::encode);
        if (p != null) {
            assertTrue(p.data().length >= 1 && p.data().length <= CryptoDataPlain.MAX_DATA);
            assertTrue(p.id() != CryptoPacketId.PADDING, "the id is never padding");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void packetRequest(byte[] data) {
        PacketRequest r;
        try {
            r = PacketRequest.decode(data);
        } catch (MalformedPacketException expected) {
            return;
        }
        for (int i = 1; i < r.missing().size(); i++) {
            assertTrue(r.missing().get(i - 1) < r.missing().get(i), "missing offsets ascend: " + r.missing());
        }
        if (!r.missing().isEmpty()) {
            assertTrue(r.missing().get(0) >= 0);
            assertTrue(r.missing().get(r.missing().size() - 1) < r.span(), "span covers the missing ones");
        }
        PacketRequest again;
        try {
            again = PacketRequest.decode(r.toBytes());
        } catch (MalformedPacketException e) {
            throw new AssertionError("an accepted request re-encodes to one that does not decode", e);
        }
        assertEquals(r.missing(), again.missing());
    }

    @FuzzTest(maxDuration = "30s")
    void cookieOpen(byte[] data) {
        for (int offset : new int[] {0, 1}) {
            Optional<Cookie> c;
            try {
                c = Cookie.open(COOKIE_KEY, data, offset);
            } catch (MalformedPacketException expected) {
                assertTrue(data.length - offset < Cookie.SIZE, "only a short cookie is malformed");
                continue;
            }
            assertTrue(data.length - offset >= Cookie.SIZE);
            // An input that authenticates under the all-zero key (a seed made with it) must
            // reseal to a cookie that opens to the same contents.
            c.ifPresent(cookie -> {
                Cookie again = Cookie.open(COOKIE_KEY, cookie.seal(COOKIE_KEY), 0).orElseThrow();
                assertEquals(cookie.timestamp(), again.timestamp());
                assertArrayEquals(cookie.realPublicKey(), again.realPublicKey());
                assertArrayEquals(cookie.dhtPublicKey(), again.dhtPublicKey());
            });
        }
    }
}
