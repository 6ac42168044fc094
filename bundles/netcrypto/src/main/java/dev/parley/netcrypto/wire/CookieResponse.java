package dev.parley.netcrypto.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * Cookie response (0x19), 161 bytes: answers a {@link CookieRequest} with a sealed {@link Cookie},
 * encrypted with the same DHT box key the request used.
 *
 * <pre>
 * | length | contents                                  |
 * |--------|-------------------------------------------|
 * | 1      | 0x19                                      |
 * | 24     | nonce (random)                            |
 * | 136    | box(plain), plain below                   |
 *
 * plain (120 bytes):
 * | 112    | sealed cookie                             |
 * | 8      | the request's number, echoed              |
 * </pre>
 */
public record CookieResponse(Nonce nonce, byte[] ciphertext) {
    public static final int KIND = PacketKind.COOKIE_RESPONSE;
    public static final int PLAIN_SIZE = Cookie.SIZE + 8;
    public static final int SIZE = 1 + PacketKind.NONCE + PLAIN_SIZE + PacketKind.MAC;

    /** The encrypted part. */
    public record Plain(byte[] cookie, long number) {
        public Plain {
            cookie = Keys.requireSize(cookie, Cookie.SIZE, "sealed cookie");
        }

        @Override
        public byte[] cookie() {
            return cookie.clone();
        }
    }

    public CookieResponse {
        ciphertext = Keys.requireSize(ciphertext, PLAIN_SIZE + PacketKind.MAC, "ciphertext");
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public static CookieResponse seal(SharedKey key, Plain plain) {
        ByteBuf b = Unpooled.buffer(PLAIN_SIZE);
        b.writeBytes(plain.cookie);
        b.writeLongLE(plain.number);
        Nonce nonce = Nonce.random();
        return new CookieResponse(nonce, key.seal(nonce, b.array()));
    }

    public Optional<Plain> open(SharedKey key) {
        return key.open(nonce, ciphertext).map(p -> {
            ByteBuf b = Unpooled.wrappedBuffer(p);
            return new Plain(Keys.read(b, Cookie.SIZE, "cookie response"), b.readLongLE());
        });
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(ciphertext);
    }

    public static CookieResponse decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "cookie response: not " + SIZE + " bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "cookie response: wrong kind");
        Nonce nonce = Nonce.of(Keys.read(in, 24, "cookie response"));
        return new CookieResponse(nonce, Keys.read(in, PLAIN_SIZE + PacketKind.MAC, "cookie response"));
    }
}
