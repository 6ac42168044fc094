package dev.parley.net;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * An event loop on virtual time for tests and simulations. Nothing runs until the test advances
 * time with {@link #runFor} or {@link #runUntil}; the calling thread then is the loop thread.
 * Ties are broken by submission order, so a run is deterministic; the seeded {@link #random()} is
 * there for everything else a simulation needs to draw.
 */
public final class VirtualEventLoop implements EventLoop {

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable body;
        boolean cancelled;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Random random;
    private long now;
    private long seq;
    private long executed;
    private Thread runner;

    public VirtualEventLoop(long seed) {
        this.random = new Random(seed);
        // Start well above zero: protocol code treats timestamp 0 as "never".
        this.now = 1_000_000L;
    }

    /** The deterministic random source of this simulation. */
    public Random random() {
        return random;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + Math.max(0, delayMillis), seq++, task);
        queue.add(t);
        return t;
    }

    @Override
    public boolean inLoop() {
        return runner == null || runner == Thread.currentThread();
    }

    /** Runs every task due within the next {@code millis} and leaves the clock at the end. */
    public void runFor(long millis) {
        runUntilTime(now + millis);
    }

    /** Runs tasks in order until {@code end} (virtual ms); the clock ends there. */
    public void runUntilTime(long end) {
        runner = Thread.currentThread();
        try {
            while (!queue.isEmpty() && queue.peek().due <= end) {
                step();
            }
            now = Math.max(now, end);
        } finally {
            runner = null;
        }
    }

    /**
     * Runs until {@code condition} holds (checked after each task) or {@code maxMillis} of virtual
     * time passed.
     *
     * @return whether the condition holds
     */
    public boolean runUntil(java.util.function.BooleanSupplier condition, long maxMillis) {
        long end = now + maxMillis;
        runner = Thread.currentThread();
        try {
            while (!condition.getAsBoolean()) {
                if (queue.isEmpty() || queue.peek().due > end) {
                    now = end;
                    return condition.getAsBoolean();
                }
                step();
            }
            return true;
        } finally {
            runner = null;
        }
    }

    private void step() {
        Task t = queue.poll();
        now = Math.max(now, t.due);
        if (!t.cancelled) {
            executed++;
            t.body.run();
        }
    }

    /** How many tasks have run so far. */
    public long executedTasks() {
        return executed;
    }

    /** How many tasks are waiting. */
    public int pendingTasks() {
        return queue.size();
    }
}
