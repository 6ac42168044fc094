package dev.parley.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** SHA-256 and SHA-512 (libsodium's {@code crypto_hash_sha256} and {@code crypto_hash_sha512}). */
public final class Hashes {

    /** Length of a SHA-256 digest in bytes. */
    public static final int SHA256_SIZE = 32;
    /** Length of a SHA-512 digest in bytes. */
    public static final int SHA512_SIZE = 64;

    private Hashes() {
    }

    /** SHA-256 of the whole array. */
    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /** SHA-256 of {@code data[offset, offset + length)}. */
    public static byte[] sha256(byte[] data, int offset, int length) {
        return digest("SHA-256", data, offset, length);
    }

    /** SHA-512 of the whole array. */
    public static byte[] sha512(byte[] data) {
        return sha512(data, 0, data.length);
    }

    /** SHA-512 of {@code data[offset, offset + length)}. */
    public static byte[] sha512(byte[] data, int offset, int length) {
        return digest("SHA-512", data, offset, length);
    }

    private static byte[] digest(String algorithm, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + algorithm, e);
        }
        md.update(data, offset, length);
        return md.digest();
    }
}
