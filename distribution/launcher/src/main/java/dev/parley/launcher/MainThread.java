package dev.parley.launcher;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * The process's main thread, lent to the bundles. Some toolkits want their event loop on the
 * thread that started the process (SWT on GTK prefers it, on macOS it is required), and the
 * launcher has nothing else to do with that thread while the framework runs. So the launcher
 * publishes this as a {@link Executor} service with the property {@value #PROPERTY}={@value #VALUE};
 * a task given to it runs on the main thread, one after the other, until the framework stops.
 * The interface is {@code java.util.concurrent.Executor}, which every bundle sees, so the
 * launcher and the bundles share no package.
 */
final class MainThread implements Executor {

    /** The service property that marks this executor. */
    static final String PROPERTY = "parley.thread";
    static final String VALUE = "main";

    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final PrintStream log;
    private volatile boolean stopped;

    MainThread(PrintStream log) {
        this.log = log;
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            throw new RejectedExecutionException("the framework is stopping");
        }
        tasks.add(task);
    }

    /** Ends {@link #runTasks} after the task running now (if any). */
    void stop() {
        stopped = true;
        tasks.add(STOP);
    }

    /** Runs the tasks given to {@link #execute} on the calling thread until {@link #stop}. */
    void runTasks() throws InterruptedException {
        while (true) {
            Runnable task = tasks.take();
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.println("parley: a task on the main thread failed: " + e);
                e.printStackTrace(log);
            }
        }
    }
}
