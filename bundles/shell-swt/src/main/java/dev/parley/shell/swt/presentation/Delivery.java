package dev.parley.shell.swt.presentation;

/** Where an outgoing message is; incoming messages are {@link #RECEIVED}. */
public enum Delivery {
    /** Queued: the friend is offline; it goes when they come online. */
    PENDING,
    /** Handed to the friend's connection, no receipt yet. */
    SENT,
    /** The friend's client confirmed it. */
    DELIVERED,
    RECEIVED;

    /** The small mark a chat shows next to the time. */
    public String mark() {
        return switch (this) {
            case PENDING -> "\u25F7";   // clock
            case SENT -> "\u2713";      // one tick
            case DELIVERED -> "\u2713\u2713";
            case RECEIVED -> "";
        };
    }

    public String describe() {
        return switch (this) {
            case PENDING -> "pending";
            case SENT -> "sent";
            case DELIVERED -> "delivered";
            case RECEIVED -> "received";
        };
    }
}
