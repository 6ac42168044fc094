package dev.parley.crypto;

import dev.parley.crypto.internal.Salsa20;
import dev.parley.crypto.internal.XSalsa20Poly1305;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** The key schedule and argument checks shared by {@link SharedKey} and {@link SecretBox}. */
final class Cipher {

    private final int[] key;
    private volatile boolean destroyed;

    Cipher(byte[] key32, int offset) {
        this.key = Salsa20.keyWords(key32, offset);
    }

    /** Takes {@code words} (8 little-endian key words) as the key itself, without a copy. */
    Cipher(int[] words) {
        if (words.length != 8) {
            throw new IllegalArgumentException("a key has 8 words, not " + words.length);
        }
        this.key = words;
    }

    int[] key() {
        if (destroyed) {
            throw new IllegalStateException("the key has been destroyed");
        }
        return key;
    }

    void destroy() {
        destroyed = true;
        Arrays.fill(key, 0);
    }

    boolean isDestroyed() {
        return destroyed;
    }

    byte[] seal(Nonce nonce, byte[] plain) {
        byte[] out = new byte[plain.length + SecretBox.MAC_SIZE];
        XSalsa20Poly1305.seal(key(), nonce.array(), 0, plain, 0, plain.length, out, 0);
        return out;
    }

    int seal(byte[] nonce, int nonceOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(nonceOffset, Nonce.SIZE, nonce.length);
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(outOffset, length + SecretBox.MAC_SIZE, out.length);
        XSalsa20Poly1305.seal(key(), nonce, nonceOffset, in, inOffset, length, out, outOffset);
        return length + SecretBox.MAC_SIZE;
    }

    Optional<byte[]> open(Nonce nonce, byte[] cipher) {
        if (cipher.length < SecretBox.MAC_SIZE) {
            return Optional.empty();
        }
        byte[] out = new byte[cipher.length - SecretBox.MAC_SIZE];
        if (!XSalsa20Poly1305.open(key(), nonce.array(), 0, cipher, 0, cipher.length, out, 0)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    int open(byte[] nonce, int nonceOffset, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(nonceOffset, Nonce.SIZE, nonce.length);
        Objects.checkFromIndexSize(inOffset, length, in.length);
        if (length < SecretBox.MAC_SIZE) {
            return -1;
        }
        Objects.checkFromIndexSize(outOffset, length - SecretBox.MAC_SIZE, out.length);
        if (!XSalsa20Poly1305.open(key(), nonce, nonceOffset, in, inOffset, length, out, outOffset)) {
            return -1;
        }
        return length - SecretBox.MAC_SIZE;
    }
}
