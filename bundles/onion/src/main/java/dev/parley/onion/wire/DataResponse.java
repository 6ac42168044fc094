package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Onion data response (kind 0x86), which the announce node sends back along the receiver's
 * stored return path.
 *
 * <pre>
 * | length | contents                                                                     |
 * |--------|------------------------------------------------------------------------------|
 * | 1      | 0x86                                                                         |
 * | 24     | nonce                                                                        |
 * | 32     | sender's temporary public key                                                |
 * | n + 16 | crypto_box (temporary key, our data public key) of {@link OnionData}           |
 * </pre>
 *
 * More than 121 and at most 1069 bytes.
 */
public record DataResponse(Nonce nonce, byte[] tempKey, byte[] box) {
    public static final int KIND = OnionKind.DATA_RESPONSE;

    public static DataResponse decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len > OnionKind.DATA_RESPONSE_MIN + OnionKind.KEY + OnionKind.MAC
                && len <= OnionKind.MAX_DATA_REQUEST_PAYLOAD, "data response: wrong size");
        Wire.kind(in, KIND, "data response");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "data response"));
        byte[] t = Wire.read(in, OnionKind.KEY, "data response");
        return new DataResponse(n, t, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(tempKey);
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + 24 + 32 + box.length, this::encode);
    }

    /** Opens with the shared key of (our data secret key, {@link #tempKey}). */
    public Optional<OnionData> open(SharedKey key) {
        return key.open(nonce, box).filter(p -> p.length > OnionKind.KEY + OnionKind.MAC).map(OnionData::fromBytes);
    }
}
