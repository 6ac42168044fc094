package dev.parley.dht.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * The DHT packet envelope shared by ping and nodes packets.
 *
 * <pre>
 * | length | contents                                                  |
 * |--------|-----------------------------------------------------------|
 * | 1      | packet kind (0x00, 0x01, 0x02, 0x04)                      |
 * | 32     | sender's DHT public key                                   |
 * | 24     | random nonce                                              |
 * | n + 16 | payload, crypto_box with (sender key, receiver key, nonce) |
 * </pre>
 *
 * {@link #decode} only splits the bytes; {@link #open} authenticates and decrypts with the shared
 * key of (our secret key, {@link #sender()}).
 */
public record DhtPacket(int kind, DhtKey sender, Nonce nonce, byte[] box) {

    public static final int HEADER = 1 + DhtKey.SIZE + Nonce.SIZE;
    public static final int MAC = 16;

    public static DhtPacket decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() >= HEADER + MAC, "DHT packet: shorter than header and MAC");
        int kind = in.readUnsignedByte();
        byte[] pk = new byte[DhtKey.SIZE];
        in.readBytes(pk);
        byte[] n = new byte[Nonce.SIZE];
        in.readBytes(n);
        byte[] box = new byte[in.readableBytes()];
        in.readBytes(box);
        return new DhtPacket(kind, DhtKey.of(pk), Nonce.of(n), box);
    }

    public void encode(ByteBuf out) {
        out.writeByte(kind);
        out.writeBytes(sender.toBytes());
        out.writeBytes(nonce.toBytes());
        out.writeBytes(box);
    }

    /** Seals {@code plain} for the peer whose shared key is {@code key}. */
    public static DhtPacket seal(int kind, DhtKey sender, SharedKey key, Nonce nonce, byte[] plain) {
        return new DhtPacket(kind, sender, nonce, key.seal(nonce, plain));
    }

    /** The payload, or empty if the box does not authenticate under {@code key}. */
    public Optional<byte[]> open(SharedKey key) {
        return key.open(nonce, box);
    }

    /** Total length on the wire. */
    public int length() {
        return HEADER + box.length;
    }
}
