package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Onion data request (kind 0x85), sent through the onion to a node where the receiver announced;
 * the node receives it with return data 3 appended and passes it on as a {@link DataResponse}.
 *
 * <pre>
 * | length | contents                                                                     |
 * |--------|------------------------------------------------------------------------------|
 * | 1      | 0x85                                                                         |
 * | 32     | receiver's long-term public key                                              |
 * | 24     | nonce                                                                        |
 * | 32     | temporary public key                                                         |
 * | n + 16 | crypto_box (temporary key, receiver's data public key) of {@link OnionData}   |
 * </pre>
 *
 * At most 1174 bytes.
 */
public record DataRequest(byte[] receiver, Nonce nonce, byte[] tempKey, byte[] box) {
    public static final int KIND = OnionKind.DATA_REQUEST;

    public static DataRequest decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len > OnionKind.DATA_REQUEST_MIN && len <= OnionKind.MAX_DATA, "data request: wrong size");
        Wire.kind(in, KIND, "data request");
        byte[] r = Wire.read(in, OnionKind.KEY, "data request");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "data request"));
        byte[] t = Wire.read(in, OnionKind.KEY, "data request");
        return new DataRequest(r, n, t, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(receiver);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(tempKey);
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + 32 + 24 + 32 + box.length, this::encode);
    }

    public static DataRequest seal(byte[] receiver, byte[] tempKey, SharedKey key, Nonce nonce, OnionData data) {
        byte[] plain = data.toBytes();
        if (OnionKind.DATA_REQUEST_MIN + plain.length > OnionKind.MAX_DATA) {
            throw new IllegalArgumentException("onion data too long: " + plain.length);
        }
        return new DataRequest(receiver.clone(), nonce, tempKey.clone(), key.seal(nonce, plain));
    }

    /** The response an announce node makes of it: the same without the receiver key. */
    public DataResponse toResponse() {
        return new DataResponse(nonce, tempKey, box);
    }
}
