package dev.parley.profile.format;

/** c-toxcore {@code Userstatus}: the availability shown to friends. */
public enum UserStatus {
    NONE, AWAY, BUSY;

    /** The status for a stored byte; values c-toxcore does not define read as {@link #NONE}. */
    public static UserStatus fromCode(int code) {
        return code >= 0 && code < values().length ? values()[code] : NONE;
    }

    public int code() {
        return ordinal();
    }
}
