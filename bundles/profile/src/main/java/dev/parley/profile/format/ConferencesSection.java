package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 0x14: the saved conferences, back to back, see {@link Conference}. c-toxcore always
 * writes this section (empty without conferences). It stops reading once fewer than {@value
 * Conference#FIXED_SIZE} bytes remain; Parley reports such left-over bytes as corrupt because
 * c-toxcore never writes them.
 *
 * @param conferences in file order
 */
public record ConferencesSection(List<Conference> conferences) implements Section {

    public ConferencesSection {
        conferences = Bytes.list(conferences, "conferences");
    }

    public static ConferencesSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.CONFERENCES));
    }

    static ConferencesSection decode(Input in) throws CorruptProfileException {
        List<Conference> list = new ArrayList<>();
        while (in.remaining() >= Conference.FIXED_SIZE) {
            list.add(Conference.decode(in, "conference #" + list.size()));
        }
        if (!in.atEnd()) {
            throw in.error(in.remaining() + " trailing bytes, too short for a conference (" + Conference.FIXED_SIZE
                    + " bytes at least)");
        }
        return new ConferencesSection(list);
    }

    @Override
    public int type() {
        return SectionType.CONFERENCES;
    }

    @Override
    public byte[] encodePayload() {
        Output out = new Output(64);
        for (Conference c : conferences) {
            c.encode(out);
        }
        return out.toByteArray();
    }
}
