package dev.parley.itests.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.launcher.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's desktop window as a person uses it, against c-toxcore. The distribution's desktop
 * feature runs in this JVM through the launcher ({@link Main#run}), whose calling thread becomes
 * the window's thread, on the X display of an Xvfb the test starts itself (inside the test
 * JVM's loopback-only network namespace, {@code -nolisten tcp}). The framework is told to take
 * SWT from the test's class path ({@code org.osgi.framework.bootdelegation}) so the test and the
 * window share SWT's classes and the test can reach the widgets; everything else is the product
 * as shipped.
 */
@ExtendWith(RigExtension.class)
class DesktopWindowIT {
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);
    @BeforeAll
    static void startXvfb() throws Exception {
        Desktop.startXvfb();
        Desktop.startNotificationServer();
    }

    /** Every installed c-toxcore version (0.2.18 and 0.2.20 on CI). */
    static List<String> versions() {
        List<String> v = Toxcore.versions();
        assertTrue(!v.isEmpty(), "no c-toxcore installed: run .ci/install-toxcore");
        return v;
    }

    static Path home(Path dir) throws IOException {
        return Desktop.home(dir);
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void aPersonChatsWithACToxcoreUser(String version, Rig rig) throws Exception {
        // one set of screenshots (the newest version's); both versions run the same steps
        Path shots = Path.of(System.getProperty("parley.screenshots", "target/screenshots"),
                version.equals(versions().get(versions().size() - 1)) ? "" : "c-toxcore-" + version);
        Path dir = Files.createTempDirectory(rig.dir(), "desktop-");
        // helpers for the DHT and the onion (c-toxcore peers know each other through the daemon)
        List<ToxPeer> helpers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            helpers.add(rig.peer(version, "helper" + i));
        }
        List<String> args = new ArrayList<>(List.of("--home", home(dir).toString(), "--data-dir",
                dir.resolve("data").toString(), "--no-console",
                "--bootstrap", "127.0.0.1:" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey()));
        for (ToxPeer h : helpers) {
            args.add("--bootstrap");
            args.add("127.0.0.1:" + h.udpPort() + ":" + h.dhtKey());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = launch(args, log, exit);
        try {
            Display display = awaitDisplay(t, exit, log);
            Window w = new Window(display);
            long t0 = System.nanoTime();

            // First run: create a profile
            w.await("create.name", T);
            w.screenshot(shots, "1-first-run");
            w.type("create.name", "Dana Parley");
            w.click("create");
            w.await("search", T);
            System.out.printf("[desktop] first run to main window: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            w.until("connected over UDP", () -> "Online · UDP".equals(w.find("self").getData("parley.connection")),
                    CONNECT);

            // My profile: our Tox ID
            w.mouseDown("self", 20, 20);
            String ourId = (String) w.data("profile.toxid", "parley.value");
            assertEquals(76, ourId.length(), ourId);
            w.screenshot(shots, "4-profile");

            // Add the c-toxcore peer by Tox ID, with the ID checked as typed
            ToxPeer c = rig.peer(version, "cpeer");
            w.click("addfriend");
            w.type("addfriend.id", c.address().substring(0, 50));
            assertEquals("Too short: 50 of 76 characters (26 missing).", w.text("addfriend.feedback"));
            String typo = c.address().substring(0, 10) + (c.address().charAt(10) == 'A' ? 'B' : 'A')
                    + c.address().substring(11);
            w.type("addfriend.id", typo);
            assertEquals("The checksum does not match: a character was mistyped or changed.", w.text("addfriend.feedback"));
            w.type("addfriend.id", c.address());
            assertEquals("✓ Valid Tox ID", w.text("addfriend.feedback"));
            w.type("addfriend.message", "Hi from Parley's window");
            w.screenshot(shots, "3-add-friend");
            w.click("addfriend.send");
            Event request = c.awaitEvent("request from Parley", e -> e.is("friend_request"), CONNECT);
            assertEquals("Hi from Parley's window", request.text("message"));
            int parleyOnC = c.acceptFriend(request.get("public_key"));
            String ck = c.publicKey();
            w.until("the peer shows online", () -> row(w, ck).contains("|online|"), CONNECT);

            // Messages both ways, delivered
            int index = w.ui(() -> indexOf(w, ck));
            w.mouseDown("contacts", 100, index * 64 + 20);
            w.type("input", "Hello from the Parley window ✓");
            w.key("input", SWT.CR, 0);
            Event got = c.awaitEvent("message from Parley", e -> e.is("friend_message"), T);
            assertEquals("Hello from the Parley window ✓", got.text("text"));
            w.until("our message delivered", () -> w.rows("chat").contains("OUT|DELIVERED|NORMAL|Hello from the Parley window ✓"), T);
            w.type("input", "/me waves");
            w.key("input", SWT.CR, 0);
            c.awaitEvent("action from Parley", e -> e.is("friend_message") && "action".equals(e.get("type")), T);
            c.sendMessage(parleyOnC, "Hi Dana! c-toxcore " + version + " here, see https://tox.chat");
            c.sendAction(parleyOnC, "smiles");
            w.until("their message shown", () -> w.rows("chat").contains(
                    "IN|RECEIVED|NORMAL|Hi Dana! c-toxcore " + version + " here, see https://tox.chat"), T);
            w.until("their action shown", () -> w.rows("chat").contains("IN|RECEIVED|ACTION|smiles"), T);
            w.until("both of ours delivered", () -> w.rows("chat").stream().filter(r -> r.startsWith("OUT|DELIVERED|")).count() == 2, T);
            // Real key presses (XTest) in the input: Shift+Enter breaks the line, Enter sends
            w.type("input", "first line");
            w.run(() -> {
                w.mainShell().forceActive();
                org.eclipse.swt.widgets.Text input = (org.eclipse.swt.widgets.Text) w.find("input");
                input.setFocus();
                input.setSelection(input.getText().length());
            });
            w.post(SWT.CR, SWT.SHIFT);
            w.until("Shift+Enter added a line", () -> w.text("input").equals("first line\n"), T);
            w.run(() -> ((org.eclipse.swt.widgets.Text) w.find("input")).append("second line"));
            int cm = c.mark();
            w.post(SWT.CR, 0);
            Event twoLines = c.awaitEventAfter(cm, "two lines from Parley", e -> e.is("friend_message"), T);
            assertEquals("first line\nsecond line", twoLines.text("text"));
            w.until("the input is empty again", () -> w.text("input").isEmpty(), T);
            c.setName("Cee");
            w.until("their name", () -> row(w, ck).contains("|Cee|"), T);
            w.screenshot(shots, "2-chat");

            // The window loses the focus (the toolkit's Deactivate event): a message that arrives
            // then is counted in the title and notified; clicking the notification brings the
            // chat back (the requests page is showing meanwhile); focus back clears the count
            w.click("requests");
            w.until("the chat is hidden behind the requests page", () -> w.find("input") == null, T);
            w.run(() -> w.mainShell().notifyListeners(SWT.Deactivate, new org.eclipse.swt.widgets.Event()));
            int notified = w.ui(() -> w.mainShell().getData("parley.notifications") instanceof Integer n ? n : 0);
            c.sendMessage(parleyOnC, "are you there?");
            w.until("the title counts the unread message", () -> w.mainShell().getText().equals("(1) Cee — Parley"), T);
            w.until("a notification was shown", () -> w.mainShell().getData("parley.notifications") instanceof Integer n
                    && n == notified + 1, T);
            assertEquals("Cee: are you there?", w.data("main", "parley.notify.last"));
            assertEquals(1, w.data("main", "parley.badge"), "the window icon carries the count");
            // ... as a desktop notification: the session bus's notification server (dunst) has it
            w.until("the notification server took it", () -> "desktop".equals(w.mainShell().getData("parley.notify.mode")), T);
            Desktop.awaitDunstShowing(T);
            Desktop.dunstctl("action", "0"); // the person clicks it
            w.until("clicking the notification opened the chat", () -> Integer.valueOf(1).equals(
                    w.mainShell().getData("parley.notify.clicked")) && w.find("input") != null, T);
            Desktop.dunstctl("close-all"); // into dunst's history, and off the screen before the next screenshots
            String history = Desktop.dunstctl("history");
            assertTrue(history.contains("\"Cee\"") && history.contains("\"are you there?\""),
                    "dunst's history holds the notification: " + history);
            w.run(() -> w.mainShell().notifyListeners(SWT.Activate, new org.eclipse.swt.widgets.Event()));
            w.until("focus back clears the count", () -> w.mainShell().getText().equals("Cee — Parley"), T);
            assertEquals(0, w.data("main", "parley.badge"));

            // A request from another c-toxcore user comes while the window is unfocused: it is
            // notified, clicking the notification shows it on the requests page, and it is accepted
            ToxPeer c2 = rig.peer(version, "cpeer2");
            w.run(() -> w.mainShell().notifyListeners(SWT.Deactivate, new org.eclipse.swt.widgets.Event()));
            c2.addFriend(ourId, "Hello, I'm c2: add me?");
            w.until("the requests button counts it", () -> Integer.valueOf(1).equals(w.find("requests").getData("parley.count")), CONNECT);
            w.until("the notification server took the request's", () -> Integer.valueOf(2).equals(
                    w.mainShell().getData("parley.notify.desktop")), T);
            Desktop.awaitDunstShowing(T);
            Desktop.dunstctl("action", "0");
            w.until("clicking it showed the request", () -> Integer.valueOf(2).equals(
                    w.mainShell().getData("parley.notify.clicked")) && w.find("request.message") != null, T);
            Desktop.dunstctl("close-all");
            w.run(() -> w.mainShell().notifyListeners(SWT.Activate, new org.eclipse.swt.widgets.Event()));
            assertEquals("Hello, I'm c2: add me?", w.text("request.message"));
            w.screenshot(shots, "5-requests");
            w.click("request.accept");
            String c2k = c2.publicKey();
            w.until("the new friend shows online", () -> row(w, c2k).contains("|online|"), CONNECT);
            c2.awaitEvent("Parley online for c2", e -> e.is("friend_connection") && !e.has("status", "none"), CONNECT);

            // The search box filters the contact list; Ctrl+K (a real key press through the X
            // server) jumps there, Esc clears it
            w.type("search", "Cee");
            w.until("search filters", () -> w.rows("contacts").size() == 1, T);
            w.run(() -> {
                w.mainShell().forceActive();
                w.find("contacts").setFocus();
            });
            w.post('k', SWT.CTRL);
            w.until("Ctrl+K focuses the search box", () -> w.find("search").isFocusControl(), T);
            w.post(SWT.ESC, 0);
            w.until("Esc clears the search", () -> w.rows("contacts").size() == 2, T);

            // The peer goes offline: its dot turns grey
            c.close();
            w.until("the peer shows offline", () -> row(w, ck).contains("|offline|"), CONNECT);

            // Closing the window stops Parley
            w.run(() -> w.mainShell().close());
            assertEquals(0, exit.get(20, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));

            // A returning person (one unencrypted profile) goes straight to the main window,
            // friends and all
            CompletableFuture<Integer> exit2 = new CompletableFuture<>();
            long t1 = System.nanoTime();
            Thread again = launch(args, log, exit2);
            Window w2 = new Window(awaitDisplay(again, exit2, log));
            w2.await("search", T);
            System.out.printf("[desktop] returning user, launch to main window: %d ms%n",
                    (System.nanoTime() - t1) / 1_000_000);
            // built for what is on screen only: no first-run screen, no side page not opened yet
            assertFalse(w2.built("create.name"), "a returning user's window built the first-run screen");
            assertFalse(w2.built("settings.udp"), "the settings page was built before it was opened");
            assertFalse(w2.built("profile.toxid"), "the profile page was built before it was opened");
            w2.until("both friends listed", () -> !row(w2, ck).isEmpty() && !row(w2, c2k).isEmpty(), T);
            w2.until("c2 online again", () -> row(w2, c2k).contains("|online|"), CONNECT);
            w2.run(() -> w2.mainShell().close());
            assertEquals(0, exit2.get(20, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));
        } catch (Throwable e) {
            System.err.println("[desktop] Parley's output:\n" + log.toString(StandardCharsets.UTF_8));
            throw e;
        } finally {
            if (t.isAlive()) {
                Display d = Display.findDisplay(t);
                if (d != null && !d.isDisposed()) {
                    d.asyncExec(() -> d.getShells()[0].close());
                }
                t.join(15_000);
            }
        }
    }

    @Test
    void theLastProfileIsRememberedAndAnEncryptedOneOpensOnlyWithItsPassword() throws Exception {
        Path shots = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/profiles")), "enc-");
        List<String> args = List.of("--home", home(dir).toString(), "--data-dir", dir.resolve("data").toString(),
                "--no-console");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            // First run: Erin, with a password
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Window w = Desktop.open(args, log, exit);
            w.type("create.name", "Erin");
            w.type("create.password", "correct horse");
            w.type("create.confirm", "correct horse");
            w.click("create");
            w.await("search", T);
            Desktop.close(w, exit, log);

            // Erin was opened last and is encrypted: the first screen has her selected, the
            // password field focused (unlock); here Frank, without a password, is created
            exit = new CompletableFuture<>();
            Window w2 = Desktop.open(args, log, exit);
            org.eclipse.swt.widgets.List list = (org.eclipse.swt.widgets.List) w2.await("profiles", T);
            assertEquals(List.of("Erin   (password)"), w2.ui(() -> List.of(list.getItems())));
            assertEquals(0, (int) w2.ui(list::getSelectionIndex));
            w2.until("the password field has the focus", () -> w2.find("open.password").isFocusControl(), T);
            w2.type("create.name", "Frank");
            w2.click("create");
            w2.await("search", T);
            Desktop.close(w2, exit, log);

            // Frank was opened last and has no password: straight to his main window
            exit = new CompletableFuture<>();
            Window w3 = Desktop.open(args, log, exit);
            w3.await("search", T);
            w3.mouseDown("self", 20, 20);
            assertEquals("Frank", w3.text("profile.name"));
            Desktop.close(w3, exit, log);

            // As if Erin had been opened last (switching in the window: ProfileSwitchRelayIT): her
            // unlock screen at launch, both profiles listed, only her password opens her
            Path last;
            try (var files = Files.walk(dir.resolve("data"))) {
                last = files.filter(f -> f.getFileName().toString().equals(".last-profile")).findFirst().orElseThrow();
            }
            assertEquals("Frank", Files.readString(last).strip());
            Files.writeString(last, "Erin\n");
            exit = new CompletableFuture<>();
            Window w4 = Desktop.open(args, log, exit);
            org.eclipse.swt.widgets.List list4 = (org.eclipse.swt.widgets.List) w4.await("profiles", T);
            assertEquals(List.of("Erin   (password)", "Frank"), w4.ui(() -> List.of(list4.getItems())));
            assertEquals(0, (int) w4.ui(list4::getSelectionIndex));
            w4.type("open.password", "wrong");
            w4.click("open");
            w4.until("wrong password said", () -> "Wrong password.".equals(
                    ((org.eclipse.swt.widgets.Label) w4.find("firstrun.status")).getText()), T);
            w4.screenshot(shots, "6-choose-profile");
            w4.type("open.password", "correct horse");
            w4.click("open");
            w4.await("search", T);
            w4.mouseDown("self", 20, 20);
            assertEquals("Erin", w4.text("profile.name"));
            Desktop.close(w4, exit, log);
        } catch (Throwable e) {
            System.err.println("[desktop] Parley's output:\n" + log.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }

    private static Thread launch(List<String> args, ByteArrayOutputStream log, CompletableFuture<Integer> exit) {
        return Desktop.launch(args, log, exit);
    }

    private static Display awaitDisplay(Thread t, CompletableFuture<Integer> exit, ByteArrayOutputStream log)
            throws InterruptedException {
        return Desktop.awaitDisplay(t, exit, log);
    }

    private static String row(Window w, String key) {
        return Desktop.row(w, key);
    }

    private static int indexOf(Window w, String key) {
        return Desktop.indexOf(w, key);
    }
}
