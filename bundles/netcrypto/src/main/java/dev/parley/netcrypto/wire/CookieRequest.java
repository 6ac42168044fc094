package dev.parley.netcrypto.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * Cookie request (0x18), 145 bytes: the first packet of a session, asking the peer for a
 * {@link Cookie}. Encrypted with the box key of the sender's DHT key pair and the receiver's DHT
 * public key.
 *
 * <pre>
 * | length | contents                                           |
 * |--------|----------------------------------------------------|
 * | 1      | 0x18                                               |
 * | 32     | sender's DHT public key                            |
 * | 24     | nonce (random)                                     |
 * | 88     | box(plain), plain below                            |
 *
 * plain (72 bytes):
 * | 32     | sender's real (long-term) public key               |
 * | 32     | zeros (reserved; c-toxcore writes zeros)           |
 * | 8      | request number, echoed by the response (opaque)    |
 * </pre>
 */
public record CookieRequest(byte[] senderDhtPublicKey, Nonce nonce, byte[] ciphertext) {
    public static final int KIND = PacketKind.COOKIE_REQUEST;
    public static final int PLAIN_SIZE = 2 * PacketKind.PUBLIC_KEY + 8;
    public static final int SIZE = 1 + PacketKind.PUBLIC_KEY + PacketKind.NONCE + PLAIN_SIZE + PacketKind.MAC;

    /** The encrypted part: who asks, and the number to echo. */
    public record Plain(byte[] realPublicKey, long number) {
        public Plain {
            realPublicKey = Keys.requireSize(realPublicKey, PacketKind.PUBLIC_KEY, "real public key");
        }

        @Override
        public byte[] realPublicKey() {
            return realPublicKey.clone();
        }
    }

    public CookieRequest {
        senderDhtPublicKey = Keys.requireSize(senderDhtPublicKey, PacketKind.PUBLIC_KEY, "DHT public key");
        ciphertext = Keys.requireSize(ciphertext, PLAIN_SIZE + PacketKind.MAC, "ciphertext");
    }

    @Override
    public byte[] senderDhtPublicKey() {
        return senderDhtPublicKey.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Builds a request from {@code senderDhtPublicKey}, sealed with {@code key} (sender DHT sk, receiver DHT pk). */
    public static CookieRequest seal(SharedKey key, byte[] senderDhtPublicKey, Plain plain) {
        ByteBuf b = Unpooled.buffer(PLAIN_SIZE);
        b.writeBytes(plain.realPublicKey);
        b.writeZero(PacketKind.PUBLIC_KEY);
        b.writeLongLE(plain.number);
        Nonce nonce = Nonce.random();
        return new CookieRequest(senderDhtPublicKey, nonce, key.seal(nonce, b.array()));
    }

    /** Decrypts the plain part; empty if {@code key} does not open it. */
    public Optional<Plain> open(SharedKey key) {
        return key.open(nonce, ciphertext).map(p -> {
            ByteBuf b = Unpooled.wrappedBuffer(p);
            byte[] real = Keys.read(b, 32, "cookie request");
            b.skipBytes(32);
            return new Plain(real, b.readLongLE());
        });
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(senderDhtPublicKey);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(ciphertext);
    }

    public static CookieRequest decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "cookie request: not " + SIZE + " bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "cookie request: wrong kind");
        byte[] pk = Keys.read(in, 32, "cookie request");
        Nonce nonce = Nonce.of(Keys.read(in, 24, "cookie request"));
        return new CookieRequest(pk, nonce, Keys.read(in, PLAIN_SIZE + PacketKind.MAC, "cookie request"));
    }
}
