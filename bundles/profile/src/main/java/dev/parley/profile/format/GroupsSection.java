package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Section 0x07: NGC group chats, a msgpack array of {@link NgcGroup}s. c-toxcore writes it only
 * when "groups persistence" is enabled and there is at least one group.
 *
 * <p>This record keeps the payload exactly as read and writes it back unchanged, and decodes the
 * groups only on request ({@link #groups()}). That is deliberate: c-toxcore itself ignores the
 * section when groups persistence is off and skips groups it cannot load, and the NGC save layout
 * is younger and more likely to change than the rest of the format, so a Groups section Parley
 * cannot read must not make the whole profile unreadable. {@link #of(List)} builds a section from
 * groups, encoding them the way c-toxcore does.
 *
 * @param payload the msgpack bytes (copied in and out)
 */
public record GroupsSection(byte[] payload) implements Section {

    public GroupsSection {
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    public static GroupsSection of(List<NgcGroup> groups) {
        Output out = new Output(groups.size() * 700 + 8);
        MsgPack.writeArray(out, groups.size());
        for (NgcGroup g : groups) {
            g.encode(out);
        }
        return new GroupsSection(out.toByteArray());
    }

    /** Any payload is kept; the groups are decoded by {@link #groups()}. */
    public static GroupsSection decode(byte[] payload) {
        return new GroupsSection(payload);
    }

    /**
     * Decodes the groups.
     *
     * @throws CorruptProfileException when the payload is not a well-formed list of groups; the
     *     offset is relative to the payload
     */
    public List<NgcGroup> groups() throws CorruptProfileException {
        Input in = Input.of(payload, SectionType.GROUPS);
        long at = in.offset();
        long count = MsgPack.arrayHeader(in, "group list");
        if (count > in.remaining()) {
            throw in.errorAt(at, "group list claims " + count + " groups but only " + in.remaining() + " bytes remain");
        }
        List<NgcGroup> groups = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            groups.add(NgcGroup.decode(in, "group #" + i));
        }
        in.expectEnd("the group list");
        return List.copyOf(groups);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public int type() {
        return SectionType.GROUPS;
    }

    @Override
    public byte[] encodePayload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupsSection g && Bytes.eq(g.payload, payload);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(payload);
    }

    @Override
    public String toString() {
        return "GroupsSection[" + payload.length + " bytes]";
    }
}
