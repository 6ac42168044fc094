package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.List;

/**
 * Section 0x0B: onion path nodes, a plain list of {@link PackedNode}s filling the payload
 * (big-endian ports). c-toxcore writes at most 8 ({@code NUM_SAVED_PATH_NODES}), always writes the
 * section (possibly empty), and reads at most 8. A payload that does not split into whole nodes is
 * reported corrupt.
 *
 * @param nodes the nodes, in file order
 */
public record PathNodesSection(List<PackedNode> nodes) implements Section {
    public static final int SAVED_BY_TOXCORE = 8;

    public PathNodesSection {
        nodes = Bytes.list(nodes, "nodes");
    }

    public static PathNodesSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.PATH_NODES));
    }

    static PathNodesSection decode(Input in) throws CorruptProfileException {
        return new PathNodesSection(PackedNode.decodeList(in, "path node"));
    }

    @Override
    public int type() {
        return SectionType.PATH_NODES;
    }

    @Override
    public byte[] encodePayload() {
        return PackedNode.encodeList(nodes);
    }
}
