package dev.parley.net;

/** A scheduled task that may still be cancelled. */
@FunctionalInterface
public interface Cancellable {
    /** Cancels the task if it has not run yet; harmless otherwise. */
    void cancel();
}
