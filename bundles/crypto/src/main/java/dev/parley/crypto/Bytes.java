package dev.parley.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/** Byte helpers: constant-time comparison, secure random bytes, wiping. */
public final class Bytes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Bytes() {
    }

    /**
     * Compares two arrays in time that depends only on their lengths, not on where they differ.
     * Arrays of different lengths are unequal (their lengths are not secret).
     */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        return constantTimeEquals(a, 0, b, 0, a.length);
    }

    /** Compares {@code a[aOffset, aOffset + length)} and {@code b[bOffset, bOffset + length)}. */
    public static boolean constantTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        Objects.checkFromIndexSize(aOffset, length, a.length);
        Objects.checkFromIndexSize(bOffset, length, b.length);
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOffset + i] ^ b[bOffset + i];
        }
        return diff == 0;
    }

    /** Returns {@code length} bytes from the shared {@link SecureRandom}. */
    public static byte[] random(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    /** Fills {@code dst[offset, offset + length)} with bytes from the shared {@link SecureRandom}. */
    public static void random(byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (offset == 0 && length == dst.length) {
            RANDOM.nextBytes(dst);
        } else {
            byte[] tmp = random(length);
            System.arraycopy(tmp, 0, dst, offset, length);
        }
    }

    /** A uniformly random int from the shared {@link SecureRandom} (for nospam values and the like). */
    public static int randomInt() {
        return RANDOM.nextInt();
    }

    /** Overwrites the array with zeros; null is ignored. */
    public static void wipe(byte[] data) {
        if (data != null) {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    static SecureRandom secureRandom() {
        return RANDOM;
    }
}
