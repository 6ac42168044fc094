package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;

/**
 * NAT ping request or response: the data of a {@link CryptoRequest} with request id 0xfe, sent
 * between friends through the nodes close to them.
 *
 * <pre>
 * | length | contents                          |
 * |--------|-----------------------------------|
 * | 1      | 0x00 request, 0x01 response       |
 * | 8      | ping id, echoed by the response   |
 * </pre>
 */
public record NatPing(boolean response, long pingId) {
    public static final int REQUEST_ID = PacketKind.REQUEST_NAT_PING;
    public static final int SIZE = 9;

    public void encode(ByteBuf out) {
        out.writeByte(response ? 1 : 0);
        out.writeLong(pingId);
    }

    public byte[] toBytes() {
        ByteBuf b = io.netty.buffer.Unpooled.buffer(SIZE);
        encode(b);
        return b.array();
    }

    public static NatPing decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "NAT ping: not 9 bytes");
        int type = in.readUnsignedByte();
        MalformedPacketException.check(type <= 1, "NAT ping: unknown type " + type);
        return new NatPing(type == 1, in.readLong());
    }
}
