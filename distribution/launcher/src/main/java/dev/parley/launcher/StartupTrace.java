package dev.parley.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceListener;

/**
 * Where the start-up time goes, for measuring launch time: with {@code PARLEY_STARTUP_TRACE=1}
 * in the environment (or {@code -Dparley.startup.trace=true}) the launcher prints one line per
 * step to its error stream: the wall-clock milliseconds since the process started, the CPU
 * milliseconds the process has used so far (more telling than wall time on a busy machine), and
 * what happened: its own steps, every bundle resolved and started, and every service registered.
 * Off by default; then every method does nothing.
 */
final class StartupTrace {

    static final StartupTrace OFF = new StartupTrace(null, 0);

    private final PrintStream out;
    /** {@link System#nanoTime()} at the moment the process started. */
    private final long origin;

    private StartupTrace(PrintStream out, long origin) {
        this.out = out;
        this.origin = origin;
    }

    /** A trace to {@code out} when the environment or a system property asks for one. */
    static StartupTrace fromEnvironment(PrintStream out) {
        boolean on = "1".equals(System.getenv("PARLEY_STARTUP_TRACE")) || Boolean.getBoolean("parley.startup.trace");
        if (!on) {
            return OFF;
        }
        return new StartupTrace(out, System.nanoTime() - processAgeMillis() * 1_000_000);
    }

    /**
     * How long ago this process started, to 10 ms: Linux's uptime less the process's start time
     * in clock ticks (100 a second). ProcessHandle's start instant is no good here: it is built on
     * the boot time in whole seconds.
     */
    private static long processAgeMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]); // field 22, counted from the state (field 3)
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return Math.max(0, Math.round(uptime * 1000) - startTicks * 10);
        } catch (IOException | RuntimeException notLinux) {
            return ProcessHandle.current().info().startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(0L);
        }
    }

    boolean on() {
        return out != null;
    }

    /** Prints one step. */
    void mark(String what) {
        if (out == null) {
            return;
        }
        long wall = (System.nanoTime() - origin) / 1_000_000;
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        out.println("parley-trace " + wall + " ms (cpu " + cpu + " ms) " + what);
    }

    /** Follows the framework's bundles and services from now on. */
    void follow(BundleContext context) {
        if (out == null) {
            return;
        }
        context.addBundleListener((SynchronousBundleListener) event -> {
            String kind = switch (event.getType()) {
                case BundleEvent.RESOLVED -> "resolved";
                case BundleEvent.STARTING -> "starting";
                case BundleEvent.STARTED -> "started";
                default -> null;
            };
            if (kind != null) {
                Bundle bundle = event.getBundle();
                mark("bundle " + kind + ": " + bundle.getSymbolicName());
            }
        });
        context.addServiceListener((ServiceListener) event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                Object classes = event.getServiceReference().getProperty(Constants.OBJECTCLASS);
                mark("service: " + (classes instanceof String[] names ? Arrays.toString(names) : classes)
                        + " by " + event.getServiceReference().getBundle().getSymbolicName());
            }
        });
    }
}
