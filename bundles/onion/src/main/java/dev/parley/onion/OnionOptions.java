package dev.parley.onion;

import java.util.function.LongSupplier;

/**
 * Settings of a node's onion.
 *
 * @param tickMillis how often the client's periodic work runs
 * @param serve whether to serve as onion hop and announce node for others
 * @param wallClockMillis wall-clock time in milliseconds, for the no-replay counter of our DHT-key
 *     announcements, which must keep growing across restarts (the loop's clock starts afresh with
 *     each run; c-toxcore uses Unix time there too)
 */
public record OnionOptions(long tickMillis, boolean serve, LongSupplier wallClockMillis) {

    public OnionOptions(long tickMillis, boolean serve) {
        this(tickMillis, serve, System::currentTimeMillis);
    }

    public static OnionOptions defaults() {
        return new OnionOptions(500, true);
    }
}
