package dev.parley.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/** {@code bin/parley} and {@code bin/parley-node}: start Parley as a feature of bundles. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs Parley like {@link #main} but returns the exit code instead of exiting; the calling
     * thread becomes the "main thread" bundles may ask for (tests embed the desktop this way).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        StartupTrace trace = StartupTrace.fromEnvironment(err);
        trace.mark("launcher started");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("parley: " + e.getMessage() + " (try --help)");
            return 2;
        }
        if (options.help()) {
            out.print(usage(options.program()));
            return 0;
        }
        if (options.version()) {
            out.println(options.program() + " " + version());
            return 0;
        }
        FrameworkCache cache = null;
        boolean stopperOwnsCache = false;
        try {
            FeatureReader reader = new FeatureReader(options.home().resolve("features"));
            Feature feature = reader.read(options.console() && !options.feature().equals("console")
                    ? withConsole(options.feature()) : options.feature());
            trace.mark("feature " + feature.name() + " read");
            cache = openCache(options, feature, err);
            trace.mark(cache.reused() ? "bundle cache reused: " + cache.storage()
                    : "bundle cache " + (cache.persistent() ? "made: " : "(this process only): ") + cache.storage());
            FrameworkCache frameworkCache = cache;
            MainThread mainThread = new MainThread(err);
            Launch launch = new Launch(feature, options.home().resolve("bundles"),
                    frameworkProperties(options, cache.storage(), cache.reused()), err)
                    .beforeStart(context -> lend(context, mainThread))
                    .trace(trace);
            Framework framework = launch.prepare();
            // The bundles start on a thread of their own, so the main thread is free for a
            // desktop window as soon as its bundle starts, while the rest are still starting.
            AtomicReference<FeatureException> startFailure = new AtomicReference<>();
            Thread starter = new Thread(() -> {
                try {
                    launch.startBundles();
                    markComplete(frameworkCache, err);
                } catch (FeatureException e) {
                    startFailure.set(e); // the framework is stopped: the main thread comes back
                }
            }, "parley-start");
            starter.start();
            Thread stopper = new Thread(() -> {
                if (!launch.stop()) {
                    err.println("parley: did not stop within " + Launch.STOP_TIMEOUT_MILLIS / 1000 + " s");
                }
                frameworkCache.close();
            }, "parley-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            stopperOwnsCache = true;
            FrameworkEvent stopped = runMainThread(framework, mainThread);
            starter.join();
            stopperOwnsCache = !removeShutdownHook(stopper);
            if (startFailure.get() != null) {
                throw startFailure.get();
            }
            return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
        } catch (FeatureException e) {
            err.println(options.program() + ": " + e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println(options.program() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (cache != null && !stopperOwnsCache) {
                cache.close();
            }
        }
    }

    /**
     * The framework storage: the feature's shared bundle cache in the cache folder, or one of this
     * process only (in the cache folder when another instance holds the shared one, in the system's
     * temporary folder when there is no usable cache folder).
     */
    private static FrameworkCache openCache(Options options, Feature feature, PrintStream err) throws IOException {
        Path cacheRoot = options.cacheDir().orElseGet(Main::defaultCacheDir).toAbsolutePath();
        try {
            List<Path> files = new ArrayList<>(FrameworkCache.filesOf(options.home().resolve("lib")));
            Path bundles = options.home().resolve("bundles");
            for (Feature.FeatureBundle bundle : feature.bundles()) {
                Path file = bundles.resolve(bundle.id().bundleFileName());
                if (Files.isRegularFile(file)) { // a missing one is reported by Launch
                    files.add(file);
                }
            }
            return FrameworkCache.open(cacheRoot, feature.name(), files);
        } catch (IOException | RuntimeException e) {
            err.println(options.program() + ": no bundle cache in " + cacheRoot + " (" + e + "); starting without one");
            return FrameworkCache.systemTemporary();
        }
    }

    private static void markComplete(FrameworkCache cache, PrintStream err) {
        try {
            cache.markComplete();
        } catch (IOException e) {
            err.println("parley: cannot mark the bundle cache complete: " + e);
        }
    }

    /** {@code $XDG_CACHE_HOME/parley}, or {@code ~/.cache/parley}. */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("parley");
    }

    /**
     * Publishes the main thread as an {@link Executor} service ({@code parley.thread=main}) before
     * any bundle starts, so a desktop shell finds it when it activates.
     */
    private static void lend(BundleContext context, MainThread mainThread) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MainThread.PROPERTY, MainThread.VALUE);
        context.registerService(Executor.class, mainThread, properties);
    }

    /** Runs what the bundles give the main thread until the framework stops. */
    private static FrameworkEvent runMainThread(Framework framework, MainThread mainThread) throws InterruptedException {
        FrameworkEvent[] stopped = new FrameworkEvent[1];
        Thread waiter = new Thread(() -> {
            try {
                stopped[0] = framework.waitForStop(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                mainThread.stop();
            }
        }, "parley-wait-for-stop");
        waiter.setDaemon(true);
        waiter.start();
        mainThread.runTasks();
        waiter.join();
        return stopped[0] != null ? stopped[0] : framework.waitForStop(0);
    }

    /** A feature name for "this feature plus the console", resolved by {@link FeatureReader}. */
    private static String withConsole(String feature) {
        return feature + "+console";
    }

    static Map<String, String> frameworkProperties(Options options, Path storage, boolean reuseStorage) {
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", storage.toString());
        properties.put("org.osgi.framework.storage.clean", reuseStorage ? "none" : "onFirstInit");
        // Configurations live for one run, as before the bundle cache was kept: Config Admin must
        // not bring back the last run's (the profile opened last, say) from the reused storage.
        properties.put("felix.cm.pm", "memory");
        properties.put("felix.log.level", "1");
        // The add-on manager (bundle parley-addons) watches addons/: a jar dropped in starts, a
        // deleted one goes; console and shells install through the same manager.
        properties.put("parley.addons.dir", options.home().resolve("addons").toString());
        properties.put("gosh.args", options.console() ? "" : "--nointeractive");
        properties.put("gosh.home", options.home().toString());
        // What the runtime bundle publishes as the ParleyRuntime service.
        properties.put("parley.version", version());
        properties.put("parley.feature", options.feature());
        properties.put("parley.install.dir", options.home().toString());
        options.dataDir().ifPresent(dir -> properties.put("parley.data.dir", dir.toAbsolutePath().toString()));
        properties.put("parley.args", String.join("\u001f", options.applicationArguments()));
        properties.putAll(confProperties(options.home().resolve("conf").resolve("framework.properties")));
        return properties;
    }

    /** Site overrides from conf/framework.properties, if the file exists. */
    private static Map<String, String> confProperties(Path file) {
        Map<String, String> result = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    static String usage(String program) {
        String what = program.equals("parley-node")
                ? "Starts a headless Parley node with a console on standard input."
                : "Starts the Parley desktop messenger.";
        return String.join("\n",
                "Usage: " + program + " [options] [application options]",
                what,
                "",
                "Options:",
                "  --console          add the interactive Gogo console on standard input"
                        + (program.equals("parley-node") ? " (the default here)" : ""),
                "  --no-console       run without the console (for running as a service)",
                "  --data-dir DIR     keep profiles and settings in DIR (default: $XDG_DATA_HOME/parley)",
                "  --cache-dir DIR    keep the bundle cache in DIR (default: $XDG_CACHE_HOME/parley)",
                "  --feature NAME     start another feature from the features/ folder",
                "  -V, --version      print the version and exit",
                "  -h, --help         print this help and exit",
                "",
                program.equals("parley-node") ? nodeUsage() : "",
                "Add-ons: jars copied into the addons/ folder start at once and stop when removed;",
                "samples/ holds example add-ons. See also the addon:* console commands.",
                "Stop with Ctrl-C (or SIGTERM), or 'stop 0' at the console.",
                "");
    }

    /** The bootstrap node's own flags, which the launcher passes on to it (bundle parley-node). */
    private static String nodeUsage() {
        return String.join("\n",
                "Node options:",
                "  --config FILE      read settings from a JSON config file (example: conf/parley-node.json)",
                "  --keys FILE        the DHT key file, created with a new key pair if missing",
                "                     (default: parley-node.keys in the data folder)",
                "  --port N           the UDP port (default: the first free one of 33445-33545)",
                "  --bootstrap HOST:PORT:DHTKEY",
                "                     bootstrap from this node; repeatable; IPv6 as [::1]:33445:KEY",
                "  --nodes FILE       bootstrap from the nodes of a nodes JSON file (ipv4, ipv6, port, public_key)",
                "  --no-lan           no LAN discovery (it is off unless the config turns it on)",
                "  --ipv4-only        an IPv4 socket only, no IPv6",
                "  --events FILE      write events as JSON lines to FILE ('-' for standard output)",
                "  --motd TEXT        the message of the day for bootstrap info requests",
                "  --tcp-port N       also run a TCP relay on port N; repeatable (with --profile,",
                "                     friends are told of it and may reach the profile through it)",
                "  --profile FILE     also run as a Tox client with this .tox profile, created if missing",
                "                     (an encrypted one is opened with the passphrase in $PARLEY_PASSPHRASE)",
                "  --name NAME        the name of the profile --profile creates",
                "  --relay HOST:PORT:DHTKEY",
                "                     with --profile: use this TCP relay; repeatable",
                "  --no-udp           with --profile: no UDP; friends and the onion go through the --relay",
                "                     relays, --bootstrap nodes only serve as onion path nodes",
                "  --proxy socks5://HOST:PORT | http://HOST:PORT",
                "                     with --profile: every TCP relay connection goes through this proxy",
                "                     (SOCKS5 without authentication, or HTTP CONNECT; IPv6 as [::1]);",
                "                     only TCP is proxied, so add --no-udp to send nothing directly",
                "",
                "");
    }

    /** Removes the hook unless the JVM is already running it; says whether it was removed. */
    private static boolean removeShutdownHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            return false;
        }
    }
}
