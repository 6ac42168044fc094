package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;

/**
 * Ping request (kind 0x00), the payload inside a {@link DhtPacket}; the whole packet is 82 bytes.
 *
 * <pre>
 * | length | contents                          |
 * |--------|-----------------------------------|
 * | 1      | 0x00 (repeats the packet kind)    |
 * | 8      | ping id, echoed by the response   |
 * </pre>
 */
public record PingRequest(long pingId) {
    public static final int KIND = PacketKind.PING_REQUEST;
    public static final int PLAIN_SIZE = 9;
    public static final int PACKET_SIZE = DhtPacket.HEADER + PLAIN_SIZE + DhtPacket.MAC;

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeLong(pingId);
    }

    public static PingRequest decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == PLAIN_SIZE, "ping request: payload is not 9 bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "ping request: wrong inner kind");
        return new PingRequest(in.readLong());
    }
}
