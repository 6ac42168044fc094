package dev.parley.api.profile;

/** A user's availability, as Tox carries it (c-toxcore's {@code TOX_USER_STATUS}). */
public enum UserStatus {
    /** Available (c-toxcore: NONE). */
    ONLINE,
    AWAY,
    BUSY
}
