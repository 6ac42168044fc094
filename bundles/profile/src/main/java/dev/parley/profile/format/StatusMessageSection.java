package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Section 0x05: our own status message, the whole payload, normally UTF-8 but kept as bytes. At
 * most {@value #MAX_LENGTH} bytes ({@code MAX_STATUSMESSAGE_LENGTH}); longer is reported corrupt.
 *
 * @param message the status message bytes (copied in and out)
 */
public record StatusMessageSection(byte[] message) implements Section {
    public static final int MAX_LENGTH = 1007;

    public StatusMessageSection {
        message = Bytes.atMost(message, MAX_LENGTH, "status message");
    }

    public static StatusMessageSection of(String message) {
        return new StatusMessageSection(Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8));
    }

    public static StatusMessageSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.STATUS_MESSAGE));
    }

    static StatusMessageSection decode(Input in) throws CorruptProfileException {
        if (in.remaining() > MAX_LENGTH) {
            throw in.error("status message is " + in.remaining() + " bytes, the maximum is " + MAX_LENGTH);
        }
        return new StatusMessageSection(in.rest());
    }

    /** The message decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String text() {
        return new String(message, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public int type() {
        return SectionType.STATUS_MESSAGE;
    }

    @Override
    public byte[] encodePayload() {
        return message.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusMessageSection s && Bytes.eq(s.message, message);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(message);
    }

    @Override
    public String toString() {
        return "StatusMessageSection[" + text() + "]";
    }
}
