package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.List;

/**
 * Section 0x0A: TCP relays to reconnect through, a plain list of {@link PackedNode}s filling the
 * payload (big-endian ports). c-toxcore writes at most 8 ({@code NUM_SAVED_TCP_RELAYS}) and always
 * writes this section, empty when it knows no relay; it reads at most 8 and ignores the rest. A
 * payload that does not split into whole nodes is reported corrupt.
 *
 * @param relays the relays, in file order
 */
public record TcpRelaysSection(List<PackedNode> relays) implements Section {
    public static final int SAVED_BY_TOXCORE = 8;

    public TcpRelaysSection {
        relays = Bytes.list(relays, "relays");
    }

    public static TcpRelaysSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.TCP_RELAYS));
    }

    static TcpRelaysSection decode(Input in) throws CorruptProfileException {
        return new TcpRelaysSection(PackedNode.decodeList(in, "relay"));
    }

    @Override
    public int type() {
        return SectionType.TCP_RELAYS;
    }

    @Override
    public byte[] encodePayload() {
        return PackedNode.encodeList(relays);
    }
}
