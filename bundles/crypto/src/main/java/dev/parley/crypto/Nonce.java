package dev.parley.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 24-byte XSalsa20 nonce. Immutable; {@link #increment()} and {@link #plus(long)} return new
 * nonces. Arithmetic treats the nonce as one 192-bit big-endian number that wraps around, which
 * is what c-toxcore's {@code increment_nonce} and {@code increment_nonce_number} do.
 */
public final class Nonce {

    /** Length of a nonce in bytes. */
    public static final int SIZE = 24;

    private final byte[] bytes;

    private Nonce(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A nonce of random bytes (c-toxcore's {@code random_nonce}). */
    public static Nonce random() {
        return new Nonce(Bytes.random(SIZE));
    }

    /** The all-zero nonce. */
    public static Nonce zero() {
        return new Nonce(new byte[SIZE]);
    }

    /**
     * A nonce from 24 bytes (copied).
     *
     * @throws IllegalArgumentException if the array is not 24 bytes long
     */
    public static Nonce of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a nonce has " + SIZE + " bytes, not " + bytes.length);
        }
        return new Nonce(bytes.clone());
    }

    /** Reads a nonce from {@code data[offset, offset + 24)}. */
    public static Nonce read(byte[] data, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, data.length);
        return new Nonce(Arrays.copyOfRange(data, offset, offset + SIZE));
    }

    /** This nonce plus one. */
    public Nonce increment() {
        byte[] b = bytes.clone();
        int carry = 1;
        for (int i = SIZE - 1; i >= 0; i--) {
            carry += b[i] & 0xff;
            b[i] = (byte) carry;
            carry >>>= 8;
        }
        return new Nonce(b);
    }

    /**
     * This nonce plus {@code n}. c-toxcore's {@code increment_nonce_number} takes a 32-bit
     * count; any non-negative long is accepted here.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Nonce plus(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative nonce increment: " + n);
        }
        byte[] b = bytes.clone();
        int carry = 0;
        for (int i = SIZE - 1; i >= 0; i--) {
            int add = i >= SIZE - 8 ? (int) (n >>> ((SIZE - 1 - i) * 8)) & 0xff : 0;
            carry += (b[i] & 0xff) + add;
            b[i] = (byte) carry;
            carry >>>= 8;
        }
        return new Nonce(b);
    }

    /** The 24 bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 24 bytes to {@code dst[offset, offset + 24)}. */
    public void writeTo(byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, dst.length);
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    byte[] array() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nonce && Arrays.equals(bytes, ((Nonce) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** 48 lowercase hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
