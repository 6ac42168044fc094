package dev.parley.profile.format;

import java.util.Objects;

/**
 * A section whose type Parley does not interpret. Its payload is kept unchanged and written back
 * in the same place on re-save, as c-toxcore itself skips types it does not know.
 *
 * @param type the u16 section type
 * @param payload the payload bytes (copied in and out)
 */
public record UnknownSection(int type, byte[] payload) implements Section {

    public UnknownSection {
        Bytes.unsigned(type, 16, "section type");
        if (type == SectionType.EOF) {
            throw new IllegalArgumentException("EOF is not a section payload");
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] encodePayload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownSection u && u.type == type && Bytes.eq(u.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Bytes.hash(payload);
    }

    @Override
    public String toString() {
        return "UnknownSection[type=" + type + ", " + payload.length + " bytes]";
    }
}
