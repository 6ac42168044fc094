package dev.parley.api.friends;

/** How a friend is connected right now. */
public enum Connection {
    NONE,
    /** A direct UDP path. */
    UDP,
    /** Through TCP relays. */
    TCP
}
