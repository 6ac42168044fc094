package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes response (kind 0x04), the payload inside a {@link DhtPacket}.
 *
 * <pre>
 * | length   | contents                                       |
 * |----------|------------------------------------------------|
 * | 1        | number of nodes, 0 to 4                        |
 * | 39 or 51 | that many {@link PackedNode}s                  |
 * | 8        | the sendback data of the request it answers    |
 * </pre>
 *
 * The packed nodes must fill the space before the sendback data exactly.
 */
public record NodesResponse(List<PackedNode> nodes, long sendback) {
    public static final int KIND = PacketKind.NODES_RESPONSE;
    public static final int MAX_NODES = 4;

    public NodesResponse {
        nodes = List.copyOf(nodes);
        if (nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("at most 4 nodes, not " + nodes.size());
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(nodes.size());
        for (PackedNode n : nodes) {
            n.encode(out);
        }
        out.writeLong(sendback);
    }

    public static NodesResponse decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() >= 1 + 8, "nodes response: too short");
        int count = in.readUnsignedByte();
        MalformedPacketException.check(count <= MAX_NODES, "nodes response: more than 4 nodes");
        ByteBuf nodesPart = in.readSlice(in.readableBytes() - 8);
        List<PackedNode> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(PackedNode.decode(nodesPart));
        }
        MalformedPacketException.check(!nodesPart.isReadable(), "nodes response: bytes left after the nodes");
        return new NodesResponse(nodes, in.readLong());
    }
}
