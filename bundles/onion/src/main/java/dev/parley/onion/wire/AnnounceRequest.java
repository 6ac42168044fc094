package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Announce request, older (kind 0x83) or newer (kind 0x87) format, as the client puts it into the
 * onion; the announce node receives it with return data 3 (177 bytes) appended.
 *
 * <pre>
 * | length     | contents                                                                 |
 * |------------|--------------------------------------------------------------------------|
 * | 1          | 0x83 or 0x87                                                             |
 * | 24         | nonce                                                                    |
 * | 32         | sender's public key: the long-term key to announce, a temporary one to search |
 * | 104 + x + 16 | crypto_box (sender, announce node's DHT key) of an {@link AnnouncePayload} |
 * </pre>
 *
 * 0x83 is exactly 209 bytes; 0x87 is 209 bytes plus up to 136 of group-announce data.
 */
public record AnnounceRequest(int kind, Nonce nonce, byte[] senderKey, byte[] box) {

    public static AnnounceRequest decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(in.isReadable(), "announce request: empty");
        int kind = in.getUnsignedByte(in.readerIndex());
        if (kind == OnionKind.ANNOUNCE_REQUEST_OLD) {
            Wire.check(len == OnionKind.ANNOUNCE_REQUEST_SIZE, "announce request 0x83: wrong size");
        } else {
            Wire.check(kind == OnionKind.ANNOUNCE_REQUEST, "announce request: wrong kind");
            Wire.check(len >= OnionKind.ANNOUNCE_REQUEST_SIZE
                    && len <= OnionKind.ANNOUNCE_REQUEST_SIZE + OnionKind.MAX_EXTRA_DATA, "announce request 0x87: wrong size");
        }
        in.skipBytes(1);
        Nonce n = Nonce.of(Wire.read(in, OnionKind.NONCE, "announce request"));
        byte[] k = Wire.read(in, OnionKind.KEY, "announce request");
        return new AnnounceRequest(kind, n, k, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(kind);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(senderKey);
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + OnionKind.NONCE + OnionKind.KEY + box.length, this::encode);
    }

    public static AnnounceRequest seal(int kind, byte[] senderKey, SharedKey key, Nonce nonce, AnnouncePayload p) {
        if (kind == OnionKind.ANNOUNCE_REQUEST_OLD && p.extra().length != 0) {
            throw new IllegalArgumentException("the older announce request has no extra data");
        }
        return new AnnounceRequest(kind, nonce, senderKey.clone(), key.seal(nonce, p.toBytes()));
    }

    public Optional<AnnouncePayload> open(SharedKey key) {
        return key.open(nonce, box).filter(p -> p.length >= AnnouncePayload.MIN_SIZE).map(AnnouncePayload::fromBytes);
    }
}
