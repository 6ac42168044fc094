package dev.parley.crypto.internal;

import static dev.parley.crypto.internal.Salsa20.INT_LE;

/**
 * One-shot Poly1305 (RFC 8439 section 2.5) with the accumulator in five 26-bit limbs held in
 * longs, so every product fits in 64 bits without carries between multiplications.
 */
public final class Poly1305 {

    private static final long M26 = 0x3ffffffL;

    private Poly1305() {
    }

    /**
     * Computes the tag of {@code msg[off, off + len)} under the one-time key whose first half
     * ({@code r}) is {@code key[0..3]} and second half ({@code s}) is {@code key[4..7]}, as
     * little-endian words. The tag is returned as four little-endian words in {@code tag}.
     */
    public static void mac(int[] key, byte[] msg, int off, int len, int[] tag) {
        final long k0 = key[0] & 0xffffffffL;
        final long k1 = key[1] & 0xffffffffL;
        final long k2 = key[2] & 0xffffffffL;
        final long k3 = key[3] & 0xffffffffL;
        // r with the clamping of the spec folded into the masks
        final long r0 = k0 & 0x3ffffffL;
        final long r1 = ((k0 >>> 26) | (k1 << 6)) & 0x3ffff03L;
        final long r2 = ((k1 >>> 20) | (k2 << 12)) & 0x3ffc0ffL;
        final long r3 = ((k2 >>> 14) | (k3 << 18)) & 0x3f03fffL;
        final long r4 = (k3 >>> 8) & 0x00fffffL;
        final long s1 = r1 * 5;
        final long s2 = r2 * 5;
        final long s3 = r3 * 5;
        final long s4 = r4 * 5;

        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        long h3 = 0;
        long h4 = 0;

        // Full blocks straight from the message, then, if the length is not a multiple of 16, one
        // more pass over a padded copy of the tail: message bytes, a 1 byte, zeros, and no 2^128 bit.
        byte[] src = msg;
        int p = off;
        int end = off + (len & ~15);
        long hibit = 1L << 24;
        while (true) {
            for (; p < end; p += 16) {
                final int m0 = (int) INT_LE.get(src, p);
                final int m1 = (int) INT_LE.get(src, p + 4);
                final int m2 = (int) INT_LE.get(src, p + 8);
                final int m3 = (int) INT_LE.get(src, p + 12);
                h0 += m0 & 0x3ffffff;
                h1 += ((m0 >>> 26) | (m1 << 6)) & 0x3ffffff;
                h2 += ((m1 >>> 20) | (m2 << 12)) & 0x3ffffff;
                h3 += ((m2 >>> 14) | (m3 << 18)) & 0x3ffffff;
                h4 += (m3 >>> 8) | hibit;

                final long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
                long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
                long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
                long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
                long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

                h0 = d0 & M26;
                d1 += d0 >>> 26;
                h1 = d1 & M26;
                d2 += d1 >>> 26;
                h2 = d2 & M26;
                d3 += d2 >>> 26;
                h3 = d3 & M26;
                d4 += d3 >>> 26;
                h4 = d4 & M26;
                h0 += (d4 >>> 26) * 5;
                h1 += h0 >>> 26;
                h0 &= M26;
            }
            final int rest = len & 15;
            if (src != msg || rest == 0) {
                break;
            }
            byte[] last = new byte[16];
            System.arraycopy(msg, end, last, 0, rest);
            last[rest] = 1;
            src = last;
            p = 0;
            end = 16;
            hibit = 0;
        }

        // full carry
        long c = h1 >>> 26;
        h1 &= M26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= M26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= M26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= M26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= M26;
        h1 += c;

        // g = h + 5 - 2^130; keep g if it did not go negative (h >= p)
        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= M26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= M26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= M26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= M26;
        final long g4 = h4 + c - (1L << 26);
        final long useG = (g4 >>> 63) - 1; // all ones when g4 >= 0
        h0 = (h0 & ~useG) | (g0 & useG);
        h1 = (h1 & ~useG) | (g1 & useG);
        h2 = (h2 & ~useG) | (g2 & useG);
        h3 = (h3 & ~useG) | (g3 & useG);
        h4 = (h4 & ~useG) | (g4 & useG);

        // h mod 2^128, plus s
        final long w0 = (h0 | (h1 << 26)) & 0xffffffffL;
        final long w1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
        final long w2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
        final long w3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
        long f = w0 + (key[4] & 0xffffffffL);
        tag[0] = (int) f;
        f = w1 + (key[5] & 0xffffffffL) + (f >>> 32);
        tag[1] = (int) f;
        f = w2 + (key[6] & 0xffffffffL) + (f >>> 32);
        tag[2] = (int) f;
        f = w3 + (key[7] & 0xffffffffL) + (f >>> 32);
        tag[3] = (int) f;
    }
}
