package dev.parley.net;

import java.util.concurrent.ScheduledThreadPoolExecutor;
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

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;
    private final long origin = System.nanoTime();

    public ThreadEventLoop(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // Closing drops what is scheduled for later; what is queued to run now still runs.
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        // No interrupt unless a task hangs: sockets (NIO channels) written from the loop's thread
        // are closed by an interrupt that reaches it while it writes, and a socket may outlive
        // this loop (the transport bundle's).
        executor.shutdown();
        if (inLoop()) {
            return;
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
