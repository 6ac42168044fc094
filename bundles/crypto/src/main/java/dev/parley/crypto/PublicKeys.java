package dev.parley.crypto;

import java.util.Objects;

/** Helpers for 32-byte X25519 public keys as they appear on the wire. */
public final class PublicKeys {

    /** Length of a public key in bytes. */
    public static final int SIZE = 32;

    private PublicKeys() {
    }

    /**
     * The validity check c-toxcore applies to public keys received from the network
     * ({@code public_key_valid}): the top bit of the last byte must be clear, since an X25519
     * coordinate is below 2^255. Keys of the wrong length are invalid.
     */
    public static boolean isValid(byte[] publicKey) {
        return publicKey != null && publicKey.length == SIZE && (publicKey[SIZE - 1] & 0x80) == 0;
    }

    /** Like {@link #isValid(byte[])} for the key at {@code data[offset, offset + 32)}. */
    public static boolean isValid(byte[] data, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, data.length);
        return (data[offset + SIZE - 1] & 0x80) == 0;
    }
}
