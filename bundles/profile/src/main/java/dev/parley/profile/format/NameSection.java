package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Section 0x04: our own name, the whole payload, normally UTF-8 but kept as bytes (c-toxcore does
 * not check the encoding). At most {@value #MAX_LENGTH} bytes ({@code MAX_NAME_LENGTH}); c-toxcore
 * never writes more, so a longer payload is reported as corrupt.
 *
 * @param name the name bytes (copied in and out)
 */
public record NameSection(byte[] name) implements Section {
    public static final int MAX_LENGTH = 128;

    public NameSection {
        name = Bytes.atMost(name, MAX_LENGTH, "name");
    }

    public static NameSection of(String name) {
        return new NameSection(Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8));
    }

    public static NameSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.NAME));
    }

    static NameSection decode(Input in) throws CorruptProfileException {
        if (in.remaining() > MAX_LENGTH) {
            throw in.error("name is " + in.remaining() + " bytes, the maximum is " + MAX_LENGTH);
        }
        return new NameSection(in.rest());
    }

    /** The name decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String text() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public int type() {
        return SectionType.NAME;
    }

    @Override
    public byte[] encodePayload() {
        return name.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameSection s && Bytes.eq(s.name, name);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(name);
    }

    @Override
    public String toString() {
        return "NameSection[" + text() + "]";
    }
}
