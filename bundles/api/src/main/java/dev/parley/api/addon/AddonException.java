package dev.parley.api.addon;

/** An add-on operation that could not be done; the message says why, in one line. */
public class AddonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AddonException(String message) {
        super(message);
    }

    public AddonException(String message, Throwable cause) {
        super(message, cause);
    }
}
