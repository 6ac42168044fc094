package dev.parley.onion.wire;

import dev.parley.dht.wire.MalformedPacketException;
import dev.parley.dht.wire.PackedNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The decrypted body of an announce response.
 *
 * <pre>
 * | length | contents                                                                     |
 * |--------|------------------------------------------------------------------------------|
 * | 1      | is_stored: 0 not found, 1 the searched key is announced here, 2 our announce is stored |
 * | 32     | is_stored 1: the announced data public key; otherwise the ping id to use next |
 * | 1      | (0x88 only) number of nodes                                                   |
 * | n      | up to 4 packed nodes closest to the searched key                              |
 * | x      | (0x88 only) extra data: group announces                                       |
 * </pre>
 */
public record AnnounceResult(int isStored, byte[] pingIdOrKey, List<PackedNode> nodes, byte[] extra) {
    public static final int NOT_FOUND = 0;
    public static final int FOUND = 1;
    public static final int STORED = 2;

    public static AnnounceResult decode(ByteBuf in, boolean withCount) {
        Wire.check(in.readableBytes() >= 1 + OnionKind.PING_ID, "announce result: truncated");
        int stored = in.readUnsignedByte();
        Wire.check(stored <= 2, "announce result: is_stored " + stored);
        byte[] id = Wire.read(in, OnionKind.PING_ID, "announce result");
        List<PackedNode> nodes = new ArrayList<>();
        if (withCount) {
            Wire.check(in.isReadable(), "announce result: no node count");
            int count = in.readUnsignedByte();
            Wire.check(count <= 4, "announce result: too many nodes");
            for (int i = 0; i < count; i++) {
                nodes.add(PackedNode.decode(in));
            }
            return new AnnounceResult(stored, id, nodes, Wire.rest(in));
        }
        while (in.isReadable()) {
            Wire.check(nodes.size() < 4, "announce result: too many nodes");
            nodes.add(PackedNode.decode(in));
        }
        return new AnnounceResult(stored, id, nodes, new byte[0]);
    }

    static Optional<AnnounceResult> tryDecode(byte[] p, boolean withCount) {
        try {
            return Optional.of(decode(Unpooled.wrappedBuffer(p), withCount));
        } catch (MalformedPacketException e) {
            return Optional.empty();
        }
    }

    public byte[] toBytes(boolean withCount) {
        return Wire.bytes(40 + nodes.size() * PackedNode.SIZE_IPV6 + extra.length, out -> {
            out.writeByte(isStored);
            out.writeBytes(pingIdOrKey);
            if (withCount) {
                out.writeByte(nodes.size());
            }
            for (PackedNode n : nodes) {
                n.encode(out);
            }
            if (withCount) {
                out.writeBytes(extra);
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceResult r && r.isStored == isStored && Arrays.equals(r.pingIdOrKey, pingIdOrKey)
                && r.nodes.equals(nodes) && Arrays.equals(r.extra, extra);
    }

    @Override
    public int hashCode() {
        return isStored * 31 + Arrays.hashCode(pingIdOrKey);
    }
}
