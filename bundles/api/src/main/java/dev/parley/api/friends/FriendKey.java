package dev.parley.api.friends;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A friend's long-term public key, the stable name of a friend (unlike a friend number).
 *
 * @param hex 64 upper-case hex digits
 */
public record FriendKey(String hex) {
    public FriendKey {
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("a public key is 64 hex digits: " + hex);
        }
        hex = hex.toUpperCase(Locale.ROOT);
    }

    // Not a regular expression: keys are made for every api call and event, and String.matches
    // compiles its pattern each time.
    private static boolean isHex64(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(HexFormat::isHexDigit);
    }

    /** Accepts a public key (64 hex digits) or a Tox ID (76 hex digits, whose first 64 are the key). */
    public static FriendKey parse(String text) {
        String t = text.strip();
        return new FriendKey(t.length() == 76 ? t.substring(0, 64) : t);
    }

    @Override
    public String toString() {
        return hex;
    }
}
