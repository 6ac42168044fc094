package dev.parley.crypto;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A Tox ID (c-toxcore calls it the address): the 32-byte long-term public key, a 4-byte nospam
 * value and a 2-byte checksum, 38 bytes or 76 hex digits.
 *
 * <p>The nospam occupies bytes 32..35 in big-endian order, so {@link #nospam()} equals what
 * {@code tox_self_get_nospam} returns. The checksum bytes are the XOR of all even-indexed and all
 * odd-indexed bytes of the first 36, respectively (c-toxcore's {@code data_checksum});
 * {@link #checksum()} reads them as a big-endian 16-bit number.
 */
public final class ToxId {

    /** Length of a Tox ID in bytes. */
    public static final int SIZE = 38;
    /** Length of a Tox ID in hex digits. */
    public static final int HEX_LENGTH = SIZE * 2;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final byte[] bytes;

    private ToxId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The Tox ID of a public key and nospam value, with its checksum computed.
     *
     * @throws IllegalArgumentException if the key is not 32 bytes long
     */
    public static ToxId of(byte[] publicKey, int nospam) {
        if (publicKey.length != PublicKeys.SIZE) {
            throw new IllegalArgumentException("a public key has 32 bytes, not " + publicKey.length);
        }
        byte[] b = new byte[SIZE];
        System.arraycopy(publicKey, 0, b, 0, PublicKeys.SIZE);
        b[32] = (byte) (nospam >>> 24);
        b[33] = (byte) (nospam >>> 16);
        b[34] = (byte) (nospam >>> 8);
        b[35] = (byte) nospam;
        int c = checksumOf(b);
        b[36] = (byte) (c >>> 8);
        b[37] = (byte) c;
        return new ToxId(b);
    }

    /**
     * Reads a Tox ID from text as users paste it: upper or lower case hex, with whitespace
     * anywhere and an optional {@code tox:} prefix in any case.
     *
     * @throws ToxIdFormatException if the text is not a Tox ID; its message says why
     */
    public static ToxId parse(String text) throws ToxIdFormatException {
        Objects.requireNonNull(text, "text");
        StringBuilder digits = new StringBuilder(HEX_LENGTH);
        int i = 0;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        if (n - i >= 4 && text.regionMatches(true, i, "tox:", 0, 4)) {
            i += 4;
        }
        for (; i < n; i++) {
            char ch = text.charAt(i);
            if (isSpace(ch)) {
                continue;
            }
            if (hexValue(ch) < 0) {
                throw new ToxIdFormatException(ToxIdFormatException.Reason.NOT_HEX,
                        "a Tox ID has only the hex digits 0-9 and A-F, this has " + describe(text, i)
                                + " at position " + (i + 1));
            }
            digits.append(ch);
        }
        if (digits.length() != HEX_LENGTH) {
            throw new ToxIdFormatException(ToxIdFormatException.Reason.WRONG_LENGTH,
                    "a Tox ID has " + HEX_LENGTH + " hex digits, this has " + digits.length());
        }
        byte[] b = new byte[SIZE];
        for (int k = 0; k < SIZE; k++) {
            b[k] = (byte) (hexValue(digits.charAt(2 * k)) << 4 | hexValue(digits.charAt(2 * k + 1)));
        }
        int expected = checksumOf(b);
        int found = (b[36] & 0xff) << 8 | (b[37] & 0xff);
        if (expected != found) {
            throw new ToxIdFormatException(ToxIdFormatException.Reason.BAD_CHECKSUM,
                    String.format(Locale.ROOT,
                            "the checksum of this Tox ID does not match (it ends in %04X, the digits before it "
                                    + "give %04X); it was probably mistyped or cut", found, expected));
        }
        return new ToxId(b);
    }

    /** Whitespace as {@link Character#isWhitespace} has it, plus no-break spaces from web pages. */
    private static boolean isSpace(char ch) {
        return Character.isWhitespace(ch) || Character.isSpaceChar(ch);
    }

    /** The value of an ASCII hex digit, or -1 (other Unicode digits are not accepted). */
    private static int hexValue(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        return -1;
    }

    private static String describe(String text, int index) {
        int cp = text.codePointAt(index);
        if (cp < 0x20 || cp == 0x7f) {
            return String.format(Locale.ROOT, "the control character U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    /** The 16-bit checksum of the first 36 bytes. */
    private static int checksumOf(byte[] b) {
        int even = 0;
        int odd = 0;
        for (int k = 0; k < 36; k += 2) {
            even ^= b[k];
            odd ^= b[k + 1];
        }
        return (even & 0xff) << 8 | (odd & 0xff);
    }

    /** The long-term public key (a copy, 32 bytes). */
    public byte[] publicKey() {
        return Arrays.copyOf(bytes, PublicKeys.SIZE);
    }

    /** The nospam value, read big-endian from bytes 32..35. */
    public int nospam() {
        return (bytes[32] & 0xff) << 24 | (bytes[33] & 0xff) << 16 | (bytes[34] & 0xff) << 8 | (bytes[35] & 0xff);
    }

    /** The checksum, bytes 36 and 37 read as a big-endian number (0..65535). */
    public int checksum() {
        return (bytes[36] & 0xff) << 8 | (bytes[37] & 0xff);
    }

    /** The 38 bytes as c-toxcore's {@code tox_self_get_address} writes them (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToxId && Arrays.equals(bytes, ((ToxId) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The 76 uppercase hex digits, without prefix or spaces. */
    @Override
    public String toString() {
        char[] out = new char[HEX_LENGTH];
        for (int k = 0; k < SIZE; k++) {
            out[2 * k] = HEX[(bytes[k] >>> 4) & 0xf];
            out[2 * k + 1] = HEX[bytes[k] & 0xf];
        }
        return new String(out);
    }
}
