package dev.parley.netcrypto.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * Crypto data (0x1b): one encrypted packet of an established session, 28 to 1400 bytes. The nonce
 * is the sender's base nonce plus the number of data packets it sent before; only its last two
 * bytes travel, and the receiver rebuilds the rest from the nonce it expects.
 *
 * <pre>
 * | length  | contents                                                  |
 * |---------|-----------------------------------------------------------|
 * | 1       | 0x1b                                                      |
 * | 2       | last 2 bytes of the nonce (big-endian)                    |
 * | 25-1397 | secretbox(session shared key, nonce, {@link CryptoDataPlain}) |
 * </pre>
 */
public record CryptoData(int nonceLow, byte[] ciphertext) {
    public static final int KIND = PacketKind.CRYPTO_DATA;
    public static final int HEADER = 3;
    /** Smallest valid packet: header, MAC, the two packet numbers and one byte of data. */
    public static final int MIN_SIZE = HEADER + PacketKind.MAC + CryptoDataPlain.NUMBERS + 1;
    public static final int MAX_SIZE = PacketKind.MAX_PACKET_SIZE;

    public CryptoData {
        if (nonceLow < 0 || nonceLow > 0xffff) {
            throw new IllegalArgumentException("nonce low bits out of range: " + nonceLow);
        }
        if (ciphertext.length < MIN_SIZE - HEADER || ciphertext.length > MAX_SIZE - HEADER) {
            throw new IllegalArgumentException("ciphertext length " + ciphertext.length);
        }
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The last two bytes of {@code nonce} as an unsigned number. */
    public static int low16(Nonce nonce) {
        byte[] b = nonce.toBytes();
        return ((b[PacketKind.NONCE - 2] & 0xff) << 8) | (b[PacketKind.NONCE - 1] & 0xff);
    }

    public static CryptoData seal(SharedKey key, Nonce nonce, CryptoDataPlain plain) {
        return new CryptoData(low16(nonce), key.seal(nonce, plain.toBytes()));
    }

    /**
     * Decrypts with the full {@code nonce} the receiver computed.
     *
     * @return empty if the key or nonce is wrong or the bytes were altered
     * @throws MalformedPacketException if it authenticates but the plain part does not decode
     */
    public Optional<CryptoDataPlain> open(SharedKey key, Nonce nonce) {
        return key.open(nonce, ciphertext).map(CryptoDataPlain::fromBytes);
    }

    public int size() {
        return HEADER + ciphertext.length;
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeShort(nonceLow);
        out.writeBytes(ciphertext);
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(size());
        encode(b);
        return b.array();
    }

    public static CryptoData decode(ByteBuf in) {
        int n = in.readableBytes();
        MalformedPacketException.check(n >= MIN_SIZE && n <= MAX_SIZE, "crypto data: bad length " + n);
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "crypto data: wrong kind");
        int low = in.readUnsignedShort();
        return new CryptoData(low, Keys.read(in, n - HEADER, "crypto data"));
    }
}
