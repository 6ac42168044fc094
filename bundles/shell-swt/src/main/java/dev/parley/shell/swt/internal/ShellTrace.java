package dev.parley.shell.swt.internal;

import java.lang.management.ManagementFactory;

/**
 * The window's steps for the launcher's start-up trace ({@code PARLEY_STARTUP_TRACE=1} or
 * {@code -Dparley.startup.trace=true}): one line per step on the error stream, with the
 * milliseconds since the JVM started and the CPU milliseconds the calling thread has used.
 * Off by default; then {@link #mark} does nothing.
 */
final class ShellTrace {
    private static final boolean ON = "1".equals(System.getenv("PARLEY_STARTUP_TRACE"))
            || Boolean.getBoolean("parley.startup.trace");

    private ShellTrace() {
    }

    static void mark(String what) {
        if (!ON) {
            return;
        }
        long wall = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        System.err.println("parley-trace window: " + what + " (" + wall + " ms since the JVM started; thread "
                + Thread.currentThread().getName() + " cpu " + cpu + " ms)");
    }
}
