package dev.parley.crypto.internal;

import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 via Bouncy Castle and the NaCl {@code crypto_box_beforenm} built on it. */
public final class Curve25519 {

    private static final byte[] ZERO16 = new byte[16];

    private Curve25519() {
    }

    /** {@code crypto_scalarmult_base}: the public key of a 32-byte secret key. */
    public static void publicKey(byte[] secretKey, byte[] out) {
        X25519.scalarMultBase(secretKey, 0, out, 0);
    }

    /**
     * {@code crypto_scalarmult}: writes X25519(secretKey, publicKey) to {@code out}.
     *
     * @return false if the result is all zeros (a low-order public key), as libsodium does
     */
    public static boolean scalarMult(byte[] secretKey, byte[] publicKey, int publicKeyOffset, byte[] out) {
        X25519.scalarMult(secretKey, 0, publicKey, publicKeyOffset, out, 0);
        int acc = 0;
        for (int i = 0; i < 32; i++) {
            acc |= out[i];
        }
        return acc != 0;
    }

    /**
     * {@code crypto_box_beforenm}: HSalsa20 of the X25519 shared secret with 16 zero bytes, as the
     * 8 little-endian key words the Salsa20 code takes.
     *
     * <p>The words go straight from HSalsa20 to the caller: no byte array in between. The earlier
     * version wrote them into a fresh 32-byte array with an int VarHandle and read them back the
     * same way; OpenJDK 17.0.15's C2, with all of that inlined into one caller, compiled it into
     * code that returned all-zero keys (docs/BENCHMARKS.md).
     *
     * @return false (and {@code out} untouched) if the shared secret is all zeros
     */
    public static boolean beforenm(byte[] secretKey, byte[] publicKey, int publicKeyOffset, int[] out) {
        byte[] shared = new byte[32];
        int[] k = null;
        try {
            if (!scalarMult(secretKey, publicKey, publicKeyOffset, shared)) {
                return false;
            }
            k = Salsa20.keyWords(shared, 0);
            Salsa20.hsalsa20(k, ZERO16, 0, out);
            return true;
        } finally {
            java.util.Arrays.fill(shared, (byte) 0);
            if (k != null) {
                java.util.Arrays.fill(k, 0);
            }
        }
    }
}
