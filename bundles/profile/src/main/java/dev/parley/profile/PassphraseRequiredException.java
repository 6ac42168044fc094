package dev.parley.profile;

/** The save is encrypted (it starts with {@code toxEsave}) and no passphrase was given. */
public class PassphraseRequiredException extends ProfileException {
    private static final long serialVersionUID = 1L;

    public PassphraseRequiredException(String message) {
        super(message);
    }
}
