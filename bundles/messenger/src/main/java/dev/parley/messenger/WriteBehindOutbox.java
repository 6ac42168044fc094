package dev.parley.messenger;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link OutboxStore} that writes on a thread of its own, so that a slow disk never holds up
 * the thread delivering the Messenger's events (a file write there delayed the receipts behind it:
 * docs/BENCHMARKS.md, round-trip p99). {@link #store} only hands the queue over; a queue handed
 * over while an older one still waits replaces it, since each is the whole outbox. {@link #close}
 * writes what is waiting before it returns.
 */
public final class WriteBehindOutbox implements OutboxStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteBehindOutbox.class.getName());

    private final OutboxStore target;
    private final ExecutorService writer;
    private final AtomicReference<List<QueuedMessage>> waiting = new AtomicReference<>();

    /** Writes to {@code target} on a daemon thread named {@code threadName}. */
    public WriteBehindOutbox(OutboxStore target, String threadName) {
        this.target = target;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<QueuedMessage> load() {
        return target.load();
    }

    @Override
    public void store(List<QueuedMessage> messages) {
        if (waiting.getAndSet(messages) != null) {
            return; // the write already scheduled takes this newer queue
        }
        try {
            writer.execute(this::writeWaiting);
        } catch (RejectedExecutionException closed) {
            writeWaiting(); // after close: write on the caller's thread, nothing is lost
        }
    }

    private void writeWaiting() {
        List<QueuedMessage> messages = waiting.getAndSet(null);
        if (messages == null) {
            return;
        }
        try {
            target.store(messages);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "outbox: writing " + messages.size() + " queued messages failed: " + e.getMessage(), e);
        }
    }

    /** Writes the queue still waiting, if any, and stops the thread (waiting at most 5 s for it). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("outbox: the last write did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
