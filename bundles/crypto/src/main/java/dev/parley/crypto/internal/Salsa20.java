package dev.parley.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Salsa20/20 core, HSalsa20, and the XSalsa20 stream XOR.
 *
 * <p>State layout (Bernstein, "Salsa20 specification"): words 0, 5, 10, 15 hold the constant
 * "expand 32-byte k"; 1..4 and 11..14 the key; 6, 7 the nonce; 8, 9 the 64-bit block counter
 * (low word first). Everything is little endian.
 */
public final class Salsa20 {

    static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static final int C0 = 0x61707865;
    static final int C1 = 0x3320646e;
    static final int C2 = 0x79622d32;
    static final int C3 = 0x6b206574;

    private Salsa20() {
    }

    /** Reads 8 little-endian key words from 32 bytes. */
    public static int[] keyWords(byte[] key, int offset) {
        int[] k = new int[8];
        // Plain shifts, not INT_LE: reading back through the int VarHandle what had just been
        // written into a fresh array the same way was part of the code that OpenJDK 17.0.15's C2
        // compiled into all-zero shared keys (docs/BENCHMARKS.md).
        for (int i = 0; i < 8; i++) {
            int p = offset + 4 * i;
            k[i] = (key[p] & 0xff) | (key[p + 1] & 0xff) << 8 | (key[p + 2] & 0xff) << 16 | key[p + 3] << 24;
        }
        return k;
    }

    /**
     * HSalsa20: 20 rounds over (key, 16 input bytes) without the final addition; the result is
     * words 0, 5, 10, 15, 6, 7, 8, 9 of the state, written as 8 words to {@code out}.
     */
    public static void hsalsa20(int[] key, byte[] in, int inOffset, int[] out) {
        int x0 = C0;
        int x1 = key[0];
        int x2 = key[1];
        int x3 = key[2];
        int x4 = key[3];
        int x5 = C1;
        int x6 = (int) INT_LE.get(in, inOffset);
        int x7 = (int) INT_LE.get(in, inOffset + 4);
        int x8 = (int) INT_LE.get(in, inOffset + 8);
        int x9 = (int) INT_LE.get(in, inOffset + 12);
        int x10 = C2;
        int x11 = key[4];
        int x12 = key[5];
        int x13 = key[6];
        int x14 = key[7];
        int x15 = C3;
        for (int i = 0; i < 10; i++) {
            // columns
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // rows
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        out[0] = x0;
        out[1] = x5;
        out[2] = x10;
        out[3] = x15;
        out[4] = x6;
        out[5] = x7;
        out[6] = x8;
        out[7] = x9;
    }

    /**
     * One Salsa20/20 block: the keystream words for block {@code counter} of (key, nonce words n0,
     * n1), written to {@code out[0..15]}.
     */
    static void block(int[] key, int n0, int n1, long counter, int[] out) {
        final int j1 = key[0];
        final int j2 = key[1];
        final int j3 = key[2];
        final int j4 = key[3];
        final int j8 = (int) counter;
        final int j9 = (int) (counter >>> 32);
        final int j11 = key[4];
        final int j12 = key[5];
        final int j13 = key[6];
        final int j14 = key[7];
        int x0 = C0;
        int x1 = j1;
        int x2 = j2;
        int x3 = j3;
        int x4 = j4;
        int x5 = C1;
        int x6 = n0;
        int x7 = n1;
        int x8 = j8;
        int x9 = j9;
        int x10 = C2;
        int x11 = j11;
        int x12 = j12;
        int x13 = j13;
        int x14 = j14;
        int x15 = C3;
        for (int i = 0; i < 10; i++) {
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        out[0] = x0 + C0;
        out[1] = x1 + j1;
        out[2] = x2 + j2;
        out[3] = x3 + j3;
        out[4] = x4 + j4;
        out[5] = x5 + C1;
        out[6] = x6 + n0;
        out[7] = x7 + n1;
        out[8] = x8 + j8;
        out[9] = x9 + j9;
        out[10] = x10 + C2;
        out[11] = x11 + j11;
        out[12] = x12 + j12;
        out[13] = x13 + j13;
        out[14] = x14 + j14;
        out[15] = x15 + C3;
    }

    /**
     * XORs 64 bytes of {@code in} with keystream block {@code counter} into {@code out}; the
     * keystream goes straight from registers into the output without a scratch array.
     */
    static void xorBlock(int[] key, int n0, int n1, long counter, byte[] in, int inOff, byte[] out, int outOff) {
        final int j1 = key[0];
        final int j2 = key[1];
        final int j3 = key[2];
        final int j4 = key[3];
        final int j8 = (int) counter;
        final int j9 = (int) (counter >>> 32);
        final int j11 = key[4];
        final int j12 = key[5];
        final int j13 = key[6];
        final int j14 = key[7];
        int x0 = C0;
        int x1 = j1;
        int x2 = j2;
        int x3 = j3;
        int x4 = j4;
        int x5 = C1;
        int x6 = n0;
        int x7 = n1;
        int x8 = j8;
        int x9 = j9;
        int x10 = C2;
        int x11 = j11;
        int x12 = j12;
        int x13 = j13;
        int x14 = j14;
        int x15 = C3;
        for (int i = 0; i < 10; i++) {
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        INT_LE.set(out, outOff + 0, (int) INT_LE.get(in, inOff + 0) ^ (x0 + C0));
        INT_LE.set(out, outOff + 4, (int) INT_LE.get(in, inOff + 4) ^ (x1 + j1));
        INT_LE.set(out, outOff + 8, (int) INT_LE.get(in, inOff + 8) ^ (x2 + j2));
        INT_LE.set(out, outOff + 12, (int) INT_LE.get(in, inOff + 12) ^ (x3 + j3));
        INT_LE.set(out, outOff + 16, (int) INT_LE.get(in, inOff + 16) ^ (x4 + j4));
        INT_LE.set(out, outOff + 20, (int) INT_LE.get(in, inOff + 20) ^ (x5 + C1));
        INT_LE.set(out, outOff + 24, (int) INT_LE.get(in, inOff + 24) ^ (x6 + n0));
        INT_LE.set(out, outOff + 28, (int) INT_LE.get(in, inOff + 28) ^ (x7 + n1));
        INT_LE.set(out, outOff + 32, (int) INT_LE.get(in, inOff + 32) ^ (x8 + j8));
        INT_LE.set(out, outOff + 36, (int) INT_LE.get(in, inOff + 36) ^ (x9 + j9));
        INT_LE.set(out, outOff + 40, (int) INT_LE.get(in, inOff + 40) ^ (x10 + C2));
        INT_LE.set(out, outOff + 44, (int) INT_LE.get(in, inOff + 44) ^ (x11 + j11));
        INT_LE.set(out, outOff + 48, (int) INT_LE.get(in, inOff + 48) ^ (x12 + j12));
        INT_LE.set(out, outOff + 52, (int) INT_LE.get(in, inOff + 52) ^ (x13 + j13));
        INT_LE.set(out, outOff + 56, (int) INT_LE.get(in, inOff + 56) ^ (x14 + j14));
        INT_LE.set(out, outOff + 60, (int) INT_LE.get(in, inOff + 60) ^ (x15 + C3));
    }
}
