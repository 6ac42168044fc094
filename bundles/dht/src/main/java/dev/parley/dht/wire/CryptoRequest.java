package dev.parley.dht.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * DHT request packet (kind 0x20), a box addressed to one DHT key that any node holding that key in
 * its close list forwards as it is.
 *
 * <pre>
 * | length | contents                                                  |
 * |--------|-----------------------------------------------------------|
 * | 1      | 0x20                                                      |
 * | 32     | receiver's DHT public key                                 |
 * | 32     | sender's DHT public key                                   |
 * | 24     | nonce                                                     |
 * | n + 16 | crypto_box of: [request id (1)] [data (n - 1)]            |
 * </pre>
 *
 * The whole packet is at most 1024 bytes when sent; a received one may carry 16 more, as
 * c-toxcore accepts. The plaintext holds at least the request id.
 */
public record CryptoRequest(DhtKey receiver, DhtKey sender, Nonce nonce, byte[] box) {

    public static final int KIND = PacketKind.CRYPTO_REQUEST;
    public static final int HEADER = 1 + 2 * DhtKey.SIZE + Nonce.SIZE;
    public static final int MAX_SIZE = 1024;

    /** The decrypted content: request id and its data. */
    public record Inner(int requestId, byte[] data) {
    }

    public static CryptoRequest decode(ByteBuf in) {
        int len = in.readableBytes();
        MalformedPacketException.check(len > HEADER + DhtPacket.MAC, "DHT request: too short");
        MalformedPacketException.check(len <= MAX_SIZE + DhtPacket.MAC, "DHT request: too long");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "DHT request: wrong kind");
        byte[] r = new byte[DhtKey.SIZE];
        in.readBytes(r);
        byte[] s = new byte[DhtKey.SIZE];
        in.readBytes(s);
        byte[] n = new byte[Nonce.SIZE];
        in.readBytes(n);
        byte[] box = new byte[in.readableBytes()];
        in.readBytes(box);
        return new CryptoRequest(DhtKey.of(r), DhtKey.of(s), Nonce.of(n), box);
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(receiver.toBytes());
        out.writeBytes(sender.toBytes());
        out.writeBytes(nonce.toBytes());
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(HEADER + box.length);
        encode(b);
        return b.array();
    }

    /**
     * Seals a request; {@code key} is the shared key of (sender's secret key, receiver's key).
     *
     * @throws IllegalArgumentException if the packet would exceed 1024 bytes
     */
    public static CryptoRequest seal(DhtKey receiver, DhtKey sender, SharedKey key, Nonce nonce, int requestId, byte[] data) {
        if (HEADER + 1 + data.length + DhtPacket.MAC > MAX_SIZE) {
            throw new IllegalArgumentException("DHT request data too long: " + data.length);
        }
        byte[] plain = new byte[1 + data.length];
        plain[0] = (byte) requestId;
        System.arraycopy(data, 0, plain, 1, data.length);
        return new CryptoRequest(receiver, sender, nonce, key.seal(nonce, plain));
    }

    /** The content, or empty if the box does not authenticate under {@code key}. */
    public Optional<Inner> open(SharedKey key) {
        return key.open(nonce, box).filter(p -> p.length >= 1)
                .map(p -> new Inner(p[0] & 0xff, java.util.Arrays.copyOfRange(p, 1, p.length)));
    }
}
