package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Onion request, layer 1 (kind 0x81), sent by onion node 1 to the next node of the path.
 *
 * <pre>
 * | length | contents                                                          |
 * |--------|-------------------------------------------------------------------|
 * | 1      | 0x81                                                              |
 * | 24     | nonce (as received)                                               |
 * | 32     | temporary public key of this layer                                |
 * | n + 16 | crypto_box (key, this node's DHT key) of an {@link OnionLayer} |
 * | 59     | return data 1 ({@link OnionReturn}), opaque to the receiver       |
 * </pre>
 *
 * More than {@code 1 + OnionKind.SEND_2_SIZE} and at most 1400 bytes.
 */
public record OnionRequest1(Nonce nonce, byte[] key, byte[] box, byte[] ret) {
    public static final int KIND = 0x81;
    public static final int RETURN_SIZE = OnionKind.RETURN_1;

    public static OnionRequest1 decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len <= OnionKind.MAX_PACKET, "onion 0x81: too long");
        Wire.check(len > 1 + OnionKind.SEND_2_SIZE, "onion 0x81: too short");
        Wire.kind(in, KIND, "onion 0x81");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "onion 0x81"));
        byte[] k = Wire.read(in, OnionKind.KEY, "onion 0x81");
        byte[] box = Wire.read(in, in.readableBytes() - RETURN_SIZE, "onion 0x81");
        return new OnionRequest1(n, k, box, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(key);
        out.writeBytes(box);
        out.writeBytes(ret);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + OnionKind.NONCE + OnionKind.KEY + box.length + ret.length, this::encode);
    }

    public Optional<OnionLayer> open(SharedKey k) {
        return k.open(nonce, box).flatMap(OnionLayer::tryDecode);
    }
}
