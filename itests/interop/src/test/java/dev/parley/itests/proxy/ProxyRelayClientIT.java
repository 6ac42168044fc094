package dev.parley.itests.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.relay.RelayClientNode;
import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Ports;
import dev.parley.itests.rig.ProxyServer;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.TcpSockets;
import dev.parley.relay.RelayConnections;
import dev.parley.relay.TcpRelayConnector;
import dev.parley.relay.proxy.Proxy;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parley's relay client ({@link RelayConnections} on {@link TcpRelayConnector}) through real
 * proxies to c-toxcore's relay, {@code tox-bootstrapd}: Dante (SOCKS5, CONNECT by IP and by host
 * name) and tinyproxy (HTTP CONNECT). Three clients, each through another way, complete the
 * relay handshake, get linked and exchange data; the proxies' logs name the tunnels, the relay's
 * accepted connections come from the proxies' own source addresses, and the test JVM holds no
 * direct connection to the relay. Then every way a proxy can fail: refused by rule (SOCKS5 reply
 * 2, HTTP 403), authentication required, proxy unreachable, each counted and logged, and retried.
 */
@ExtendWith(RigExtension.class)
class ProxyRelayClientIT {

    @Test
    void clientsReachToxBootstrapdThroughSocks5AndHttpProxies(Rig rig) throws Exception {
        Bootstrapd d = rig.bootstrapd();
        byte[] relayKey = HexFormat.of().parseHex(d.publicKey());
        try (ProxyServer dante = ProxyServer.socks5(rig.dir().resolve("proxies"));
                ProxyServer tiny = ProxyServer.http(rig.dir().resolve("proxies"), d.tcpPort());
                RelayClientNode a = new RelayClientNode("socks-ip", Optional.of(Proxy.parse(dante.url())));
                RelayClientNode b = new RelayClientNode("http", Optional.of(Proxy.parse(tiny.url())));
                RelayClientNode c = new RelayClientNode("socks-name", Optional.of(Proxy.parse(dante.url())))) {
            InetSocketAddress byIp = new InetSocketAddress("127.0.0.1", d.tcpPort());
            assertTrue(a.on(() -> a.relays.addRelay(byIp, relayKey)));
            assertTrue(b.on(() -> b.relays.addRelay(byIp, relayKey)));
            // By name: the proxy resolves it, Parley does not.
            assertTrue(c.on(() -> c.relays.addRelay(InetSocketAddress.createUnresolved("localhost", d.tcpPort()), relayKey)));
            a.addPeer(b);
            b.addPeer(a);
            a.addPeer(c);
            c.addPeer(a);
            assertTrue(RelayClientNode.await(() -> a.online(b) && b.online(a) && a.online(c) && c.online(a), 30_000),
                    "linked through the proxies: " + a.on(a.relays::counters) + " " + a.connector.counters()
                            + b.connector.counters() + c.connector.counters());
            byte[] pa = a.keys.publicKey();
            for (int i = 0; i < 10; i++) {
                byte[] m = new byte[1 + i * 100];
                m[0] = (byte) i;
                assertTrue(a.on(() -> a.relays.send(b.keys.publicKey(), m)));
                assertTrue(b.on(() -> b.relays.send(pa, m)));
                assertTrue(c.on(() -> c.relays.send(pa, m)));
            }
            assertTrue(RelayClientNode.await(() -> a.data.size() == 20 && b.data.size() == 10, 10_000), a.data.size() + " " + b.data.size());
            for (int i = 0; i < 10; i++) {
                assertEquals(1 + i * 100, b.data.get(i).length);
                assertEquals((byte) i, b.data.get(i)[0]);
            }

            for (RelayClientNode n : List.of(a, b, c)) {
                assertEquals(1L, n.connectorCounter("proxy tunnels"), n.connector.counters().toString());
                assertEquals(0L, n.connectorCounter("proxy failures"), n.connector.counters().toString());
                assertEquals(0L, (long) n.on(n.relays::malformed));
            }
            assertEquals(2, dante.tunnelsTo("127.0.0.1", d.tcpPort()), String.join("\n", dante.logLines()));
            assertEquals(1, tiny.tunnelsTo("127.0.0.1", d.tcpPort()), String.join("\n", tiny.logLines()));
            // tox-bootstrapd's side: the clients came from the proxies' addresses ...
            Set<String> sources = TcpSockets.acceptedOn(d.tcpPort()).stream().map(TcpSockets.Connection::peerHost)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(dante.egress(), tiny.egress()), sources);
            // ... and this JVM has no connection of its own to the relay.
            long me = ProcessHandle.current().pid();
            assertEquals(List.of(), TcpSockets.heldBy(me).stream().filter(x -> x.peerPort() == d.tcpPort()).toList());
            assertEquals(3, TcpSockets.heldBy(me).stream()
                    .filter(x -> x.peerPort() == dante.port() || x.peerPort() == tiny.port()).count());
        }
    }

    @Test
    void failingProxiesAreCountedLoggedAndRetried(Rig rig) throws Exception {
        Bootstrapd d = rig.bootstrapd();
        byte[] relayKey = HexFormat.of().parseHex(d.publicKey());
        int closed = Ports.freeUdpAndTcp(d.tcpPort());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(TcpRelayConnector.class.getName());
        log.addHandler(capture);
        try (ProxyServer dante = ProxyServer.socks5(rig.dir().resolve("proxies"), d.tcpPort());
                ProxyServer tiny = ProxyServer.http(rig.dir().resolve("proxies"), closed);
                ProxyServer locked = ProxyServer.socks5WithPassword(rig.dir().resolve("locked"));
                RelayClientNode ruled = new RelayClientNode("socks-refused", Optional.of(Proxy.parse(dante.url())));
                RelayClientNode forbidden = new RelayClientNode("http-refused", Optional.of(Proxy.parse(tiny.url())));
                RelayClientNode password = new RelayClientNode("socks-auth", Optional.of(Proxy.parse(locked.url())));
                RelayClientNode nowhere = new RelayClientNode("no-proxy", Optional.of(Proxy.parse("socks5://127.0.0.1:" + closed)))) {
            InetSocketAddress relay = new InetSocketAddress("127.0.0.1", d.tcpPort());
            Map<RelayClientNode, String> expected = Map.of(ruled, "proxy refused", forbidden, "proxy refused",
                    password, "proxy requires authentication", nowhere, "proxy unreachable");
            for (RelayClientNode n : expected.keySet()) {
                assertTrue(n.on(() -> n.relays.addRelay(relay, relayKey)));
            }
            // Each is tried, fails, and is tried again after the relay backoff (1 s, then 2 s).
            assertTrue(RelayClientNode.await(() -> expected.entrySet().stream().allMatch(e -> e.getKey().connectorCounter(e.getValue()) >= 2), 20_000),
                    expected.keySet().stream().map(n -> n.connector.counters().toString()).collect(Collectors.joining(" ")));
            for (Map.Entry<RelayClientNode, String> e : expected.entrySet()) {
                RelayClientNode n = e.getKey();
                // Both counters grow with each retry, one after the other on the I/O thread: a read
                // of the two can fall between them, so they are compared until they agree.
                assertTrue(RelayClientNode.await(() -> n.connectorCounter("proxy failures") == n.connectorCounter(e.getValue()),
                        5_000), n.connector.counters().toString());
                assertEquals(0L, n.connectorCounter("proxy tunnels"));
                assertEquals(0, (int) n.on(n.relays::readyRelays));
            }
            assertFalse(dante.logLinesWith("block(1): tcp/connect ]").isEmpty(), String.join("\n", dante.logLines()));
            assertFalse(tiny.logLinesWith("Refused CONNECT method on port " + d.tcpPort()).isEmpty(),
                    String.join("\n", tiny.logLines()));
            assertTrue(warnings.stream().anyMatch(w -> w.contains(dante.url()) && w.contains("SOCKS5 reply 2")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains(tiny.url()) && w.contains("HTTP 403")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains(locked.url()) && w.contains("requires authentication")),
                    warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("127.0.0.1:" + closed) && w.contains("proxy unreachable")),
                    warnings.toString());
            // Nothing went around the proxies.
            assertEquals(List.of(), TcpSockets.acceptedOn(d.tcpPort()));
        } finally {
            log.removeHandler(capture);
        }
    }
}
