package dev.parley.dht.wire;

import dev.parley.dht.DhtKey;
import io.netty.buffer.ByteBuf;

/**
 * Nodes request (kind 0x02), the payload inside a {@link DhtPacket}; the whole packet is 113 bytes.
 *
 * <pre>
 * | length | contents                                            |
 * |--------|-----------------------------------------------------|
 * | 32     | the DHT key whose closest nodes are asked for       |
 * | 8      | sendback data, echoed by the response               |
 * </pre>
 */
public record NodesRequest(DhtKey target, long sendback) {
    public static final int KIND = PacketKind.NODES_REQUEST;
    public static final int PLAIN_SIZE = DhtKey.SIZE + 8;
    public static final int PACKET_SIZE = DhtPacket.HEADER + PLAIN_SIZE + DhtPacket.MAC;

    public void encode(ByteBuf out) {
        out.writeBytes(target.toBytes());
        out.writeLong(sendback);
    }

    public static NodesRequest decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == PLAIN_SIZE, "nodes request: payload is not 40 bytes");
        byte[] pk = new byte[DhtKey.SIZE];
        in.readBytes(pk);
        return new NodesRequest(DhtKey.of(pk), in.readLong());
    }
}
