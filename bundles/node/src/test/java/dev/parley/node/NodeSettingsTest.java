package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.BootstrapNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {

    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";

    @TempDir
    Path dir;

    @Test
    void defaultsAreSafe() throws Exception {
        NodeSettings s = NodeSettings.from(List.of(), dir);
        assertEquals(dir.resolve("parley-node.keys"), s.keysFile());
        assertEquals(Optional.empty(), s.port());
        assertTrue(s.ipv6());
        assertFalse(s.lanDiscovery(), "LAN discovery is off unless asked for");
        assertTrue(s.bootstrap().isEmpty(), "no bootstrap node unless configured");
        assertEquals(Optional.empty(), s.events());
        assertEquals("parley-node", s.motd());
    }

    @Test
    void flags() throws Exception {
        NodeSettings s = NodeSettings.from(List.of("--keys", "k", "--port", "40000", "--bootstrap", "127.0.0.1:33445:" + KEY,
                "--bootstrap", "[::1]:33446:" + KEY.toLowerCase(), "--no-lan", "--ipv4-only", "--events", "-", "--motd", "hi"), dir);
        assertEquals(Path.of("k"), s.keysFile());
        assertEquals(Optional.of(40000), s.port());
        assertFalse(s.ipv6());
        assertEquals(Optional.of("-"), s.events());
        assertEquals("hi", s.motd());
        assertEquals(List.of(new BootstrapNode("127.0.0.1", 33445, BootstrapNode.parseKey(KEY, "")),
                new BootstrapNode("::1", 33446, BootstrapNode.parseKey(KEY, ""))), s.bootstrap());
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        assertEquals("unknown option --prot", message("--prot", "1"));
        assertEquals("--port needs a value", message("--port"));
        assertEquals("--port 70000: not a port (1-65535)", message("--port", "70000"));
        assertEquals("--port x: not a port (1-65535)", message("--port", "x"));
        assertTrue(message("--bootstrap", "::1:33445:" + KEY).contains("brackets"));
        assertTrue(message("--bootstrap", "127.0.0.1:33445:ABCD").contains("64 hex digits"));
        assertTrue(message("--bootstrap", "127.0.0.1:port:" + KEY).contains("port"));
        assertTrue(message("--bootstrap", "127.0.0.1:0:" + KEY).contains("1-65535"));
        assertTrue(message("--bootstrap", "127.0.0.1:1:" + "Z".repeat(64)).contains("not hex"));
        assertEquals("unexpected argument 'stray'", message("stray"));
        assertTrue(message("--config", dir.resolve("none.json").toString()).contains("does not exist"));
        assertTrue(message("--motd", "x".repeat(256)).contains("255"));
    }

    private String message(String... args) {
        return assertThrows(NodeSettingsException.class, () -> NodeSettings.from(List.of(args), dir)).getMessage();
    }

    @Test
    void configFileWithCommentsAndRelativePaths() throws Exception {
        Files.writeString(dir.resolve("nodes.json"), """
                {"last_scan": 1, "nodes": [
                  {"ipv4": "127.0.0.2", "ipv6": "::2", "port": 33445, "tcp_ports": [443], "public_key": "%s",
                   "status_udp": true, "status_tcp": true, "motd": "x"},
                  {"ipv4": "127.0.0.3", "ipv6": "-", "port": 33446, "tcp_ports": [], "public_key": "%s", "status_udp": false},
                  {"ipv4": "-", "ipv6": "", "port": 1, "public_key": "%s"}
                ]}""".formatted(KEY, KEY, KEY));
        Path config = dir.resolve("node.json");
        Files.writeString(config, """
                // a comment
                { "port": 33500, "enable_ipv6": true, "enable_lan_discovery": true, "motd": "from config",
                  "keys_file_path": "keys/node.keys", "nodes_file": "nodes.json", "events_file": "events.jsonl",
                  "bootstrap_nodes": [ {"address": "127.0.0.1", "port": 33445, "public_key": "%s"} ] }
                """.formatted(KEY));
        NodeSettings s = NodeSettings.from(List.of("--config", config.toString()), dir.resolve("data"));
        assertEquals(dir.resolve("keys/node.keys"), s.keysFile());
        assertEquals(Optional.of(33500), s.port());
        assertTrue(s.lanDiscovery());
        assertEquals("from config", s.motd());
        assertEquals(Optional.of(dir.resolve("events.jsonl").toString()), s.events());
        assertEquals(List.of("127.0.0.1:33445", "127.0.0.2:33445", "[::2]:33445"),
                s.bootstrap().stream().map(b -> b.toString().substring(0, b.toString().lastIndexOf(':'))).toList());

        NodeSettings flags = NodeSettings.from(List.of("--config", config.toString(), "--no-lan", "--ipv4-only",
                "--port", "40000", "--keys", "other"), dir);
        assertFalse(flags.lanDiscovery(), "--no-lan wins over the config");
        assertFalse(flags.ipv6());
        assertEquals(Optional.of(40000), flags.port());
        assertEquals(Path.of("other"), flags.keysFile());
        assertEquals(2, flags.bootstrap().size(), "no IPv6 nodes from the nodes file with --ipv4-only");
    }

    @Test
    void badConfigFilesSayWhere() throws Exception {
        assertTrue(config("{ \"prot\": 1 }").contains("unknown field \"prot\""));
        assertTrue(config("{ \"port\": \"x\" }").contains("\"port\" must be a port number"));
        assertTrue(config("{ \"port\": 1.5 }").contains("\"port\" must be a port number"));
        assertTrue(config("{ \"enable_ipv6\": 1 }").contains("true or false"));
        assertTrue(config("{ \"bind_address\": \"localhost\" }").contains("IP address"));
        assertTrue(config("{ \"port\": ").contains("not valid JSON"));
        assertTrue(config("[]").contains("not a JSON object"));
        assertTrue(config("{ \"bootstrap_nodes\": [ {\"address\": \"a\", \"port\": 1} ] }").contains("bootstrap_nodes[0]: no public_key"));
        assertTrue(config("{ \"bootstrap_nodes\": [ {\"address\": \"a\", \"port\": 1, \"public_key\": \"00\"} ] }").contains("64 hex digits"));
        assertTrue(config("{ \"nodes_file\": \"missing.json\" }").contains("does not exist"));
        Files.writeString(dir.resolve("n.json"), "{\"nodes\": [ {\"ipv4\": \"1.2.3.4\", \"public_key\": \"" + KEY + "\"} ]}");
        assertTrue(config("{ \"nodes_file\": \"n.json\" }").contains("nodes[0]: no port"));
    }

    private String config(String text) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, text);
        String m = assertThrows(NodeSettingsException.class, () -> NodeSettings.from(List.of("--config", f.toString()), dir)).getMessage();
        assertTrue(m.contains(dir.toString()), "names the file: " + m);
        return m;
    }

    @Test
    void relaysAndNoUdpForTheClient() throws Exception {
        NodeSettings s = NodeSettings.from(List.of("--profile", "p.tox", "--relay", "127.0.0.1:33445:" + KEY,
                "--relay", "[::1]:443:" + KEY, "--no-udp"), dir);
        assertEquals(2, s.relays().size());
        assertEquals(new BootstrapNode("127.0.0.1", 33445, BootstrapNode.parseKey(KEY, "test")), s.relays().get(0));
        assertEquals(443, s.relays().get(1).port());
        assertFalse(s.udp());
        assertTrue(NodeSettings.from(List.of("--profile", "p.tox"), dir).udp(), "UDP is on unless turned off");
        assertTrue(NodeSettings.from(List.of(), dir).relays().isEmpty());
    }

    @Test
    void relayFlagsNeedAProfileAndNoUdpNeedsARelay() {
        String relay = "127.0.0.1:33445:" + KEY;
        assertEquals("--relay needs --profile (relays are used by the Tox client)",
                assertThrows(NodeSettingsException.class, () -> NodeSettings.from(List.of("--relay", relay), dir))
                        .getMessage());
        assertTrue(assertThrows(NodeSettingsException.class,
                () -> NodeSettings.from(List.of("--no-udp"), dir)).getMessage().startsWith("--no-udp needs --profile"));
        assertEquals("--no-udp needs at least one --relay", assertThrows(NodeSettingsException.class,
                () -> NodeSettings.from(List.of("--profile", "p.tox", "--no-udp"), dir)).getMessage());
        assertTrue(assertThrows(NodeSettingsException.class,
                () -> NodeSettings.from(List.of("--profile", "p.tox", "--relay", "127.0.0.1:33445"), dir)).getMessage()
                .startsWith("--relay "));
    }

    @Test
    void proxyForTheClientsTcp() throws Exception {
        NodeSettings s = NodeSettings.from(List.of("--profile", "p.tox", "--relay", "127.0.0.1:33445:" + KEY,
                "--no-udp", "--proxy", "socks5://[::1]:1080"), dir);
        assertEquals(dev.parley.relay.proxy.Proxy.parse("socks5://[::1]:1080"), s.proxy().orElseThrow());
        assertEquals("http://127.0.0.1:8888", NodeSettings.from(List.of("--profile", "p.tox", "--proxy",
                "http://127.0.0.1:8888"), dir).proxy().orElseThrow().toString());
        assertTrue(NodeSettings.from(List.of("--profile", "p.tox"), dir).proxy().isEmpty());
        assertEquals("--proxy needs --profile (the proxy carries the Tox client's relay connections)",
                assertThrows(NodeSettingsException.class,
                        () -> NodeSettings.from(List.of("--proxy", "socks5://127.0.0.1:1080"), dir)).getMessage());
        String m = assertThrows(NodeSettingsException.class,
                () -> NodeSettings.from(List.of("--profile", "p.tox", "--proxy", "socks4://127.0.0.1:1080"), dir)).getMessage();
        assertTrue(m.startsWith("--proxy socks4://127.0.0.1:1080: the scheme must be"), m);
        assertTrue(assertThrows(NodeSettingsException.class, () -> NodeSettings.from(List.of("--profile", "p.tox",
                "--proxy"), dir)).getMessage().startsWith("--proxy needs a value"));
    }
}
