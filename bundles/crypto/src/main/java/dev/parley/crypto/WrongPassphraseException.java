package dev.parley.crypto;

/**
 * Thrown by {@link PassphraseEncryption#decrypt(byte[], char[])} when data cannot be decrypted.
 * {@link #reason()} separates a wrong passphrase from data that is not an encrypted save at all;
 * the message is meant for the user.
 *
 * <p>Authentication cannot tell a wrong passphrase from altered ciphertext bytes, so
 * {@link Reason#WRONG_PASSPHRASE} covers both.
 */
public final class WrongPassphraseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why decryption failed. */
    public enum Reason {
        /** The passphrase is wrong, or the encrypted bytes were altered. */
        WRONG_PASSPHRASE,
        /** The data does not start with the {@code toxEsave} magic: it is not encrypted this way. */
        NOT_ENCRYPTED,
        /** The data starts with the magic but is too short to hold salt, nonce, tag and content. */
        TRUNCATED
    }

    private final Reason reason;

    WrongPassphraseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why decryption failed. */
    public Reason reason() {
        return reason;
    }
}
