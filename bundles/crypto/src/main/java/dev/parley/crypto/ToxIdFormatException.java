package dev.parley.crypto;

/**
 * Thrown by {@link ToxId#parse(String)} for text that is not a Tox ID. The message is meant for
 * the user; {@link #reason()} tells the cases apart for code.
 */
public final class ToxIdFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why the text was rejected. */
    public enum Reason {
        /** Not 76 hex digits (after removing spaces and a {@code tox:} prefix). */
        WRONG_LENGTH,
        /** A character that is not a hex digit. */
        NOT_HEX,
        /** 76 hex digits whose checksum does not match: most likely a typo. */
        BAD_CHECKSUM
    }

    private final Reason reason;

    ToxIdFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the text was rejected. */
    public Reason reason() {
        return reason;
    }
}
