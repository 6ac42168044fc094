package dev.parley.crypto;

import dev.parley.crypto.internal.Curve25519;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * The precomputed {@code crypto_box} key for one peer: {@code crypto_box_beforenm}, i.e.
 * HSalsa20 of the X25519 shared secret with a zero input. c-toxcore calls this
 * {@code encrypt_precompute} and uses it with {@code encrypt_data_symmetric}; sealing and opening
 * here are {@code crypto_box_easy_afternm} / {@code crypto_box_open_easy_afternm}.
 *
 * <p>Compute it once per peer and keep it. Both sides derive the same key, so a packet sealed
 * by one opens with the other's {@code SharedKey}. Instances are thread-safe; the
 * offset-taking methods are meant for packet paths and allocate nothing for the result.
 * Input and output ranges may overlap (in-place is allowed).
 */
public final class SharedKey implements Destroyable {

    /** Length of the precomputed key in bytes. */
    public static final int SIZE = 32;

    private final Cipher cipher;

    private SharedKey(int[] keyWords) {
        this.cipher = new Cipher(keyWords);
    }

    /**
     * {@code crypto_box_beforenm(peerPublicKey, own.secretKey)}.
     *
     * @return the key, or empty if the peer's key is a low-order point that makes the X25519
     *     result all zeros (libsodium refuses those too)
     * @throws IllegalArgumentException if {@code peerPublicKey} is not 32 bytes
     * @throws IllegalStateException if {@code own} has been destroyed
     */
    public static Optional<SharedKey> precompute(KeyPair own, byte[] peerPublicKey) {
        if (peerPublicKey.length != PublicKeys.SIZE) {
            throw new IllegalArgumentException("a public key has 32 bytes, not " + peerPublicKey.length);
        }
        return precompute(own, peerPublicKey, 0);
    }

    /** Like {@link #precompute(KeyPair, byte[])} with the peer's key at {@code data[offset, offset + 32)}. */
    public static Optional<SharedKey> precompute(KeyPair own, byte[] data, int offset) {
        Objects.checkFromIndexSize(offset, PublicKeys.SIZE, data.length);
        // The key words become the SharedKey's own key: nothing to copy or wipe here.
        int[] k = new int[SIZE / 4];
        if (!Curve25519.beforenm(own.secretKeyForInternalUse(), data, offset, k)) {
            return Optional.empty();
        }
        return Optional.of(new SharedKey(k));
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
        return "SharedKey[" + (isDestroyed() ? "destroyed" : "key hidden") + "]";
    }
}
