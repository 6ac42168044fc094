package dev.parley.onion.wire;

import io.netty.buffer.ByteBuf;

/**
 * A friend request as onion data (kind 0x20).
 *
 * <pre>
 * | length   | contents                                                        |
 * |----------|-----------------------------------------------------------------|
 * | 1        | 0x20                                                            |
 * | 4        | nospam, the 4 bytes as they stand in the receiver's Tox ID       |
 * | 1..1016  | message                                                         |
 * </pre>
 */
public record FriendRequestData(byte[] nospam, byte[] message) {
    public static final int KIND = OnionKind.DATA_FRIEND_REQUEST;

    public static FriendRequestData decode(ByteBuf in) {
        int len = in.readableBytes();
        Wire.check(len > 1 + 4 && len <= OnionKind.MAX_CLIENT_DATA, "friend request: wrong size");
        Wire.kind(in, KIND, "friend request");
        byte[] ns = Wire.read(in, 4, "friend request");
        return new FriendRequestData(ns, Wire.rest(in));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(nospam);
        out.writeBytes(message);
    }

    public byte[] toBytes() {
        return Wire.bytes(5 + message.length, this::encode);
    }
}
