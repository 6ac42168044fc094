package dev.parley.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";

    @Test
    void nodesParseAndPrint() {
        BootstrapNode n = BootstrapNode.parse("  127.0.0.1:33445:" + KEY.toLowerCase() + " ");
        assertEquals("127.0.0.1", n.host());
        assertEquals(33445, n.port());
        assertEquals(KEY, n.publicKey());
        assertEquals("127.0.0.1:33445:" + KEY, n.toString());
        BootstrapNode v6 = BootstrapNode.parse("[2001:db8::1]:443:" + KEY);
        assertEquals("2001:db8::1", v6.host());
        assertEquals(v6, BootstrapNode.parse(v6.toString()));
        assertEquals("::1", BootstrapNode.parse("[::1]:1:" + KEY).host());
    }

    @Test
    void eachMistakeGetsItsOwnSentence() {
        assertEquals("Enter a node as IP:PORT:KEY.", BootstrapNode.check(" "));
        assertEquals("Write the node as IP:PORT:KEY (two colons missing).", BootstrapNode.check("1.2.3.4"));
        assertEquals("Write the node as IP:PORT:KEY (a colon is missing).", BootstrapNode.check("1.2.3.4:" + KEY));
        assertEquals("\"node.tox.chat\" is not an IP address (names are not looked up: use the node's IP).",
                BootstrapNode.check("node.tox.chat:33445:" + KEY));
        assertEquals("\"1.2.3.256\" is not an IP address (names are not looked up: use the node's IP).",
                BootstrapNode.check("1.2.3.256:33445:" + KEY));
        assertEquals("Put an IPv6 address in brackets: [2001:db8::1]:33445:KEY.", BootstrapNode.check("::1:33445:" + KEY));
        assertEquals("The port \"x\" is not a number.", BootstrapNode.check("1.2.3.4:x:" + KEY));
        assertEquals("The port must be from 1 to 65535.", BootstrapNode.check("1.2.3.4:70000:" + KEY));
        assertEquals("The public key has 63 of 64 hex digits.", BootstrapNode.check("1.2.3.4:1:" + KEY.substring(1)));
        assertEquals("The public key has a character that is no hex digit (0-9, A-F).",
                BootstrapNode.check("1.2.3.4:1:" + KEY.substring(1) + "G"));
        assertEquals("The node's public key is missing.", BootstrapNode.check("1.2.3.4:1:"));
        assertNull(BootstrapNode.check("10.0.0.1:1:" + KEY));
        assertTrue(BootstrapNode.check("[1:2:3:4:5:6:7:8:9]:1:" + KEY) != null);
        assertTrue(BootstrapNode.check("[1::2::3]:1:" + KEY) != null);
    }

    @Test
    void proxiesAreChecked() {
        assertEquals(Optional.empty(), ProxySetting.check(ProxySetting.Type.NONE, "", ""));
        assertEquals(Optional.of("Enter the proxy's host."), ProxySetting.check(ProxySetting.Type.SOCKS5, " ", "9050"));
        assertEquals(Optional.of("The proxy port must be a number from 1 to 65535."),
                ProxySetting.check(ProxySetting.Type.HTTP, "proxy.lan", "80a"));
        assertEquals(Optional.of("The proxy port must be a number from 1 to 65535."),
                ProxySetting.check(ProxySetting.Type.HTTP, "proxy.lan", "0"));
        assertEquals(Optional.empty(), ProxySetting.check(ProxySetting.Type.HTTP, "proxy.lan", "3128"));
        assertThrows(IllegalArgumentException.class, () -> new ProxySetting(ProxySetting.Type.SOCKS5, "a b", 1));
        assertEquals(ProxySetting.NONE, new ProxySetting(ProxySetting.Type.NONE, "ignored", 5));
        assertEquals(ProxySetting.Type.SOCKS5, ProxySetting.Type.parse("socks5"));
        assertEquals(ProxySetting.Type.NONE, ProxySetting.Type.parse("carrier pigeon"));
    }

    @Test
    void defaultsAreQuietAndWithersChangeOneThing() {
        Settings d = Settings.defaults();
        assertTrue(d.udp());
        assertTrue(d.ipv6());
        assertFalse(d.lanDiscovery(), "LAN discovery only when chosen");
        assertEquals(List.of(), d.bootstrap());
        assertEquals(Settings.THEME_AUTOMATIC, d.theme());
        Settings s = d.withUdp(false).withLanDiscovery(true).withTheme("dark").withNotifications(false)
                .withIpv6(false).withProxy(new ProxySetting(ProxySetting.Type.HTTP, "h", 1))
                .withBootstrap(List.of(BootstrapNode.parse("1.2.3.4:5:" + KEY)));
        assertEquals(new Settings(false, false, true, new ProxySetting(ProxySetting.Type.HTTP, "h", 1),
                List.of(new BootstrapNode("1.2.3.4", 5, KEY)), false, "dark"), s);
        assertEquals(Settings.THEME_AUTOMATIC, d.withTheme(" ").theme());
        assertEquals(List.of(), d.relays(), "no relays unless given");
        assertEquals(List.of(), s.relays(), "the 0.1.0 constructor: no relays");
        BootstrapNode relay = BootstrapNode.parse("127.0.0.1:3389:" + KEY);
        Settings r = s.withRelays(List.of(relay));
        assertEquals(List.of(relay), r.relays());
        assertEquals(new Settings(false, false, true, new ProxySetting(ProxySetting.Type.HTTP, "h", 1),
                List.of(new BootstrapNode("1.2.3.4", 5, KEY)), List.of(relay), false, "dark"), r);
        assertEquals(List.of(relay), r.withUdp(true).withTheme("x").withBootstrap(List.of()).relays(),
                "the other withers keep the relays");
        assertEquals(List.of(), new Settings(true, true, false, null, null, null, true, null).relays());
    }
}
