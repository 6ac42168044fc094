package dev.parley.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The real event loop: one daemon thread and {@link System#nanoTime()} as its clock. A task that
 * throws is logged and the loop goes on; one bad packet must not stop a node.
 *
 * <p>Tasks from other threads go through a lock-free queue, and the loop's thread is unparked only
 * when it sleeps: a task handed over while the loop is busy costs no wake-up, and the thread that
 * hands it over never waits for a lock the loop holds (a node's loop takes a task from the socket
 * thread and one from the api caller per message). Timers live in a heap that only the loop's
 * thread touches.
 */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadEventLoop.class.getName());
    /** Most queued tasks run in a row before due timers get their turn. */
    private static final int BATCH = 256;

    private final Thread thread;
    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Loop thread only: ties between timers due at the same time go by scheduling order. */
    private long timerSequence;
    private volatile boolean sleeping;
    private volatile boolean shutdown;
    private volatile boolean terminated;
    /** Set when close gave up waiting: the loop stops after the task it is in. */
    private volatile boolean abandoned;

    public ThreadEventLoop(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long nowMillis() {
        // Offset so that a fresh loop never reports 0, which protocol code reads as "never".
        return (System.nanoTime() - origin) / 1_000_000L + 1_000_000L;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            return;
        }
        tasks.add(task);
        // Read after the add: either the loop sees the task before it parks, or we see it asleep.
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        if (shutdown) {
            return () -> { };
        }
        Timer t = new Timer(task, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)));
        if (inLoop()) {
            add(t);
        } else {
            execute(() -> add(t));
        }
        return t;
    }

    private void add(Timer t) {
        if (!t.cancelled) {
            t.sequence = timerSequence++;
            timers.add(t);
        }
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (!abandoned) {
                runDueTimers();
                Runnable task;
                int n = 0;
                while (n < BATCH && !abandoned && (task = tasks.poll()) != null) {
                    guarded(task);
                    n++;
                }
                if (n > 0) {
                    continue;
                }
                if (shutdown) {
                    return; // queue empty: what was queued before close has run
                }
                long wait = 0;
                Timer next = timers.peek();
                if (next != null) {
                    wait = next.due - System.nanoTime();
                    if (wait <= 0) {
                        continue;
                    }
                }
                sleeping = true;
                if (tasks.isEmpty() && !shutdown) {
                    if (next == null) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, wait);
                    }
                }
                sleeping = false;
                Thread.interrupted(); // tasks must not find a stale interrupt (NIO would close sockets)
            }
        } finally {
            timers.clear();
            tasks.clear();
            terminated = true;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.due - now <= 0) {
            timers.poll();
            if (!t.cancelled) {
                guarded(t.task);
            }
            if (shutdown) {
                return;
            }
        }
    }

    /**
     * Diagnostics: tasks that take more than this many microseconds of the loop thread's CPU are
     * logged with their class (system property {@code parley.loop.slowTaskMicros}; 0, the default:
     * off). Long tasks on the loop delay every packet behind them.
     */
    private static final long SLOW_TASK_MICROS = Long.getLong("parley.loop.slowTaskMicros", 0);

    /**
     * Diagnostics: tasks that keep a loop for longer than this many microseconds of wall time are
     * kept, with their start and CPU time, in a ring of the last few thousand over all loops of the
     * JVM ({@link #traced}; system property {@code parley.loop.traceMicros}; 0, the default: off).
     * A benchmark reads it to tell what its slowest round trips waited for.
     */
    private static final long TRACE_NANOS = Long.getLong("parley.loop.traceMicros", 0) * 1000;
    private static final TracedTask[] TRACE = new TracedTask[TRACE_NANOS > 0 ? 8192 : 0];
    private static final AtomicLong TRACE_NEXT = new AtomicLong();

    /** A task that kept its loop for long: wall and CPU time in ns, start in {@link System#nanoTime()}. */
    public record TracedTask(String loop, String task, long startNanos, long wallNanos, long cpuNanos) {
    }

    /**
     * The traced tasks (see {@code parley.loop.traceMicros}) that ran, at least partly, between two
     * {@link System#nanoTime()} readings; empty when tracing is off.
     */
    public static List<TracedTask> traced(long fromNanos, long toNanos) {
        List<TracedTask> out = new ArrayList<>();
        for (TracedTask t : TRACE) {
            if (t != null && t.startNanos() - toNanos <= 0 && t.startNanos() + t.wallNanos() - fromNanos >= 0) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(TracedTask::startNanos));
        return out;
    }

    private void guarded(Runnable task) {
        if (SLOW_TASK_MICROS > 0 || TRACE_NANOS > 0) {
            measured(task);
            return;
        }
        try {
            task.run();
        } catch (Throwable e) { // NOPMD: a task's Error must not end the node's only thread either
            LOG.log(Level.WARNING, "event loop task failed", e);
        }
    }

    /** As guarded, for the diagnostics: the slow-task log and the trace. */
    private void measured(Runnable task) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            task.run();
        } catch (Throwable e) { // NOPMD: as in guarded
            LOG.log(Level.WARNING, "event loop task failed", e);
        }
        long wall = System.nanoTime() - start;
        long usedCpu = mx.getCurrentThreadCpuTime() - cpu;
        if (TRACE_NANOS > 0 && wall > TRACE_NANOS) {
            TRACE[(int) (TRACE_NEXT.getAndIncrement() % TRACE.length)] = new TracedTask(thread.getName(),
                    String.valueOf(task), start, wall, usedCpu);
        }
        if (SLOW_TASK_MICROS > 0 && usedCpu / 1000 > SLOW_TASK_MICROS) {
            LOG.warning(() -> thread.getName() + ": slow task " + task + " " + usedCpu / 1000
                    + " us CPU, " + wall / 1000 + " us");
        }
    }

    /** A delayed task; cancelling leaves it in the heap until it is due (then it is skipped). */
    private static final class Timer implements Cancellable, Comparable<Timer> {
        final Runnable task;
        final long due;
        long sequence;
        volatile boolean cancelled;

        Timer(Runnable task, long due) {
            this.task = task;
            this.due = due;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            long d = due - o.due;
            return d != 0 ? Long.signum(d) : Long.compare(sequence, o.sequence);
        }
    }

    @Override
    public void close() {
        // Drops what is scheduled for later; what is queued to run now still runs. No interrupt
        // unless a task hangs: sockets (NIO channels) written from the loop's thread are closed
        // by an interrupt that reaches it while it writes, and a socket may outlive this loop
        // (the transport bundle's).
        shutdown = true;
        LockSupport.unpark(thread);
        if (inLoop()) {
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            synchronized (this) {
                while (!terminated) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        abandoned = true;
                        thread.interrupt();
                        return;
                    }
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            abandoned = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
