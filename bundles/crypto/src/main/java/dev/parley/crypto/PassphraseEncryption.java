package dev.parley.crypto;

import dev.parley.crypto.internal.XSalsa20Poly1305;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * c-toxcore's {@code toxencryptsave} format, used for passphrase-protected save files.
 *
 * <p>Layout: {@code "toxEsave"(8) || salt(32) || nonce(24) || MAC(16) || encrypted data}. The
 * key is scrypt (libsodium's {@code crypto_pwhash_scryptsalsa208sha256} with twice
 * {@code OPSLIMIT_INTERACTIVE} and {@code MEMLIMIT_INTERACTIVE}, which libsodium turns into
 * N = 2^14, r = 8, p = 2) of the SHA-256 of the passphrase, with the salt; the data is sealed
 * with {@code crypto_secretbox} under that key and the nonce.
 *
 * <p>The passphrase is encoded as UTF-8, which is what Tox clients pass to c-toxcore.
 * Key derivation takes tens of milliseconds and 16 MiB of memory by design.
 */
public final class PassphraseEncryption {

    /** How many bytes encryption adds: magic(8) + salt(32) + nonce(24) + MAC(16). */
    public static final int EXTRA_LENGTH = 80;

    static final byte[] MAGIC = "toxEsave".getBytes(StandardCharsets.US_ASCII);
    static final int SALT_LENGTH = 32;
    static final int SCRYPT_N = 1 << 14;
    static final int SCRYPT_R = 8;
    static final int SCRYPT_P = 2;

    private static final int SALT_OFFSET = MAGIC.length;
    private static final int NONCE_OFFSET = SALT_OFFSET + SALT_LENGTH;
    private static final int BOX_OFFSET = NONCE_OFFSET + Nonce.SIZE;

    private PassphraseEncryption() {
    }

    /**
     * Whether {@code data} starts with the {@code toxEsave} magic, i.e. is (supposedly) an
     * encrypted save. Short arrays are simply not encrypted.
     */
    public static boolean isEncrypted(byte[] data) {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Encrypts {@code plain} under {@code passphrase} with a fresh random salt and nonce.
     *
     * @return {@code plain.length + 80} bytes
     * @throws IllegalArgumentException if {@code plain} is empty (c-toxcore neither writes nor
     *     reads an empty payload) or the passphrase is not valid UTF-16 (a lone surrogate)
     */
    public static byte[] encrypt(byte[] plain, char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (plain.length == 0) {
            throw new IllegalArgumentException("c-toxcore cannot store empty data encrypted");
        }
        byte[] salt = Bytes.random(SALT_LENGTH);
        Nonce nonce = Nonce.random();
        byte[] out = new byte[plain.length + EXTRA_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(salt, 0, out, SALT_OFFSET, SALT_LENGTH);
        nonce.writeTo(out, NONCE_OFFSET);
        SecretBox box = deriveKey(passphrase, out, SALT_OFFSET);
        try {
            box.seal(out, NONCE_OFFSET, plain, 0, plain.length, out, BOX_OFFSET);
        } finally {
            box.destroy();
        }
        return out;
    }

    /**
     * Decrypts data made by {@link #encrypt} or c-toxcore's {@code tox_pass_encrypt}.
     *
     * @throws WrongPassphraseException with reason {@code WRONG_PASSPHRASE} if the passphrase is
     *     wrong or the data was altered, {@code NOT_ENCRYPTED} if the magic is missing, and
     *     {@code TRUNCATED} if the data is too short
     */
    public static byte[] decrypt(byte[] data, char[] passphrase) throws WrongPassphraseException {
        Objects.requireNonNull(passphrase, "passphrase");
        if (!isEncrypted(data)) {
            throw new WrongPassphraseException(WrongPassphraseException.Reason.NOT_ENCRYPTED,
                    "the data is not an encrypted Tox save (it does not start with \"toxEsave\")");
        }
        if (data.length <= EXTRA_LENGTH) {
            throw new WrongPassphraseException(WrongPassphraseException.Reason.TRUNCATED,
                    "the encrypted Tox save is cut short: it has " + data.length
                            + " bytes, but header and tag alone take " + EXTRA_LENGTH);
        }
        byte[] plain = new byte[data.length - EXTRA_LENGTH];
        SecretBox box = deriveKey(passphrase, data, SALT_OFFSET);
        try {
            if (box.open(data, NONCE_OFFSET, data, BOX_OFFSET, data.length - BOX_OFFSET, plain, 0) < 0) {
                throw new WrongPassphraseException(WrongPassphraseException.Reason.WRONG_PASSPHRASE,
                        "wrong passphrase, or the encrypted save is damaged");
            }
        } finally {
            box.destroy();
        }
        return plain;
    }

    /** SHA-256 of the UTF-8 passphrase, then scrypt with the salt at {@code data[saltOffset]}. */
    static SecretBox deriveKey(char[] passphrase, byte[] data, int saltOffset) {
        byte[] utf8 = utf8(passphrase);
        byte[] passKey = Hashes.sha256(utf8);
        Bytes.wipe(utf8);
        byte[] salt = Arrays.copyOfRange(data, saltOffset, saltOffset + SALT_LENGTH);
        byte[] key = SCrypt.generate(passKey, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, XSalsa20Poly1305.KEY_SIZE);
        Bytes.wipe(passKey);
        try {
            return SecretBox.of(key);
        } finally {
            Bytes.wipe(key);
        }
    }

    private static byte[] utf8(char[] passphrase) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buf;
        try {
            buf = encoder.encode(CharBuffer.wrap(passphrase));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the passphrase is not valid text (a lone surrogate char)", e);
        }
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }
}
