package dev.parley.shell.swt.presentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonInfo;
import dev.parley.api.addon.AddonKind;
import dev.parley.api.addon.AddonState;
import dev.parley.api.addon.ThemeStyle;
import dev.parley.api.addon.ThemeStyle.FontSpec;
import dev.parley.api.addon.ThemeStyle.Rgb;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The presentation behind the Settings and Add-ons pages, theming and notifications, without a display. */
class ShellPagesTest {
    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static ThemeStyle dark(String id, int ranking) {
        return new ThemeStyle(id, "Dark " + ranking, true, Map.of(ThemeStyle.BACKGROUND, Rgb.parse("#1e1f22"),
                ThemeStyle.FOREGROUND, Rgb.parse("#dfe1e5"), ThemeStyle.ACCENT, Rgb.parse("#4f8ff7")),
                Map.of(ThemeStyle.FONT_TEXT, new FontSpec("Sans", 11, false, false)), Map.of(), Map.of());
    }

    @Test
    void aThemePaletteTakesItsRolesAndDerivesTheRest() {
        Palette p = Palette.of(dark("dark", 10));
        assertEquals(0x1E1F22, p.background());
        assertEquals(0xDFE1E5, p.text());
        assertEquals(0x4F8FF7, p.accent());
        assertTrue(p.dark());
        // derived: a sidebar a shade lighter than the background, still dark; borders in between
        assertTrue(p.sidebar() != p.background() && lum(p.sidebar()) < 60 && lum(p.sidebar()) > lum(p.background()));
        assertTrue(lum(p.border()) > lum(p.sidebar()) && lum(p.border()) < lum(p.text()));
        // roles the theme leaves out come from the light look
        assertEquals(Palette.LIGHT.online(), p.online());
        assertEquals(Optional.of(new FontSpec("Sans", 11, false, false)), p.textFont());
        assertEquals(Optional.empty(), Palette.LIGHT.textFont());
        assertEquals(0xFFFFFF, Palette.contrastOn(0x2B3A55));
        assertEquals(0x1D2129, Palette.contrastOn(0xF0F0F0));
        assertEquals(0x808080, Palette.mix(0x000000, 0xFFFFFF, 0.5));
    }

    @Test
    void theSettingPicksTheTheme() {
        ThemeChoice c = new ThemeChoice();
        assertEquals(Palette.LIGHT, c.palette(Settings.THEME_AUTOMATIC));
        c.put(7, 10, dark("dark", 10));
        c.put(9, 20, dark("midnight", 20));
        assertEquals("midnight", c.pick(Settings.THEME_AUTOMATIC).orElseThrow().id(), "highest ranking wins");
        assertEquals("dark", c.pick("dark").orElseThrow().id(), "chosen by id");
        assertEquals(Optional.empty(), c.pick(Settings.THEME_BUILT_IN), "the built-in look even with themes present");
        assertEquals("midnight", c.pick("gone").orElseThrow().id(), "a missing choice falls back to automatic");
        assertEquals(List.of(Settings.THEME_AUTOMATIC, Settings.THEME_BUILT_IN, "dark", "midnight"),
                c.options().stream().map(ThemeChoice.Option::value).toList());
        c.remove(9);
        c.remove(7);
        assertEquals(Palette.LIGHT, c.palette(Settings.THEME_AUTOMATIC), "all gone: the built-in look");
        assertEquals(List.of(), c.ids());
    }

    @Test
    void settingsFormChecksAndSaysWhatHappened() {
        BootstrapNode n = BootstrapNode.parse("127.0.0.1:33445:" + KEY);
        assertEquals(Optional.of("That node is in the list already."),
                SettingsForm.nodeProblem("127.0.0.1:33445:" + KEY.toLowerCase(), List.of(n)));
        assertEquals(Optional.of("The port must be from 1 to 65535."), SettingsForm.nodeProblem("1.2.3.4:0:" + KEY, List.of()));
        assertEquals(Optional.empty(), SettingsForm.nodeProblem("1.2.3.4:1:" + KEY, List.of(n)));

        BootstrapNode r = BootstrapNode.parse("127.0.0.1:3389:" + KEY);
        assertEquals(Optional.of("That relay is in the list already."),
                SettingsForm.relayProblem("127.0.0.1:3389:" + KEY, List.of(r)));
        assertEquals(Optional.of("The public key has 63 of 64 hex digits."),
                SettingsForm.relayProblem("127.0.0.1:3389:" + KEY.substring(1), List.of()));
        assertEquals(Optional.of("\"relay.example\" is not an IP address (names are not looked up: use the node's IP)."),
                SettingsForm.relayProblem("relay.example:3389:" + KEY, List.of()));
        assertEquals(Optional.empty(), SettingsForm.relayProblem("127.0.0.1:33445:" + KEY, List.of(r)));

        var bad = SettingsForm.build(true, true, false, ProxySetting.Type.HTTP, "", "80", List.of(), List.of(), true,
                "automatic");
        assertEquals(Optional.empty(), bad.settings());
        assertEquals("Enter the proxy's host.", bad.problem());
        var ok = SettingsForm.build(false, true, false, ProxySetting.Type.SOCKS5, "127.0.0.1", " 9050 ", List.of(n),
                List.of(r), true, "dark");
        Settings s = ok.settings().orElseThrow();
        assertEquals(new ProxySetting(ProxySetting.Type.SOCKS5, "127.0.0.1", 9050), s.proxy());
        assertFalse(s.udp());
        assertEquals(List.of(r), s.relays());

        Settings d = Settings.defaults();
        assertEquals("Nothing changed.", SettingsForm.effects(d, d));
        assertEquals("Saved: UDP off (TCP relays only), 1 bootstrap node, 1 TCP relay: the connection restarts now; "
                + "proxy SOCKS5 "
                + "127.0.0.1:9050 stored for TCP relay connections; theme changed.", SettingsForm.effects(d, s));
        assertEquals("Saved: LAN discovery on: the connection restarts now.",
                SettingsForm.effects(d, d.withLanDiscovery(true)));
        assertEquals("Saved: notifications off.", SettingsForm.effects(d, d.withNotifications(false)));
        assertEquals("Saved: 0 TCP relays: the connection restarts now.",
                SettingsForm.effects(d.withRelays(List.of(r)), d));
    }

    @Test
    void addonRowsShowMetadataStateAndErrors() {
        Addon echo = new Addon(3, "echo.jar", new AddonInfo("org.x.echo", "Echo bot", "Echoes", "1.2.0", "Parley",
                "Apache-2.0", AddonKind.BOT), AddonState.ACTIVE, Optional.empty());
        assertEquals(List.of("Echo bot", "Bot", "1.2.0", "Active"), List.of(AddonRows.cells(echo)));
        assertEquals("Echo bot|bot|1.2.0|active|", AddonRows.mirror(echo));
        assertEquals("Echoes\nBy Parley · Licence: Apache-2.0 · echo.jar", AddonRows.details(echo));
        assertFalse(AddonRows.canEnable(echo));
        assertTrue(AddonRows.canDisable(echo));
        Addon broken = new Addon(4, "x.jar", new AddonInfo("x", "X", "", "0.0.0", "", "", AddonKind.OTHER),
                AddonState.FAILED, Optional.of("missing package org.nope"));
        assertEquals("No description.\nBy an unknown author · Licence: not stated · x.jar\n"
                + "Problem: missing package org.nope", AddonRows.details(broken));
        assertEquals("X|other|0.0.0|failed|missing package org.nope", AddonRows.mirror(broken));
        assertTrue(AddonRows.canEnable(broken) && AddonRows.canDisable(broken));
    }

    @Test
    void notificationsOnlyWhenOnUnfocusedAndUnseen() {
        MessengerModel m = new MessengerModel();
        m.friendsLoaded(List.of(MessengerModelTest.friend(MessengerModelTest.A, "Alice", dev.parley.api.friends.Connection.UDP)));
        Contact alice = m.contact(MessengerModelTest.A).orElseThrow();
        ChatMessage msg = new ChatMessage(1, false, "Alice", MessageKind.NORMAL, "hi\nthere", T0, Delivery.RECEIVED);
        assertEquals(Optional.of(new Attention("Alice", "hi there")), Attention.message(true, false, false, alice, msg));
        assertEquals(Optional.empty(), Attention.message(false, false, false, alice, msg), "switched off");
        assertEquals(Optional.empty(), Attention.message(true, true, false, alice, msg), "window focused");
        assertEquals(Optional.empty(), Attention.message(true, false, true, alice, msg), "seen");
        String longText = "x".repeat(500);
        assertEquals(Attention.MAX, Attention.message(true, false, false, alice,
                new ChatMessage(2, false, "Alice", MessageKind.NORMAL, longText, T0, Delivery.RECEIVED)).get().body().length());
        FriendRequest r = new FriendRequest(new FriendKey(KEY), "add me", T0);
        assertEquals(Optional.of(new Attention("Friend request from F404ABAA…", "add me")), Attention.request(true, false, r));
        assertEquals(Optional.empty(), Attention.request(true, true, r));
    }

    @Test
    void requestsThatCameWhileAwayCountInTheTitle() {
        MessengerModel m = new MessengerModel();
        m.setFocused(false);
        m.requestReceived(new FriendRequest(new FriendKey(KEY), "hello", T0));
        assertEquals("(1) Parley", m.title());
        assertEquals(1, m.unseenRequests());
        m.messageReceived(new IncomingMessage(new FriendKey(KEY), MessageKind.NORMAL, "not a friend yet", T0));
        assertEquals("(1) Parley", m.title(), "messages from strangers are not counted");
        m.setFocused(true);
        assertEquals("Parley", m.title());
        m.requestReceived(new FriendRequest(new FriendKey(KEY.replace('F', 'E')), "hello", T0));
        assertEquals("Parley", m.title(), "seen at once while focused (the Requests button counts it)");
        assertNotEquals(0, m.requests().size());
    }

    private static double lum(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
