package dev.parley.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The single thread that owns all protocol state of one node, and its clock. Tasks run one at a
 * time in submission order (scheduled tasks by due time, then submission order), so protocol code
 * needs no locks. Calls from other threads hop onto the loop with {@link #execute} or
 * {@link #call}.
 */
public interface EventLoop extends Clock {

    /** Runs {@code task} on the loop as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delayMillis} of this loop's clock. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** True when the calling thread is this loop's thread. */
    boolean inLoop();

    /** Runs {@code task} every {@code periodMillis}, first after one period. */
    default Cancellable every(long periodMillis, Runnable task) {
        final class Repeat implements Runnable, Cancellable {
            private volatile boolean cancelled;
            private volatile Cancellable next;

            @Override
            public void run() {
                if (cancelled) {
                    return;
                }
                // Schedule first so a throwing task does not stop the timer.
                next = schedule(this, periodMillis);
                task.run();
            }

            @Override
            public String toString() {
                return "every " + periodMillis + " ms: " + task.getClass().getName();
            }

            @Override
            public void cancel() {
                cancelled = true;
                Cancellable n = next;
                if (n != null) {
                    n.cancel();
                }
            }
        }
        Repeat r = new Repeat();
        r.next = schedule(r, periodMillis);
        return r;
    }

    /** Computes {@code work} on the loop and completes the stage with its result there. */
    default <T> CompletionStage<T> call(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
