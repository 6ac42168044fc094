package dev.parley.launcher;

import java.io.PrintStream;
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

    static final StartupTrace OFF = new StartupTrace(null, null);

    private final PrintStream out;
    private final Instant processStart;

    private StartupTrace(PrintStream out, Instant processStart) {
        this.out = out;
        this.processStart = processStart;
    }

    /** A trace to {@code out} when the environment or a system property asks for one. */
    static StartupTrace fromEnvironment(PrintStream out) {
        boolean on = "1".equals(System.getenv("PARLEY_STARTUP_TRACE")) || Boolean.getBoolean("parley.startup.trace");
        if (!on) {
            return OFF;
        }
        Instant start = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return new StartupTrace(out, start);
    }

    boolean on() {
        return out != null;
    }

    /** Prints one step. */
    void mark(String what) {
        if (out == null) {
            return;
        }
        long wall = Duration.between(processStart, Instant.now()).toMillis();
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
