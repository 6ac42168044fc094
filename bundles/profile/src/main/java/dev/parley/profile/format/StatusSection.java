package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;

/**
 * Section 0x06: our own user status, exactly one byte (0 none, 1 away, 2 busy). The raw byte is
 * kept, so values c-toxcore does not define survive a re-save; {@link #status()} maps them to
 * {@link UserStatus#NONE}.
 *
 * @param code the stored byte, 0..255
 */
public record StatusSection(int code) implements Section {
    public static final int SIZE = 1;

    public StatusSection {
        Bytes.unsigned(code, 8, "user status");
    }

    public static StatusSection of(UserStatus status) {
        return new StatusSection(status.code());
    }

    public static StatusSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.STATUS));
    }

    static StatusSection decode(Input in) throws CorruptProfileException {
        if (in.remaining() != SIZE) {
            throw in.error("payload is " + in.remaining() + " bytes, expected " + SIZE);
        }
        return new StatusSection(in.u8("user status"));
    }

    public UserStatus status() {
        return UserStatus.fromCode(code);
    }

    @Override
    public int type() {
        return SectionType.STATUS;
    }

    @Override
    public byte[] encodePayload() {
        return new byte[] {(byte) code};
    }
}
