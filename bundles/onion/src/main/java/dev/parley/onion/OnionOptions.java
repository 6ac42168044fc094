package dev.parley.onion;

/**
 * Settings of a node's onion.
 *
 * @param tickMillis how often the client's periodic work runs
 * @param serve whether to serve as onion hop and announce node for others
 */
public record OnionOptions(long tickMillis, boolean serve) {
    public static OnionOptions defaults() {
        return new OnionOptions(500, true);
    }
}
