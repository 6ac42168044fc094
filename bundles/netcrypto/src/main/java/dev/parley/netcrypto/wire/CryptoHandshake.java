package dev.parley.netcrypto.wire;

import dev.parley.crypto.Hashes;
import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * Crypto handshake (0x1a), 385 bytes. Carries the cookie the receiver made (so it can check who
 * this is without state), and, encrypted to the receiver's real key with the sender's real key,
 * the sender's session public key, base nonce, and a fresh cookie for the receiver to send back.
 *
 * <pre>
 * | length | contents                                            |
 * |--------|-----------------------------------------------------|
 * | 1      | 0x1a                                                |
 * | 112    | the receiver's sealed cookie                        |
 * | 24     | nonce (random)                                      |
 * | 248    | box(sender real sk, receiver real pk, plain)        |
 *
 * plain (232 bytes):
 * | 24     | base nonce of the sender's data packets             |
 * | 32     | sender's session public key                         |
 * | 64     | SHA-512 of the 112-byte cookie above                |
 * | 112    | a cookie sealed by the sender, for the receiver     |
 * </pre>
 */
public record CryptoHandshake(byte[] cookie, Nonce nonce, byte[] ciphertext) {
    public static final int KIND = PacketKind.CRYPTO_HANDSHAKE;
    public static final int PLAIN_SIZE = PacketKind.NONCE + PacketKind.PUBLIC_KEY + Hashes.SHA512_SIZE + Cookie.SIZE;
    public static final int SIZE = 1 + Cookie.SIZE + PacketKind.NONCE + PLAIN_SIZE + PacketKind.MAC;

    /** The encrypted part. */
    public record Plain(Nonce baseNonce, byte[] sessionPublicKey, byte[] cookieHash, byte[] cookie) {
        public Plain {
            sessionPublicKey = Keys.requireSize(sessionPublicKey, PacketKind.PUBLIC_KEY, "session public key");
            cookieHash = Keys.requireSize(cookieHash, Hashes.SHA512_SIZE, "cookie hash");
            cookie = Keys.requireSize(cookie, Cookie.SIZE, "sealed cookie");
        }

        @Override
        public byte[] sessionPublicKey() {
            return sessionPublicKey.clone();
        }

        @Override
        public byte[] cookieHash() {
            return cookieHash.clone();
        }

        @Override
        public byte[] cookie() {
            return cookie.clone();
        }
    }

    public CryptoHandshake {
        cookie = Keys.requireSize(cookie, Cookie.SIZE, "sealed cookie");
        ciphertext = Keys.requireSize(ciphertext, PLAIN_SIZE + PacketKind.MAC, "ciphertext");
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /**
     * Builds a handshake around {@code peerCookie}; the plain part's cookie hash is computed here.
     *
     * @param key box key of our real secret key and the peer's real public key
     */
    public static CryptoHandshake seal(SharedKey key, byte[] peerCookie, Nonce baseNonce, byte[] sessionPublicKey,
            byte[] cookieForPeer) {
        Plain p = new Plain(baseNonce, sessionPublicKey, Hashes.sha512(peerCookie), cookieForPeer);
        ByteBuf b = Unpooled.buffer(PLAIN_SIZE);
        b.writeBytes(p.baseNonce.toBytes());
        b.writeBytes(p.sessionPublicKey);
        b.writeBytes(p.cookieHash);
        b.writeBytes(p.cookie);
        Nonce nonce = Nonce.random();
        return new CryptoHandshake(peerCookie, nonce, key.seal(nonce, b.array()));
    }

    /** Decrypts the plain part with the box key of our real key pair and the sender's real public key. */
    public Optional<Plain> open(SharedKey key) {
        return key.open(nonce, ciphertext).map(p -> {
            ByteBuf b = Unpooled.wrappedBuffer(p);
            Nonce base = Nonce.of(Keys.read(b, 24, "handshake"));
            return new Plain(base, Keys.read(b, 32, "handshake"), Keys.read(b, 64, "handshake"),
                    Keys.read(b, Cookie.SIZE, "handshake"));
        });
    }

    /** Convenience for {@link #open(SharedKey)} that precomputes the key. */
    public Optional<Plain> open(KeyPair ownReal, byte[] senderRealPublicKey) {
        return SharedKey.precompute(ownReal, senderRealPublicKey).flatMap(this::open);
    }

    /** True when {@code plain}'s cookie hash matches this packet's cookie. */
    public boolean hashMatches(Plain plain) {
        return dev.parley.crypto.Bytes.constantTimeEquals(Hashes.sha512(cookie), plain.cookieHash);
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(cookie);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(ciphertext);
    }

    public static CryptoHandshake decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "handshake: not " + SIZE + " bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "handshake: wrong kind");
        byte[] cookie = Keys.read(in, Cookie.SIZE, "handshake");
        Nonce nonce = Nonce.of(Keys.read(in, 24, "handshake"));
        return new CryptoHandshake(cookie, nonce, Keys.read(in, PLAIN_SIZE + PacketKind.MAC, "handshake"));
    }
}
