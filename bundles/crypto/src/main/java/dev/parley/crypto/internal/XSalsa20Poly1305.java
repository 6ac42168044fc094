package dev.parley.crypto.internal;

import static dev.parley.crypto.internal.Salsa20.INT_LE;

import java.util.Arrays;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20 + Poly1305) in libsodium's combined "easy" layout:
 * {@code tag(16) || ciphertext}. The first 32 keystream bytes of block 0 are the Poly1305 key,
 * the plaintext is XORed with the keystream from byte 32 on, and the tag covers the ciphertext.
 *
 * <p>All methods are stateless and thread-safe. Input and output may be the same array; when
 * the regions overlap such that a forward pass would overwrite unread input, the input is first
 * copied.
 */
public final class XSalsa20Poly1305 {

    public static final int KEY_SIZE = 32;
    public static final int NONCE_SIZE = 24;
    public static final int TAG_SIZE = 16;

    private XSalsa20Poly1305() {
    }

    /**
     * Encrypts {@code in[inOff, inOff + len)} to {@code out[outOff, outOff + len + 16)}.
     *
     * @param key the key as 8 little-endian words
     */
    public static void seal(int[] key, byte[] nonce, int nonceOff, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        if (in == out && overlapsBadly(inOff, outOff + TAG_SIZE, len)) {
            in = Arrays.copyOfRange(in, inOff, inOff + len);
            inOff = 0;
        }
        final int[] sub = new int[8];
        final int[] ks = new int[16];
        Salsa20.hsalsa20(key, nonce, nonceOff, sub);
        final int n0 = (int) INT_LE.get(nonce, nonceOff + 16);
        final int n1 = (int) INT_LE.get(nonce, nonceOff + 20);
        Salsa20.block(sub, n0, n1, 0, ks);
        final int[] tag = new int[4];
        final int[] polyKey = Arrays.copyOf(ks, 8);
        xor(sub, n0, n1, ks, in, inOff, out, outOff + TAG_SIZE, len);
        Poly1305.mac(polyKey, out, outOff + TAG_SIZE, len, tag);
        for (int i = 0; i < 4; i++) {
            INT_LE.set(out, outOff + 4 * i, tag[i]);
        }
        Arrays.fill(sub, 0);
        Arrays.fill(ks, 0);
        Arrays.fill(polyKey, 0);
    }

    /**
     * Verifies and decrypts {@code in[inOff, inOff + len)} (tag first) to
     * {@code out[outOff, outOff + len - 16)}. On failure nothing is written.
     *
     * @return whether the tag was valid; false also when {@code len < 16}
     */
    public static boolean open(int[] key, byte[] nonce, int nonceOff, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        if (len < TAG_SIZE) {
            return false;
        }
        final int[] sub = new int[8];
        final int[] ks = new int[16];
        Salsa20.hsalsa20(key, nonce, nonceOff, sub);
        final int n0 = (int) INT_LE.get(nonce, nonceOff + 16);
        final int n1 = (int) INT_LE.get(nonce, nonceOff + 20);
        Salsa20.block(sub, n0, n1, 0, ks);
        final int[] tag = new int[4];
        final int clen = len - TAG_SIZE;
        Poly1305.mac(ks, in, inOff + TAG_SIZE, clen, tag);
        int diff = 0;
        for (int i = 0; i < 4; i++) {
            diff |= tag[i] ^ (int) INT_LE.get(in, inOff + 4 * i);
        }
        if (diff != 0) {
            Arrays.fill(sub, 0);
            Arrays.fill(ks, 0);
            return false;
        }
        int src = inOff + TAG_SIZE;
        if (in == out && overlapsBadly(src, outOff, clen)) {
            in = Arrays.copyOfRange(in, src, src + clen);
            src = 0;
        }
        xor(sub, n0, n1, ks, in, src, out, outOff, clen);
        Arrays.fill(sub, 0);
        Arrays.fill(ks, 0);
        return true;
    }

    /** A forward pass in the same array is safe unless the output starts inside the unread input. */
    private static boolean overlapsBadly(int src, int dst, int len) {
        return dst > src && dst < src + len;
    }

    /**
     * XORs {@code len} bytes with the keystream starting at byte 32 of block 0; {@code ks} holds
     * block 0 on entry and is used as scratch.
     */
    private static void xor(int[] sub, int n0, int n1, int[] ks, byte[] in, int inOff, byte[] out,
            int outOff, int len) {
        final int first = Math.min(len, 32);
        int i = 0;
        for (; i + 4 <= first; i += 4) {
            INT_LE.set(out, outOff + i, (int) INT_LE.get(in, inOff + i) ^ ks[8 + (i >> 2)]);
        }
        for (; i < first; i++) {
            out[outOff + i] = (byte) (in[inOff + i] ^ (ks[8 + (i >> 2)] >>> ((i & 3) << 3)));
        }
        long counter = 1;
        int p = 32;
        while (p + 64 <= len) {
            Salsa20.xorBlock(sub, n0, n1, counter++, in, inOff + p, out, outOff + p);
            p += 64;
        }
        if (p < len) {
            Salsa20.block(sub, n0, n1, counter, ks);
            for (int j = 0; p + j < len; j++) {
                out[outOff + p + j] = (byte) (in[inOff + p + j] ^ (ks[j >> 2] >>> ((j & 3) << 3)));
            }
        }
    }
}
