package dev.parley.net;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The real event loop: one daemon thread and {@link System#nanoTime()} as its clock. A task that
 * throws is logged and the loop goes on; one bad packet must not stop a node.
 */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadEventLoop.class.getName());

    private final ScheduledExecutorService executor;
    private volatile Thread thread;
    private final long origin = System.nanoTime();

    public ThreadEventLoop(String name) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public long nowMillis() {
        // Offset so that a fresh loop never reports 0, which protocol code reads as "never".
        return (System.nanoTime() - origin) / 1_000_000L + 1_000_000L;
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guard(task));
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(guard(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | AssertionError e) {
                LOG.log(Level.WARNING, "event loop task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
