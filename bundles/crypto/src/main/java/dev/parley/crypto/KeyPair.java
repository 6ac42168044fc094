package dev.parley.crypto;

import dev.parley.crypto.internal.Curve25519;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * An X25519 key pair as libsodium's {@code crypto_box_keypair} makes it: 32 random secret bytes
 * and the public key derived from them.
 *
 * <p>The secret key never leaves this package except through
 * {@link #writeSecretKey(byte[], int)}, which exists only to write the save file. Use
 * {@link SharedKey#precompute(KeyPair, byte[])} for encryption with a peer.
 */
public final class KeyPair implements Destroyable {

    /** Length of the secret key in bytes. */
    public static final int SECRET_KEY_SIZE = 32;
    /** Length of the public key in bytes. */
    public static final int PUBLIC_KEY_SIZE = PublicKeys.SIZE;

    private final byte[] secretKey;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    private KeyPair(byte[] secretKey) {
        this.secretKey = secretKey;
        this.publicKey = new byte[PUBLIC_KEY_SIZE];
        Curve25519.publicKey(secretKey, publicKey);
    }

    /** A new key pair from {@link java.security.SecureRandom}. */
    public static KeyPair generate() {
        return new KeyPair(Bytes.random(SECRET_KEY_SIZE));
    }

    /**
     * The key pair of a stored secret key; the bytes are copied and the public key derived.
     *
     * @throws IllegalArgumentException if the array is not 32 bytes long
     */
    public static KeyPair fromSecretKey(byte[] secretKey32) {
        if (secretKey32.length != SECRET_KEY_SIZE) {
            throw new IllegalArgumentException(
                    "a secret key has " + SECRET_KEY_SIZE + " bytes, not " + secretKey32.length);
        }
        return new KeyPair(secretKey32.clone());
    }

    /** The public key, a new 32-byte array. Still available after {@link #destroy()}. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Writes the public key to {@code dst[offset, offset + 32)}. */
    public void writePublicKey(byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, PUBLIC_KEY_SIZE, dst.length);
        System.arraycopy(publicKey, 0, dst, offset, PUBLIC_KEY_SIZE);
    }

    /**
     * Writes the secret key to {@code dst[offset, offset + 32)}. Only for writing save files;
     * wipe the buffer when it is no longer needed.
     *
     * @throws IllegalStateException if the key pair has been destroyed
     */
    public void writeSecretKey(byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, SECRET_KEY_SIZE, dst.length);
        System.arraycopy(secretKeyForInternalUse(), 0, dst, offset, SECRET_KEY_SIZE);
    }

    byte[] secretKeyForInternalUse() {
        if (destroyed) {
            throw new IllegalStateException("the key pair has been destroyed");
        }
        return secretKey;
    }

    /** Zeroes the secret key; the public key stays readable. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(secretKey, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Shows the public key only. */
    @Override
    public String toString() {
        return "KeyPair[public=" + HexFormat.of().withUpperCase().formatHex(publicKey)
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
