package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;

/**
 * Ping response (kind 0x01), the payload inside a {@link DhtPacket}; the whole packet is 82 bytes.
 *
 * <pre>
 * | length | contents                          |
 * |--------|-----------------------------------|
 * | 1      | 0x01 (repeats the packet kind)    |
 * | 8      | ping id of the request it answers |
 * </pre>
 */
public record PingResponse(long pingId) {
    public static final int KIND = PacketKind.PING_RESPONSE;
    public static final int PLAIN_SIZE = 9;
    public static final int PACKET_SIZE = DhtPacket.HEADER + PLAIN_SIZE + DhtPacket.MAC;

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeLong(pingId);
    }

    public static PingResponse decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == PLAIN_SIZE, "ping response: payload is not 9 bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "ping response: wrong inner kind");
        return new PingResponse(in.readLong());
    }
}
