package dev.parley.profile.format;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Array helpers shared by the records: copies, checks and hex. */
final class Bytes {
    static final int KEY_SIZE = 32;

    private Bytes() {
    }

    static long u32le(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    static long u32be(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }

    /** A copy of {@code b}, which must be non-null and exactly {@code size} bytes. */
    static byte[] exact(byte[] b, int size, String what) {
        if (b == null) {
            throw new NullPointerException(what);
        }
        if (b.length != size) {
            throw new IllegalArgumentException(what + " must be " + size + " bytes, not " + b.length);
        }
        return b.clone();
    }

    /** A copy of {@code b}, which must be non-null and at most {@code max} bytes. */
    static byte[] atMost(byte[] b, int max, String what) {
        if (b == null) {
            throw new NullPointerException(what);
        }
        if (b.length > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " bytes, not " + b.length);
        }
        return b.clone();
    }

    static int unsigned(int v, int bits, String what) {
        if (v < 0 || (bits < 31 && v >= 1 << bits)) {
            throw new IllegalArgumentException(what + " " + v + " does not fit in " + bits + " bits");
        }
        return v;
    }

    static long unsigned32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + v + " does not fit in 32 bits");
        }
        return v;
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    static <T> List<T> list(List<T> items, String what) {
        if (items == null) {
            throw new NullPointerException(what);
        }
        return List.copyOf(items);
    }

    static boolean eq(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static int hash(byte[] b) {
        return Arrays.hashCode(b);
    }
}
