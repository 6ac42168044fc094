package dev.parley.launcher;

/** A feature cannot be read or started; the message says which part and why. */
public final class FeatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FeatureException(String message) {
        super(message);
    }

    FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
