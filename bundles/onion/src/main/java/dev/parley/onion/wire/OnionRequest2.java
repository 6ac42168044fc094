package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Onion request, layer 2 (kind 0x82), sent by onion node 2 to the next node of the path.
 *
 * <pre>
 * | length | contents                                                          |
 * |--------|-------------------------------------------------------------------|
 * | 1      | 0x82                                                              |
 * | 24     | nonce (as received)                                               |
 * | 32     | temporary public key of this layer                                |
 * | n + 16 | crypto_box (key, this node's DHT key) of an {@link OnionExit} |
 * | 118     | return data 2 ({@link OnionReturn}), opaque to the receiver       |
 * </pre>
 *
 * More than {@code 1 + OnionKind.SEND_3_SIZE} and at most 1400 bytes.
 */
public record OnionRequest2(Nonce nonce, byte[] key, byte[] box, byte[] ret) {
    public static final int KIND = 0x82;
    public static final int RETURN_SIZE = OnionKind.RETURN_2;

    public static OnionRequest2 decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len <= OnionKind.MAX_PACKET, "onion 0x82: too long");
        Wire.check(len > 1 + OnionKind.SEND_3_SIZE, "onion 0x82: too short");
        Wire.kind(in, KIND, "onion 0x82");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "onion 0x82"));
        byte[] k = Wire.read(in, OnionKind.KEY, "onion 0x82");
        byte[] box = Wire.read(in, in.readableBytes() - RETURN_SIZE, "onion 0x82");
        return new OnionRequest2(n, k, box, Wire.rest(in));
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

    public Optional<OnionExit> open(SharedKey k) {
        return k.open(nonce, box).flatMap(OnionExit::tryDecode);
    }
}
