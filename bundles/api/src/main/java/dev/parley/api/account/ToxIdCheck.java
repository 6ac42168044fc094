package dev.parley.api.account;

import java.util.Locale;

/**
 * Checks a Tox ID (address) as typed, with a precise answer for the first problem found. A Tox ID
 * is 38 bytes written as 76 hex digits: the 32-byte public key, the 4-byte nospam and a 2-byte
 * checksum, which is the XOR of the first 36 bytes taken two at a time (bytes at even offsets
 * into its first byte, odd offsets into its second). Spaces, line breaks and a {@code tox:}
 * prefix are ignored, as people paste them.
 *
 * @param problem what is wrong, {@link Problem#NONE} if the ID is valid
 * @param message a sentence for the person, empty when valid
 * @param normalized the cleaned-up ID in upper case (possibly still invalid)
 */
public record ToxIdCheck(Problem problem, String message, String normalized) {

    /** Number of hex digits in a Tox ID. */
    public static final int LENGTH = 76;

    /** The kinds of problem, in the order they are checked. */
    public enum Problem {
        NONE,
        /** Nothing entered yet. */
        EMPTY,
        /** A character that is no hex digit. */
        CHARACTERS,
        /** Fewer than 76 digits. */
        TOO_SHORT,
        /** More than 76 digits. */
        TOO_LONG,
        /** 76 hex digits whose checksum does not match (a typo). */
        CHECKSUM
    }

    public boolean valid() {
        return problem == Problem.NONE;
    }

    /** Checks {@code text}; never throws. */
    public static ToxIdCheck of(String text) {
        String t = text == null ? "" : text.strip();
        if (t.regionMatches(true, 0, "tox:", 0, 4)) {
            t = t.substring(4);
        }
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        String id = b.toString().toUpperCase(Locale.ROOT);
        if (id.isEmpty()) {
            return new ToxIdCheck(Problem.EMPTY, "Paste your friend's Tox ID (76 characters).", id);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.digit(c, 16) < 0) {
                int codePoint = id.codePointAt(i);
                return new ToxIdCheck(Problem.CHARACTERS, "'" + new String(Character.toChars(codePoint))
                        + "' at position " + (i + 1) + " is not allowed: a Tox ID has only 0-9 and A-F.", id);
            }
        }
        if (id.length() < LENGTH) {
            return new ToxIdCheck(Problem.TOO_SHORT, "Too short: " + id.length() + " of " + LENGTH
                    + " characters (" + (LENGTH - id.length()) + " missing).", id);
        }
        if (id.length() > LENGTH) {
            return new ToxIdCheck(Problem.TOO_LONG, "Too long: " + id.length() + " characters, a Tox ID has "
                    + LENGTH + " (" + (id.length() - LENGTH) + " too many).", id);
        }
        int even = 0;
        int odd = 0;
        for (int i = 0; i < 36; i++) {
            int v = Integer.parseInt(id, i * 2, i * 2 + 2, 16);
            if (i % 2 == 0) {
                even ^= v;
            } else {
                odd ^= v;
            }
        }
        int first = Integer.parseInt(id, 72, 74, 16);
        int second = Integer.parseInt(id, 74, 76, 16);
        if (first != even || second != odd) {
            return new ToxIdCheck(Problem.CHECKSUM,
                    "The checksum does not match: a character was mistyped or changed.", id);
        }
        return new ToxIdCheck(Problem.NONE, "", id);
    }

    /** The public key part (the first 64 digits) of a valid ID. */
    public String publicKey() {
        if (!valid()) {
            throw new IllegalStateException("not a valid Tox ID: " + message);
        }
        return normalized.substring(0, 64);
    }
}
