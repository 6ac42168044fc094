package dev.parley.profile;

/**
 * Base of the checked exceptions raised for the content of a profile: damaged data, a missing or
 * wrong passphrase, or a refused save. Plain I/O failures are reported as {@link java.io.IOException}
 * instead.
 */
public class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
