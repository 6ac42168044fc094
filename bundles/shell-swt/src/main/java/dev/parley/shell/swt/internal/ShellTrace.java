package dev.parley.shell.swt.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The window's steps for the launcher's start-up trace ({@code PARLEY_STARTUP_TRACE=1} or
 * {@code -Dparley.startup.trace=true}): one line per step on the error stream, with the
 * milliseconds since the JVM started, the CPU milliseconds the calling thread has used and, on
 * Linux, the milliseconds it has waited for a CPU while ready to run (so a slow step shows whether
 * the thread worked, waited for a core, or waited for something else).
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
                + Thread.currentThread().getName() + " cpu " + cpu + " ms" + runQueueWait() + ")");
    }

    /** ", waited for a CPU N ms" from the kernel's scheduler statistics, or "" where there are none. */
    private static String runQueueWait() {
        try {
            String[] fields = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
            return ", waited for a CPU " + Long.parseLong(fields[1]) / 1_000_000 + " ms";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
