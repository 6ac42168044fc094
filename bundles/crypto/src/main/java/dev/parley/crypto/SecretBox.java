package dev.parley.crypto;

import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * A symmetric key for {@code crypto_secretbox} (XSalsa20-Poly1305), c-toxcore's
 * {@code encrypt_data_symmetric} / {@code decrypt_data_symmetric} with a key that is not a
 * Diffie-Hellman result, such as the cookie key or a key derived from a passphrase.
 *
 * <p>A ciphertext is {@code MAC(16) || encrypted plaintext}, 16 bytes longer than the plaintext.
 * Instances are thread-safe; the offset-taking methods allocate nothing for the result and are
 * meant for packet paths. Input and output ranges may overlap (in-place is allowed).
 */
public final class SecretBox implements Destroyable {

    /** Length of a key in bytes. */
    public static final int KEY_SIZE = 32;
    /** Length of the Poly1305 tag that precedes every ciphertext. */
    public static final int MAC_SIZE = 16;

    private final Cipher cipher;

    private SecretBox(byte[] key, int offset) {
        this.cipher = new Cipher(key, offset);
    }

    /** A new random key (c-toxcore's {@code new_symmetric_key}). */
    public static SecretBox generate() {
        byte[] key = Bytes.random(KEY_SIZE);
        try {
            return new SecretBox(key, 0);
        } finally {
            Bytes.wipe(key);
        }
    }

    /**
     * A key from 32 bytes, which are copied; the caller may wipe its array afterwards.
     *
     * @throws IllegalArgumentException if the array is not 32 bytes long
     */
    public static SecretBox of(byte[] key) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("a secretbox key has " + KEY_SIZE + " bytes, not " + key.length);
        }
        return new SecretBox(key, 0);
    }

    /** A key from {@code data[offset, offset + 32)}, which is copied. */
    public static SecretBox of(byte[] data, int offset) {
        Objects.checkFromIndexSize(offset, KEY_SIZE, data.length);
        return new SecretBox(data, offset);
    }

    /** Encrypts {@code plain}; the result is {@code plain.length + 16} bytes. */
    public byte[] seal(Nonce nonce, byte[] plain) {
        return cipher.seal(nonce, plain);
    }

    /**
     * Encrypts {@code in[inOffset, inOffset + length)} into
     * {@code out[outOffset, outOffset + length + 16)}, with the nonce read from
     * {@code nonce[nonceOffset, nonceOffset + 24)}.
     *
     * @return the number of bytes written, {@code length + 16}
     * @throws IndexOutOfBoundsException if a range does not fit its array
     */
    public int seal(byte[] nonce, int nonceOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        return cipher.seal(nonce, nonceOffset, in, inOffset, length, out, outOffset);
    }

    /**
     * Verifies and decrypts {@code cipher}.
     *
     * @return the plaintext, or empty if the ciphertext is shorter than 16 bytes or fails
     *     authentication (wrong key, wrong nonce, or altered bytes)
     */
    public Optional<byte[]> open(Nonce nonce, byte[] cipher) {
        return this.cipher.open(nonce, cipher);
    }

    /**
     * Verifies and decrypts {@code in[inOffset, inOffset + length)} into
     * {@code out[outOffset, outOffset + length - 16)}. On failure {@code out} is left untouched.
     *
     * @return the plaintext length, or -1 if {@code length < 16} or authentication failed
     * @throws IndexOutOfBoundsException if a range does not fit its array
     */
    public int open(byte[] nonce, int nonceOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        return cipher.open(nonce, nonceOffset, in, inOffset, length, out, outOffset);
    }

    /** Zeroes the key; afterwards every operation throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        cipher.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return cipher.isDestroyed();
    }

    @Override
    public String toString() {
        return "SecretBox[" + (isDestroyed() ? "destroyed" : "key hidden") + "]";
    }
}
