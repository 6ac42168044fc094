package dev.parley.net;

/** Monotonic time in milliseconds. Protocol code reads time only from here, never from the system. */
@FunctionalInterface
public interface Clock {
    long nowMillis();
}
