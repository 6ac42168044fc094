package dev.parley.api.account;

/** Why a profile could not be created, imported or opened; {@link #reason()} says which case. */
public final class AccountException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The cases a user interface tells apart. */
    public enum Reason {
        /** The profile is encrypted and no password was given. */
        PASSWORD_REQUIRED,
        /** The password does not open the profile. */
        WRONG_PASSWORD,
        /** The file is not a Tox save or is damaged. */
        DAMAGED,
        /** No profile of that name. */
        NOT_FOUND,
        /** A profile of that name exists already. */
        EXISTS,
        /** Not a usable profile name (empty, path separators, leading dot, control characters). */
        INVALID_NAME,
        /** Reading or writing failed. */
        IO
    }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AccountException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
