package dev.parley.profile;

/**
 * The passphrase does not open the encrypted save. Authentication cannot tell a wrong passphrase
 * from altered encrypted bytes, so this may also mean the encrypted file is damaged. The cause is
 * the crypto layer's {@code dev.parley.crypto.WrongPassphraseException} when there is one.
 */
public class IncorrectPassphraseException extends ProfileException {
    private static final long serialVersionUID = 1L;

    public IncorrectPassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}
