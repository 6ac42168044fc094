package dev.parley.messenger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.ProxySetting;
import dev.parley.api.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";

    @Test
    void roundTripsAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path f = SettingsFile.of(dir, "alice");
        assertEquals(Optional.empty(), SettingsFile.load(f));
        Settings s = new Settings(false, false, true, new ProxySetting(ProxySetting.Type.SOCKS5, "127.0.0.1", 9050),
                List.of(BootstrapNode.parse("127.0.0.1:33445:" + KEY), BootstrapNode.parse("[::1]:1:" + KEY)),
                List.of(BootstrapNode.parse("127.0.0.1:3389:" + KEY)), false, "dark");
        SettingsFile.save(f, s);
        assertEquals(Optional.of(s), SettingsFile.load(f));
        SettingsFile.save(f, Settings.defaults());
        assertEquals(Optional.of(Settings.defaults()), SettingsFile.load(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("alice.settings"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void badValuesFallBackAndBadNodesAreLeftOut(@TempDir Path dir) throws Exception {
        Path f = SettingsFile.of(dir, "bob");
        Files.writeString(f, "udp=false\nbootstrap.0=nonsense\nbootstrap.1=1.2.3.4:5:" + KEY
                + "\nproxy.type=HTTP\nproxy.host=\nproxy.port=x\nrelay.0=relay.example:3389:" + KEY
                + "\nrelay.1=1.2.3.4:3389:" + KEY + "\n");
        Settings s = SettingsFile.load(f).orElseThrow();
        assertEquals(Settings.defaults().withUdp(false).withBootstrap(List.of(BootstrapNode.parse("1.2.3.4:5:" + KEY)))
                .withRelays(List.of(BootstrapNode.parse("1.2.3.4:3389:" + KEY))), s);
    }

    @Test
    void configurationChangesOnlyWhereSettingsDiffer() {
        Settings s = Settings.defaults().withBootstrap(List.of(BootstrapNode.parse("1.2.3.4:5:" + KEY)));
        Map<String, Object> dht = NetworkConfig.dht(Map.of("motd", "hi"), s);
        assertArrayEquals(new String[] {"1.2.3.4:5:" + KEY}, (String[]) dht.get("bootstrap"));
        assertEquals("false", dht.get("lan_discovery"));
        assertEquals("hi", dht.get("motd"), "other properties are kept");
        assertNull(NetworkConfig.dht(dht, s), "the same settings again: no restart");
        assertEquals("true", NetworkConfig.dht(dht, s.withLanDiscovery(true)).get("lan_discovery"));
        assertNull(NetworkConfig.dht(Map.of(), Settings.defaults()), "no nodes and no LAN discovery as unconfigured");

        assertNull(NetworkConfig.udpSocket(Map.of(), Settings.defaults()), "IPv6 is the socket's default");
        assertEquals("false", NetworkConfig.udpSocket(Map.of(), s.withIpv6(false)).get("ipv6"));
        assertNull(NetworkConfig.udpSocket(Map.of("ipv6", "false"), s.withIpv6(false)));
        // UDP off closes the socket (the transport bundle then opens none); on opens it again.
        assertEquals(Map.of("enabled", "false", "ipv6", "true", "port", "0"),
                NetworkConfig.udpSocket(Map.of("port", "0"), s.withUdp(false)));
        assertNull(NetworkConfig.udpSocket(Map.of("enabled", "false"), s.withUdp(false)));
        assertEquals("true", NetworkConfig.udpSocket(Map.of("enabled", "false"), s).get("enabled"));

        assertTrue(!NetworkConfig.onionChanges(Map.of("profile", "a"), s));
        assertTrue(NetworkConfig.onionChanges(Map.of("profile", "a"), s.withUdp(false)));
        // UDP off: the onion builds its paths from the bootstrap nodes; the relays are the settings'
        Map<String, Object> onion = NetworkConfig.onion(Map.of("profile", "a", "relays", "r"), s.withUdp(false));
        assertEquals(Map.of("profile", "a", "udp_enabled", "false", "path_nodes", "1.2.3.4:5:" + KEY), onion);
        assertTrue(!NetworkConfig.onionChanges(onion, s.withUdp(false)));
        Settings relayed = s.withUdp(false).withRelays(List.of(BootstrapNode.parse("127.0.0.1:3389:" + KEY),
                BootstrapNode.parse("[::1]:443:" + KEY)));
        assertTrue(NetworkConfig.onionChanges(onion, relayed), "a relay added restarts the Messenger");
        Map<String, Object> withRelays = NetworkConfig.onion(onion, relayed);
        assertEquals("127.0.0.1:3389:" + KEY + ",[::1]:443:" + KEY, withRelays.get("relays"));
        assertTrue(!NetworkConfig.onionChanges(withRelays, relayed));
        Map<String, Object> udpAgain = NetworkConfig.onion(withRelays, relayed.withUdp(true));
        assertTrue(!udpAgain.containsKey("path_nodes"), "UDP on: the onion has the DHT");
        assertTrue(!NetworkConfig.onion(withRelays, s).containsKey("relays"), "relays removed");

        // The proxy setting reaches the Messenger's relay connections, and goes when cleared.
        Settings proxied = s.withProxy(new ProxySetting(ProxySetting.Type.HTTP, "::1", 8888));
        assertTrue(NetworkConfig.onionChanges(Map.of("udp_enabled", "true"), proxied));
        Map<String, Object> withProxy = NetworkConfig.onion(Map.of("profile", "a"), proxied);
        assertEquals("http://[::1]:8888", withProxy.get("proxy"));
        assertTrue(!NetworkConfig.onionChanges(withProxy, proxied));
        assertTrue(!NetworkConfig.onion(withProxy, s).containsKey("proxy"));
    }
}
