package dev.parley.onion.wire;

import io.netty.buffer.ByteBuf;

/**
 * Onion response on its way back (kinds 0x8c, 0x8d, 0x8e): return data and the payload.
 *
 * <pre>
 * | length    | contents                                                          |
 * |-----------|-------------------------------------------------------------------|
 * | 1         | 0x8c (to node 3), 0x8d (to node 2) or 0x8e (to node 1)            |
 * | 177/118/59| return data 3, 2 or 1 ({@link OnionReturn})                        |
 * | n         | payload: an announce response (0x84, 0x88) or data response (0x86) |
 * </pre>
 *
 * At most 1400 bytes; the payload is not empty.
 */
public record OnionResponse(int kind, byte[] ret, byte[] payload) {

    public static int returnSize(int kind) {
        return switch (kind) {
            case OnionKind.RECV_3 -> OnionKind.RETURN_3;
            case OnionKind.RECV_2 -> OnionKind.RETURN_2;
            case OnionKind.RECV_1 -> OnionKind.RETURN_1;
            default -> throw new IllegalArgumentException("not an onion response kind: " + kind);
        };
    }

    public static OnionResponse decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len <= OnionKind.MAX_PACKET, "onion response: too long");
        Wire.check(in.isReadable(), "onion response: empty");
        int kind = in.readUnsignedByte();
        Wire.check(kind == OnionKind.RECV_3 || kind == OnionKind.RECV_2 || kind == OnionKind.RECV_1,
                "onion response: wrong kind");
        byte[] ret = Wire.read(in, returnSize(kind), "onion response");
        Wire.check(in.isReadable(), "onion response: no payload");
        return new OnionResponse(kind, ret, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(kind);
        out.writeBytes(ret);
        out.writeBytes(payload);
    }

    public byte[] toBytes() {
        return Wire.bytes(1 + ret.length + payload.length, this::encode);
    }
}
