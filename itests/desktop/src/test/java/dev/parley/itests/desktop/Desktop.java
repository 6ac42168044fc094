package dev.parley.itests.desktop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.TestHomes;
import dev.parley.launcher.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.widgets.Display;

/**
 * What the desktop tests share: their own Xvfb, a launcher home made from the built distribution,
 * and Parley launched in this JVM ({@link Main#run}) on a thread that becomes the window's thread.
 */
final class Desktop {
    private static Process xvfb;
    private static Process notifications;

    private Desktop() {
    }

    /** Starts Xvfb on {@code $DISPLAY} unless one serves it already. */
    static synchronized void startXvfb() throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && display.startsWith(":"), "DISPLAY must name a local display, e.g. :87");
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        if (Files.exists(socket) && Files.exists(Path.of("/tmp/.X" + display.substring(1) + "-lock"))) {
            return; // an Xvfb from an earlier run or test class still serves it
        }
        xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!xvfb.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Xvfb did not start on " + display + " (apt-get install xvfb; see .ci/setup)");
            }
            Thread.sleep(50);
        }
        // one Xvfb for every test class of this JVM; it goes with the JVM
        Process started = xvfb;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
    }

    /**
     * A session bus of the tests' own at {@code $DBUS_SESSION_BUS_ADDRESS} (set by the build, a
     * socket in target/), with a real notification server on it, dunst, drawing on the Xvfb
     * display; both live as long as this JVM. Parley's window finds them as it would a desktop's.
     */
    static synchronized void startNotificationServer() throws Exception {
        if (notifications != null) {
            return;
        }
        String address = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        assertTrue(address != null && address.startsWith("unix:path="),
                "DBUS_SESSION_BUS_ADDRESS must name a socket path, e.g. unix:path=/tmp/parley-bus");
        Path socket = Path.of(address.substring("unix:path=".length()));
        Files.deleteIfExists(socket); // a daemon of an earlier run has gone with its JVM
        Path config = socket.resolveSibling(socket.getFileName() + ".conf");
        // no service activation: only the dunst started here answers for the notifications
        Files.writeString(config, String.join("\n",
                "<busconfig>",
                "  <type>session</type>",
                "  <listen>unix:path=" + socket + "</listen>",
                "  <auth>EXTERNAL</auth>",
                "  <policy context=\"default\">",
                "    <allow send_destination=\"*\" eavesdrop=\"true\"/>",
                "    <allow eavesdrop=\"true\"/>",
                "    <allow own=\"*\"/>",
                "  </policy>",
                "</busconfig>", ""));
        Process bus = start("dbus-daemon (apt-get install dbus-daemon; see .ci/setup)",
                "dbus-daemon", "--nofork", "--nopidfile", "--config-file=" + config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            assertTrue(bus.isAlive() && System.nanoTime() < deadline, "dbus-daemon did not listen on " + socket);
            Thread.sleep(50);
        }
        Process dunst = start("dunst (apt-get install dunst; see .ci/setup)", "dunst");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dunst.destroy();
            bus.destroy();
        }));
        while (!dunstctl("is-paused").equals("false")) {
            assertTrue(dunst.isAlive() && System.nanoTime() < deadline, "dunst did not come on the bus");
            Thread.sleep(50);
        }
        notifications = dunst;
    }

    /** {@code dunstctl} with these arguments: its output, trimmed ("" when it failed). */
    static String dunstctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("dunstctl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    /**
     * Waits until dunst shows a notification: its reply to Notify comes a main-loop pass before
     * the notification is on screen, and an action on an empty screen does nothing.
     */
    static void awaitDunstShowing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!dunstctl("count", "displayed").matches("[1-9][0-9]*")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dunst shows no notification within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50); // polling dunst; the deadline decides
        }
    }

    private static Process start(String what, String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + what, e);
        }
    }

    /** A launcher home: the built distribution's bundles and features, with our framework properties. */
    static Path home(Path dir) throws IOException {
        Path dist = distribution();
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createSymbolicLink(home.resolve("bundles"), dist.resolve("bundles"));
        Files.createSymbolicLink(home.resolve("features"), dist.resolve("features"));
        Files.createDirectories(home.resolve("addons"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/framework.properties"), String.join("\n",
                "# The test reaches the window's widgets: SWT comes from the test's class path.",
                "org.osgi.framework.bootdelegation=org.eclipse.swt,org.eclipse.swt.*",
                "org.osgi.framework.bundle.parent=app",
                ""));
        return home;
    }

    static Path distribution() {
        Path dist = Path.of(System.getProperty("parley.distribution")).toAbsolutePath();
        assertTrue(Files.isDirectory(dist.resolve("bundles")), "build the distribution first: " + dist);
        return dist;
    }

    /** A sample add-on jar of the distribution, by its file name's start. */
    static Path sample(String prefix) throws IOException {
        try (var files = Files.list(distribution().resolve("samples"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample " + prefix + " in the distribution"));
        }
    }

    /** Runs the launcher on a new thread, which becomes the window's thread. */
    static Thread launch(List<String> args, ByteArrayOutputStream log, CompletableFuture<Integer> exit) {
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try {
                exit.complete(Main.run(args.toArray(String[]::new), out, out));
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "parley-main");
        t.start();
        return t;
    }

    static Display awaitDisplay(Thread t, CompletableFuture<Integer> exit, ByteArrayOutputStream log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Display d = Display.findDisplay(t);
            if (d != null) {
                // the display registers itself before it is fully made: wait for the window
                boolean[] open = {false};
                try {
                    d.syncExec(() -> open[0] = d.getShells().length > 0);
                } catch (RuntimeException notYet) {
                    open[0] = false;
                }
                if (open[0]) {
                    return d;
                }
            }
            if (exit.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("no window: " + log.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }

    /** Launches Parley and waits for its window. */
    static Window open(List<String> args, ByteArrayOutputStream log, CompletableFuture<Integer> exit)
            throws InterruptedException {
        Thread t = launch(args, log, exit);
        return new Window(awaitDisplay(t, exit, log));
    }

    /** Closes the window (Parley stops) and checks that Parley exited cleanly. */
    static void close(Window w, CompletableFuture<Integer> exit, ByteArrayOutputStream log) throws Exception {
        w.run(() -> w.mainShell().close());
        int code = exit.get(20, TimeUnit.SECONDS);
        if (code != 0) {
            throw new AssertionError("Parley exited with " + code + ": " + log.toString(StandardCharsets.UTF_8));
        }
        // the bundle cache went to the test's XDG_CACHE_HOME (set by the build), not to ~/.cache
        assertTrue(TestHomes.assertRealCacheUntouched() > 0, "no bundle cache in " + TestHomes.cacheHome());
    }

    /** The contact list's row for a friend ({@code KEY|name|presence|unread|subtitle}), or "". */
    @SuppressWarnings("unchecked")
    static String row(Window w, String key) {
        for (String r : (List<String>) w.find("contacts").getData("parley.rows")) {
            if (r.startsWith(key + "|")) {
                return r;
            }
        }
        return "";
    }

    /** Where a friend is in the contact list. */
    @SuppressWarnings("unchecked")
    static int indexOf(Window w, String key) {
        List<String> rows = (List<String>) w.find("contacts").getData("parley.rows");
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).startsWith(key + "|")) {
                return i;
            }
        }
        throw new AssertionError("no row for " + key + " in " + rows);
    }
}
