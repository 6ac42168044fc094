package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Onion request, initial layer (kind 0x80), sent by a client to the first node of its path.
 *
 * <pre>
 * | length | contents                                                        |
 * |--------|-----------------------------------------------------------------|
 * | 1      | 0x80                                                            |
 * | 24     | nonce (the same for all three layers)                           |
 * | 32     | temporary public key of this layer                              |
 * | n + 16 | crypto_box (key, node 1's DHT key) of an {@link OnionLayer}     |
 * </pre>
 *
 * More than {@code 1 + 225} and at most 1400 bytes.
 */
public record OnionRequest0(Nonce nonce, byte[] key, byte[] box) {
    public static final int KIND = OnionKind.SEND_INITIAL;

    public static OnionRequest0 decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len <= OnionKind.MAX_PACKET, "onion 0x80: too long");
        Wire.check(len > 1 + OnionKind.SEND_1_SIZE, "onion 0x80: too short");
        Wire.kind(in, KIND, "onion 0x80");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "onion 0x80"));
        byte[] k = Wire.read(in, OnionKind.KEY, "onion 0x80");
        return new OnionRequest0(n, k, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(key);
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + OnionKind.NONCE + OnionKind.KEY + box.length, this::encode);
    }

    public Optional<OnionLayer> open(SharedKey k) {
        return k.open(nonce, box).flatMap(OnionLayer::tryDecode);
    }
}
