package dev.parley.netcrypto.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * A cookie: what a node hands out in a {@link CookieResponse} and gets back inside the peer's
 * {@link CryptoHandshake}, so that it needs no state before the handshake. Only its maker can open
 * it: it is sealed with the maker's own symmetric key (secretbox).
 *
 * <pre>
 * sealed (112 bytes):
 * | length | contents                                   |
 * |--------|--------------------------------------------|
 * | 24     | nonce (random)                             |
 * | 88     | secretbox(cookie key, nonce, plain)        |
 *
 * plain (72 bytes):
 * | 8      | creation time, seconds of the maker's clock (little-endian, as c-toxcore on x86) |
 * | 32     | the requester's long-term (real) public key |
 * | 32     | the requester's DHT public key              |
 * </pre>
 *
 * A cookie is accepted for {@link #TIMEOUT_SECONDS} seconds after its creation time.
 */
public record Cookie(long timestamp, byte[] realPublicKey, byte[] dhtPublicKey) {
    public static final int PLAIN_SIZE = 8 + 2 * PacketKind.PUBLIC_KEY;
    public static final int SIZE = PacketKind.NONCE + PLAIN_SIZE + PacketKind.MAC;
    public static final long TIMEOUT_SECONDS = 15;

    public Cookie {
        realPublicKey = Keys.requireSize(realPublicKey, PacketKind.PUBLIC_KEY, "real public key");
        dhtPublicKey = Keys.requireSize(dhtPublicKey, PacketKind.PUBLIC_KEY, "DHT public key");
    }

    @Override
    public byte[] realPublicKey() {
        return realPublicKey.clone();
    }

    @Override
    public byte[] dhtPublicKey() {
        return dhtPublicKey.clone();
    }

    byte[] plain() {
        ByteBuf b = Unpooled.buffer(PLAIN_SIZE);
        b.writeLongLE(timestamp);
        b.writeBytes(realPublicKey);
        b.writeBytes(dhtPublicKey);
        return b.array();
    }

    /** Seals this cookie with a fresh random nonce; the result is {@link #SIZE} bytes. */
    public byte[] seal(SecretBox key) {
        Nonce nonce = Nonce.random();
        byte[] out = new byte[SIZE];
        nonce.writeTo(out, 0);
        byte[] plain = plain();
        key.seal(out, 0, plain, 0, plain.length, out, PacketKind.NONCE);
        return out;
    }

    /**
     * Opens a sealed cookie at {@code data[offset, offset + SIZE)}.
     *
     * @return the cookie, or empty if it was not sealed with {@code key} or was altered
     * @throws MalformedPacketException if fewer than {@link #SIZE} bytes are there
     */
    public static Optional<Cookie> open(SecretBox key, byte[] data, int offset) {
        MalformedPacketException.check(offset >= 0 && data.length - offset >= SIZE, "cookie: truncated");
        byte[] plain = new byte[PLAIN_SIZE];
        int n = key.open(data, offset, data, offset + PacketKind.NONCE, SIZE - PacketKind.NONCE, plain, 0);
        if (n != PLAIN_SIZE) {
            return Optional.empty();
        }
        ByteBuf b = Unpooled.wrappedBuffer(plain);
        long time = b.readLongLE();
        return Optional.of(new Cookie(time, Keys.read(b, 32, "cookie"), Keys.read(b, 32, "cookie")));
    }

    /** True when a cookie made at {@link #timestamp} is still good at {@code nowSeconds}. */
    public boolean isFresh(long nowSeconds) {
        return nowSeconds >= timestamp && timestamp + TIMEOUT_SECONDS >= nowSeconds;
    }
}
