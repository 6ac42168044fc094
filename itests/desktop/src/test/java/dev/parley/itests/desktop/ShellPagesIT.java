package dev.parley.itests.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Settings and Add-ons pages and live restyling, driven through the window's widgets under
 * Xvfb: settings validated, saved per profile and applied without a restart (a bootstrap node
 * added on the page brings the node online), and kept across launches; an add-on installed,
 * disabled, enabled and uninstalled from the page; the dark theme sample dropped into
 * {@code addons/} restyles the open window, and removing it restores the built-in look (widget
 * colours and screenshot pixels both checked).
 */
@ExtendWith(RigExtension.class)
class ShellPagesIT {
    static final Duration T = Duration.ofSeconds(30);
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final int LIGHT_SIDEBAR = 0xF3F4F7;

    @BeforeAll
    static void startXvfb() throws Exception {
        Desktop.startXvfb();
    }

    @Test
    void settingsAreCheckedSavedPerProfileAndAppliedWithoutARestart(Rig rig) throws Exception {
        Path shots = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
        Path dir = Files.createTempDirectory(rig.dir(), "settings-");
        // no --bootstrap: the node knows no one until the settings page gives it a node
        List<String> args = List.of("--home", Desktop.home(dir).toString(), "--data-dir",
                dir.resolve("data").toString(), "--no-console");
        String key = rig.bootstrapd().publicKey().toUpperCase(java.util.Locale.ROOT);
        String node = "127.0.0.1:" + rig.bootstrapd().port() + ":" + key;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Window w = Desktop.open(args, log, exit);
            w.type("create.name", "Gail");
            w.click("create");
            w.await("search", T);
            // The header's state is set when it paints, a frame after the page shows; with no node
            // known it cannot change meanwhile, so waiting for it takes nothing from the check.
            w.until("the self header says offline",
                    () -> "Offline — connecting…".equals(w.find("self").getData("parley.connection")), T);

            w.click("settings.open");
            w.await("settings.udp", T);
            assertTrue(w.checked("settings.udp"));
            assertTrue(w.checked("settings.ipv6"));
            assertFalse(w.checked("settings.lan"), "LAN discovery is off unless chosen");
            assertTrue(w.checked("settings.notifications"));
            assertEquals(List.of(), w.rows("settings.nodes"));

            // a node is checked as typed
            w.type("settings.node", "bootstrap.example:33445:" + key);
            assertEquals("\"bootstrap.example\" is not an IP address (names are not looked up: use the node's IP).",
                    w.text("settings.node.feedback"));
            w.type("settings.node", node.substring(0, node.length() - 4));
            assertEquals("The public key has 60 of 64 hex digits.", w.text("settings.node.feedback"));
            w.type("settings.node", node);
            assertEquals("✓ Valid node", w.text("settings.node.feedback"));
            w.click("settings.node.add");
            assertEquals(List.of(node), w.rows("settings.nodes"));

            // a proxy with a bad port is refused; a good one is stored
            w.select("settings.proxy.type", 2);
            w.type("settings.proxy.host", "127.0.0.1");
            w.type("settings.proxy.port", "90x");
            w.click("settings.save");
            assertEquals("The proxy port must be a number from 1 to 65535.", w.text("settings.status"));
            w.type("settings.proxy.port", "9050");
            w.click("settings.save");
            w.until("saved", () -> w.text("settings.status").startsWith("Saved:"), T);
            assertEquals("Saved: 1 bootstrap node: the connection restarts now; proxy SOCKS5 127.0.0.1:9050 stored "
                    + "for TCP relay connections.", w.text("settings.status"));
            w.screenshot(shots, "7-settings");

            // applied without a restart: the DHT joins through the node just added
            long t0 = System.nanoTime();
            w.until("online through the node added on the page",
                    () -> "Online · UDP".equals(w.find("self").getData("parley.connection")), CONNECT);
            System.out.printf("[settings] online %d ms after saving a bootstrap node%n",
                    (System.nanoTime() - t0) / 1_000_000);
            w.check("settings.notifications", false);
            w.click("settings.save");
            w.until("notifications off saved", () -> w.text("settings.status").equals("Saved: notifications off."), T);

            // IPv6 off reopens the UDP socket under the running node (the Messenger carries on);
            // UDP off and on restart the Messenger (a new one is published). UDP off closes the
            // socket: with no TCP relay set in this test the profile goes offline, and UDP on
            // brings it back online.
            for (String[] step : new String[][] {
                {"settings.ipv6", "false", "Saved: IPv6 off: the connection restarts now.", "Online · UDP"},
                {"settings.udp", "false", "Saved: UDP off (TCP relays only): the connection restarts now.",
                    "Offline — connecting…"},
                {"settings.udp", "true", "Saved: UDP on: the connection restarts now.", "Online · UDP"}}) {
                int starts = messengerStarts(w);
                w.check(step[0], Boolean.parseBoolean(step[1]));
                w.click("settings.save");
                w.until(step[2], () -> w.text("settings.status").equals(step[2]), T);
                if (step[0].equals("settings.udp")) {
                    w.until("a new Messenger after: " + step[2], () -> messengerStarts(w) > starts, CONNECT);
                }
                w.until("'" + step[3] + "' after: " + step[2],
                        () -> step[3].equals(w.find("self").getData("parley.connection")), CONNECT);
            }

            Path file;
            try (var files = Files.walk(dir.resolve("data"))) {
                file = files.filter(f -> f.getFileName().toString().equals("Gail.settings")).findFirst().orElseThrow();
            }
            String saved = Files.readString(file);
            assertTrue(saved.contains("bootstrap.0=" + node.replace(":", "\\:")), saved);
            assertTrue(saved.contains("proxy.type=SOCKS5"), saved);
            assertTrue(saved.contains("lan_discovery=false"), saved);
            assertTrue(saved.contains("notifications=false"), saved);
            assertTrue(saved.contains("ipv6=false"), saved);
            assertTrue(saved.contains("udp=true"), saved);
            Desktop.close(w, exit, log);

            // a returning person: the same settings, applied at once (online without --bootstrap)
            exit = new CompletableFuture<>();
            Window w2 = Desktop.open(args, log, exit);
            w2.await("search", T);
            w2.click("settings.open");
            assertEquals(1, w2.rows("settings.nodes").size());
            assertFalse(w2.checked("settings.notifications"));
            assertFalse(w2.checked("settings.ipv6"));
            assertEquals("127.0.0.1", w2.text("settings.proxy.host"));
            assertEquals("9050", w2.text("settings.proxy.port"));
            w2.until("online again through the saved node",
                    () -> "Online · UDP".equals(w2.find("self").getData("parley.connection")), CONNECT);
            Desktop.close(w2, exit, log);
        } catch (Throwable e) {
            System.err.println("[settings] Parley's output:\n" + log.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }

    @Test
    void addonsPageManagesAddonsAndTheDarkThemeRestylesTheOpenWindow() throws Exception {
        Path shots = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/profiles")), "addons-");
        Path home = Desktop.home(dir);
        List<String> args = List.of("--home", home.toString(), "--data-dir", dir.resolve("data").toString(),
                "--no-console");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Window w = Desktop.open(args, log, exit);
            w.type("create.name", "Hal");
            w.click("create");
            w.await("search", T);

            // install the echo bot from the page: listed active; disable, enable, uninstall
            w.click("addons");
            w.await("addons.table", T);
            assertEquals(List.of(), w.rows("addons.table"));
            w.type("addons.path", Desktop.sample("parley-echo-bot").toString());
            w.click("addons.install");
            w.until("the echo bot listed active", () -> rows(w).stream().anyMatch(r -> r.startsWith("Echo bot|bot|")
                    && r.endsWith("|active|")), T);
            w.until("the page says so", () -> w.text("addons.status").equals("Echo bot active."), T);
            assertTrue(w.text("addons.details").startsWith("Accepts every friend request"), w.text("addons.details"));
            assertTrue(Files.list(home.resolve("addons")).anyMatch(f -> f.getFileName().toString()
                    .startsWith("parley-echo-bot")), "the jar is in addons/");
            w.click("addons.disable");
            w.until("disabled", () -> rows(w).size() == 1 && rows(w).get(0).contains("|disabled|"), T);
            w.click("addons.enable");
            w.until("active again", () -> rows(w).size() == 1 && rows(w).get(0).contains("|active|"), T);
            // update from a jar (the same sample again): restarted, still active
            w.type("addons.path", Desktop.sample("parley-echo-bot").toString());
            w.click("addons.update");
            w.until("updated", () -> w.text("addons.status").equals("Echo bot active."), T);
            assertEquals(1, rows(w).size());

            // the built-in look, then the dark theme sample lands in addons/ while the window is open
            int light = w.background("sidebar");
            assertEquals(LIGHT_SIDEBAR, light);
            var at = w.inWindow("sidebar");
            Path before = w.screenshot(shots, "8-theme-light");
            assertEquals(LIGHT_SIDEBAR, Window.pixel(before, at.x + 6, at.y + 180), "sidebar pixel, light");
            long t0 = System.nanoTime();
            Files.copy(Desktop.sample("parley-dark-theme"), home.resolve("addons/parley-dark-theme.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            w.until("the window restyled dark", () -> "dark".equals(w.mainShell().getData("parley.theme")), T);
            System.out.printf("[theme] restyled %d ms after the jar landed in addons/%n",
                    (System.nanoTime() - t0) / 1_000_000);
            int dark = w.background("sidebar");
            assertNotEquals(light, dark);
            assertTrue(luminance(dark) < 60, "a dark sidebar: " + Integer.toHexString(dark));
            w.until("the page lists the theme", () -> rows(w).stream().anyMatch(r -> r.startsWith("Dark theme|theme|")
                    && r.endsWith("|active|")), T);
            Path after = w.screenshot(shots, "9-theme-dark");
            assertEquals(dark, Window.pixel(after, at.x + 6, at.y + 180), "sidebar pixel, dark");
            var table = w.inWindow("addons.table");
            assertTrue(luminance(Window.pixel(after, table.x + 300, table.y + 250)) < 60, "the page is dark too");

            // the theme setting can keep the built-in look while the theme is installed
            w.click("settings.open");
            w.select("settings.theme", 1);
            w.click("settings.save");
            w.until("built-in look chosen", () -> "built-in".equals(w.mainShell().getData("parley.theme")), T);
            assertEquals(LIGHT_SIDEBAR, w.background("sidebar"));
            w.await("settings.theme", T);
            w.select("settings.theme", 0);
            w.click("settings.save");
            w.until("automatic: dark again", () -> "dark".equals(w.mainShell().getData("parley.theme")), T);

            // the theme goes: back to the built-in look
            Files.delete(home.resolve("addons/parley-dark-theme.jar"));
            w.until("the built-in look is back", () -> "built-in".equals(w.mainShell().getData("parley.theme")), T);
            assertEquals(LIGHT_SIDEBAR, w.background("sidebar"));

            // uninstall the echo bot from the page: gone from the list and from addons/
            w.click("addons");
            w.until("only the echo bot left", () -> rows(w).size() == 1, T);
            w.click("addons.uninstall");
            w.until("nothing listed", () -> rows(w).isEmpty(), T);
            try (var files = Files.list(home.resolve("addons"))) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".jar")), "no jar left");
            }
            Desktop.close(w, exit, log);
        } catch (Throwable e) {
            System.err.println("[addons] Parley's output:\n" + log.toString(StandardCharsets.UTF_8));
            throw e;
        }
    }

    private static int messengerStarts(Window w) {
        return w.ui(() -> w.mainShell().getData("parley.messenger.starts") instanceof Integer n ? n : 0);
    }

    private static List<String> rows(Window w) {
        return w.rows("addons.table");
    }

    private static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
