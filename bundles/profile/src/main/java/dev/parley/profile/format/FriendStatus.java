package dev.parley.profile.format;

/** The status byte of a saved friend (c-toxcore {@code FRIEND_*}). */
public enum FriendStatus {
    /** 0: an unused slot; c-toxcore skips such records when loading. */
    NOT_A_FRIEND,
    /** 1: added with a friend request that has not been sent yet. */
    ADDED,
    /** 2: friend request sent, not yet accepted. */
    REQUEST_SENT,
    /** 3: confirmed friend. c-toxcore saves every confirmed friend with this status. */
    CONFIRMED,
    /** 4: confirmed friend that was online; not written by c-toxcore (saved as 3). */
    ONLINE;

    /** The status of a code, or null when undefined. */
    public static FriendStatus fromCode(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }

    public int code() {
        return ordinal();
    }

    /** Whether c-toxcore treats a record with this status as a friend rather than a pending request. */
    public boolean isConfirmed() {
        return this == CONFIRMED || this == ONLINE;
    }
}
