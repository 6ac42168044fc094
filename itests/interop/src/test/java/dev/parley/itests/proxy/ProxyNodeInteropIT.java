package dev.parley.itests.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.node.NodeChats;
import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.ProxyServer;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.TcpSockets;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/parley-node --profile P --no-udp --relay HOST:PORT:KEY --proxy URL} with a real proxy
 * on loopback (Dante for {@code socks5://}, tinyproxy for {@code http://}) between it and the only
 * relay, {@code tox-bootstrapd}: the node accepts a request from one {@code --no-udp} c-toxcore
 * peer and sends one to another (one of each version), and messages with receipts cross both ways
 * with both. The proxy's log names the tunnel, the relay's accepted connections come only from
 * the proxy's address or from the c-toxcore peers, and the node holds no connection to the relay
 * of its own, only to the proxy.
 */
@ExtendWith(RigExtension.class)
class ProxyNodeInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(30);

    static Stream<Arguments> cases() {
        List<String> v = Toxcore.EXPECTED_VERSIONS;
        String first = v.get(0);
        String last = v.get(v.size() - 1);
        return Stream.of(Arguments.of(ProxyServer.Kind.SOCKS5, first, last), Arguments.of(ProxyServer.Kind.HTTP, last, first));
    }

    @ParameterizedTest(name = "{0}: request from c-toxcore {1}, request to c-toxcore {2}")
    @MethodSource("cases")
    void nodeBehindAProxyBefriendsAndChats(ProxyServer.Kind kind, String bobVersion, String carolVersion, Rig rig)
            throws Exception {
        Bootstrapd d = rig.bootstrapd();
        Path dir = rig.dir().resolve("proxy-node-" + kind);
        try (ProxyServer proxy = kind == ProxyServer.Kind.SOCKS5 ? ProxyServer.socks5(dir)
                : ProxyServer.http(dir, d.tcpPort())) {
            List<String> flags = new ArrayList<>(List.of("--profile", dir.resolve("bot.tox").toString(),
                    "--name", "Proxied Bot", "--no-udp", "--relay", d.host() + ":" + d.tcpPort() + ":" + d.publicKey(),
                    "--proxy", proxy.url()));
            for (int i = 0; i < 3; i++) {
                ToxPeer p = rig.peer(Toxcore.require(bobVersion), "dht" + i);
                flags.addAll(List.of("--bootstrap", "127.0.0.1:" + p.udpPort() + ":" + p.dhtKey()));
            }
            try (ParleyNodeProcess node = ParleyNodeProcess.startWithConsole(dir.resolve("node"), flags.toArray(String[]::new))) {
                Matcher p = node.await(NodeChats.PROFILE, T);
                String address = p.group(2);
                String pk = address.substring(0, 64);
                node.await(Pattern.compile(".*TCP relay connections go through the proxy " + Pattern.quote(proxy.url()) + ".*"), T);

                // c-toxcore -> node
                ToxPeer bob = rig.startPeer(Toxcore.require(bobVersion), "bob", "--no-udp");
                rig.connect(bob);
                Rig.awaitOnline(bob, WAIT);
                NodeChats.peerAsks(node, address, bob, "tcp", "ping through the " + kind + " proxy", WAIT, T);

                // node -> c-toxcore
                ToxPeer carol = rig.startPeer(Toxcore.require(carolVersion), "carol", "--no-udp");
                rig.connect(carol);
                Rig.awaitOnline(carol, WAIT);
                NodeChats.nodeAsks(node, pk, carol, "tcp", "hi through the " + kind + " proxy", WAIT, T);

                // The proxy carried it: its log, the relay's view, the node's own sockets.
                assertTrue(proxy.tunnelsTo("127.0.0.1", d.tcpPort()) >= 1, String.join("\n", proxy.logLines()));
                List<TcpSockets.Connection> atRelay = TcpSockets.acceptedOn(d.tcpPort());
                assertTrue(atRelay.stream().anyMatch(c -> c.peerHost().equals(proxy.egress())), atRelay.toString());
                Set<Long> pids = node.pids();
                List<TcpSockets.Connection> mine = TcpSockets.established().stream()
                        .filter(c -> c.pids().stream().anyMatch(pids::contains)).toList();
                assertEquals(List.of(), mine.stream().filter(c -> c.peerPort() == d.tcpPort()).toList(),
                        "no direct connection from the node to the relay");
                assertFalse(mine.stream().filter(c -> c.peerPort() == proxy.port()).toList().isEmpty(), mine.toString());
                for (String line : node.lines()) {
                    assertFalse(line.contains("malformed"), "the node reported a malformed packet: " + line);
                    assertFalse(line.contains("did not open a tunnel"), "a proxy failure: " + line);
                }
            }
        }
    }
}
