package dev.parley.itests.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.swt.SWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person behind a network that blocks UDP, and a person with two profiles, in the window under
 * Xvfb against c-toxcore (the newest installed version). On the Settings page UDP goes off and
 * {@code tox-bootstrapd}'s TCP relay is typed in (checked as typed) and saved: the profile comes
 * online through the relay without a restart, a {@code --no-udp} c-toxcore user's request arrives
 * and is accepted, the friend shows as connected through a TCP relay on both sides and messages
 * cross both ways, delivered. Then My profile's "Switch profile": the profile is saved and closed
 * (the c-toxcore friend sees it go offline), the chooser comes back, a second profile is created
 * there and starts empty, and switching back to the first brings its friend, reached again through
 * its relay; when the friend goes, a message waits as pending. Keyboard (real key presses):
 * Ctrl+W closes the chat, Ctrl+P opens My profile, and so do Shift+Tab to our name and Enter.
 */
@ExtendWith(RigExtension.class)
class ProfileSwitchRelayIT {
    static final Duration CONNECT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(30);

    @BeforeAll
    static void startXvfb() throws Exception {
        Desktop.startXvfb();
    }

    @Test
    void aRelayFromTheSettingsPageCarriesAChatWithUdpOffAndSwitchingProfilesClosesTheOpenOne(Rig rig)
            throws Exception {
        List<String> versions = Toxcore.versions();
        assertFalse(versions.isEmpty(), "no c-toxcore installed: run .ci/install-toxcore");
        Toxcore.Installation lib = Toxcore.require(versions.get(versions.size() - 1));
        Path shots = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
        Path dir = Files.createTempDirectory(rig.dir(), "relay-");
        // UDP c-toxcore peers: with UDP off, the window's bootstrap nodes serve as onion path nodes
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ToxPeer p = rig.peer(lib, "dht" + i);
            nodes.add("127.0.0.1:" + p.udpPort() + ":" + p.dhtKey().toUpperCase(java.util.Locale.ROOT));
        }
        Bootstrapd d = rig.bootstrapd();
        String relay = "127.0.0.1:" + d.tcpPort() + ":" + d.publicKey().toUpperCase(java.util.Locale.ROOT);
        // no --bootstrap: the node knows no one until the settings page says
        List<String> args = List.of("--home", Desktop.home(dir).toString(), "--data-dir",
                dir.resolve("data").toString(), "--no-console");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Window w = Desktop.open(args, log, exit);
            w.type("create.name", "Ivy");
            w.click("create");
            w.await("search", T);

            // Settings: UDP off, the path nodes, and the relay, checked as typed
            w.click("settings.open");
            w.await("settings.relay", T);
            assertEquals(List.of(), w.rows("settings.relays"));
            w.check("settings.udp", false);
            for (String n : nodes) {
                w.type("settings.node", n);
                w.click("settings.node.add");
            }
            assertEquals(nodes, w.rows("settings.nodes"));
            w.type("settings.relay", "relay.example:" + d.tcpPort() + ":" + d.publicKey());
            assertEquals("\"relay.example\" is not an IP address (names are not looked up: use the node's IP).",
                    w.text("settings.relay.feedback"));
            w.type("settings.relay", relay.substring(0, relay.length() - 1));
            assertEquals("The public key has 63 of 64 hex digits.", w.text("settings.relay.feedback"));
            w.type("settings.relay", relay + "x");
            assertEquals("The public key has a character that is no hex digit (0-9, A-F).",
                    w.text("settings.relay.feedback"));
            w.type("settings.relay", relay);
            assertEquals("✓ Valid relay", w.text("settings.relay.feedback"));
            w.click("settings.relay.add");
            assertEquals(List.of(relay), w.rows("settings.relays"));
            w.type("settings.relay", relay);
            assertEquals("That relay is in the list already.", w.text("settings.relay.feedback"));
            w.type("settings.relay", "");
            w.click("settings.save");
            String said = "Saved: UDP off (TCP relays only), 3 bootstrap nodes, 1 TCP relay: "
                    + "the connection restarts now.";
            w.until(said, () -> w.text("settings.status").equals(said), T);

            // applied without a restart: online through the relay, UDP closed
            long t0 = System.nanoTime();
            w.until("online through the TCP relay",
                    () -> "Online · TCP relay only".equals(w.find("self").getData("parley.connection")), CONNECT);
            System.out.printf("[relay] online through the relay %d ms after saving%n",
                    (System.nanoTime() - t0) / 1_000_000);
            w.screenshot(shots, "10-settings-relays");
            w.mouseDown("self", 20, 20);
            String ivyId = (String) w.data("profile.toxid", "parley.value");

            // a c-toxcore user without UDP asks; the request is accepted in the window
            ToxPeer bob = rig.startPeer(lib, "bob", "--no-udp");
            rig.connect(bob);
            Rig.awaitOnline(bob, CONNECT);
            int ivyOnBob = bob.addFriend(ivyId, "Bob here, over TCP");
            t0 = System.nanoTime();
            w.until("the request arrives", () -> Integer.valueOf(1).equals(w.find("requests").getData("parley.count")),
                    CONNECT);
            System.out.printf("[relay] request through the relay after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            w.click("requests");
            assertEquals("Bob here, over TCP", w.text("request.message"));
            w.click("request.accept");
            String bk = bob.publicKey();
            w.until("Bob online", () -> Desktop.row(w, bk).contains("|online|"), CONNECT);
            bob.awaitEvent("Ivy connected to Bob over TCP", e -> e.is("friend_connection") && e.has("status", "tcp"),
                    CONNECT);
            int index = w.ui(() -> Desktop.indexOf(w, bk));
            w.mouseDown("contacts", 100, index * 64 + 20);
            assertEquals("online · via TCP relay", w.data("chat.header", "parley.connection"));

            // messages both ways through the relay, delivered
            w.type("input", "Hi Bob, through the relay");
            w.key("input", SWT.CR, 0);
            Event got = bob.awaitEvent("message from Ivy", e -> e.is("friend_message"), T);
            assertEquals("Hi Bob, through the relay", got.text("text"));
            w.until("delivered", () -> w.rows("chat").contains("OUT|DELIVERED|NORMAL|Hi Bob, through the relay"), T);
            bob.sendMessage(ivyOnBob, "Hello Ivy, relayed back");
            w.until("Bob's message shown",
                    () -> w.rows("chat").contains("IN|RECEIVED|NORMAL|Hello Ivy, relayed back"), T);

            // keyboard (real key presses through the X server): Ctrl+W closes the chat, Ctrl+P
            // opens My profile
            w.run(() -> {
                w.mainShell().forceActive();
                w.find("input").setFocus();
            });
            w.post('w', SWT.CTRL);
            w.until("Ctrl+W closed the chat", () -> w.find("contacts").getData("parley.selected") == null
                    && w.find("input") == null, T);
            w.post('p', SWT.CTRL);
            w.await("profile.switch", T);

            // Switch profile: saved and closed (Bob sees Ivy go), the chooser comes back
            int bm = bob.mark();
            w.click("profile.switch");
            org.eclipse.swt.widgets.List list = (org.eclipse.swt.widgets.List) w.await("profiles", T);
            assertEquals(List.of("Ivy"), w.ui(() -> List.of(list.getItems())));
            assertEquals(0, (int) w.ui(list::getSelectionIndex), "the profile just closed comes selected");
            assertEquals("Welcome to Parley", w.title());
            bob.awaitEventAfter(bm, "Ivy offline for Bob", e -> e.is("friend_connection") && e.has("status", "none"),
                    CONNECT);

            // a second profile, created there, starts with nothing of Ivy's
            w.type("create.name", "Jon");
            w.click("create");
            w.await("search", T);
            w.until("Jon's name shown", () -> "Jon".equals(w.find("self").getData("parley.name")), T);
            assertEquals("Parley", w.title());
            assertEquals(List.of(), w.rows("contacts"), "no contact of Ivy's");
            assertEquals("Requests", w.text("requests"));

            // and back to Ivy: her friend, reached again through her relay. My profile by
            // keyboard: Shift+Tab from the search box to our name, Enter
            w.run(() -> {
                w.mainShell().forceActive();
                w.find("search").setFocus();
            });
            w.post(SWT.TAB, SWT.SHIFT);
            w.until("Shift+Tab reached our name", () -> w.find("self").isFocusControl(), T);
            w.post(SWT.CR, 0);
            w.click("profile.switch");
            org.eclipse.swt.widgets.List both = (org.eclipse.swt.widgets.List) w.await("profiles", T);
            assertEquals(List.of("Ivy", "Jon"), w.ui(() -> List.of(both.getItems())));
            w.select("profiles", 0);
            bm = bob.mark();
            w.click("open");
            w.await("search", T);
            w.until("Bob listed again", () -> !Desktop.row(w, bk).isEmpty(), T);
            w.until("Bob online again", () -> Desktop.row(w, bk).contains("|online|"), CONNECT);
            bob.awaitEventAfter(bm, "Ivy back for Bob", e -> e.is("friend_connection") && e.has("status", "tcp"),
                    CONNECT);
            w.click("settings.open");
            assertEquals(List.of(relay), w.rows("settings.relays"), "Ivy's relays are hers");
            assertFalse(w.checked("settings.udp"));

            // Bob goes: his dot turns grey, and what Ivy writes now waits, pending
            int again = w.ui(() -> Desktop.indexOf(w, bk));
            w.mouseDown("contacts", 100, again * 64 + 20);
            bob.close();
            w.until("Bob offline", () -> Desktop.row(w, bk).contains("|offline|"), CONNECT);
            assertEquals("offline", w.data("chat.header", "parley.connection"));
            w.type("input", "Are you still there?");
            w.key("input", SWT.CR, 0);
            w.until("pending while Bob is away",
                    () -> w.rows("chat").contains("OUT|PENDING|NORMAL|Are you still there?"), T);
            Desktop.close(w, exit, log);
        } catch (Throwable e) {
            System.err.println("[relay] Parley's output:\n" + log.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }
}
