package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Announce response, older (0x84, answer to 0x83) or newer (0x88, answer to 0x87) format.
 *
 * <pre>
 * | length | contents                                                                  |
 * |--------|---------------------------------------------------------------------------|
 * | 1      | 0x84 or 0x88                                                              |
 * | 8      | sendback data of the request                                              |
 * | 24     | nonce                                                                     |
 * | n + 16 | crypto_box (announce node's DHT key, requester key) of an {@link AnnounceResult} |
 * </pre>
 */
public record AnnounceResponse(int kind, byte[] sendback, Nonce nonce, byte[] box) {
    public static final int MIN_SIZE = 1 + OnionKind.SENDBACK + OnionKind.NONCE + 1 + OnionKind.PING_ID + OnionKind.MAC;

    public static AnnounceResponse decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len >= MIN_SIZE && len <= OnionKind.RESPONSE_MAX_DATA, "announce response: wrong size");
        int kind = in.readUnsignedByte();
        Wire.check(kind == OnionKind.ANNOUNCE_RESPONSE_OLD || kind == OnionKind.ANNOUNCE_RESPONSE,
                "announce response: wrong kind");
        byte[] sb = Wire.read(in, OnionKind.SENDBACK, "announce response");
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "announce response"));
        return new AnnounceResponse(kind, sb, n, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(kind);
        out.writeBytes(sendback);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + 8 + 24 + box.length, this::encode);
    }

    public static AnnounceResponse seal(int kind, byte[] sendback, SharedKey key, Nonce nonce, AnnounceResult r) {
        return new AnnounceResponse(kind, sendback.clone(), nonce,
                key.seal(nonce, r.toBytes(kind == OnionKind.ANNOUNCE_RESPONSE)));
    }

    /** The result, or empty if the box does not authenticate or its content does not decode. */
    public Optional<AnnounceResult> open(SharedKey key) {
        return key.open(nonce, box).flatMap(p -> AnnounceResult.tryDecode(p, kind == OnionKind.ANNOUNCE_RESPONSE));
    }
}
