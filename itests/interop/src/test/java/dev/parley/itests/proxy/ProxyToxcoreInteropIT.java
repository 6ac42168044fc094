package dev.parley.itests.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.ProxyServer;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.TcpSockets;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other way round: c-toxcore peers behind real proxies reach a {@code bin/parley-node
 * --tcp-port N} relay. Alice ({@code --no-udp}, SOCKS5 through Dante) and Bob ({@code --no-udp},
 * HTTP CONNECT through tinyproxy) know only the Parley relay; they announce through it, befriend
 * and chat with receipts. Every connection the relay accepted came from one of the proxies'
 * addresses, and each proxy's log names its tunnel to the relay.
 */
@ExtendWith(RigExtension.class)
class ProxyToxcoreInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);

    static List<String> versions() {
        return Toxcore.EXPECTED_VERSIONS;
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void proxiedToxcorePeersChatThroughParleyRelay(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        String bs = rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey();
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithRelay(rig.dir().resolve("parley-node"), "--bootstrap", bs);
                ProxyServer dante = ProxyServer.socks5(rig.dir().resolve("proxies"));
                ProxyServer tiny = ProxyServer.http(rig.dir().resolve("proxies"), node.tcpPorts().get(0))) {
            int relayPort = node.tcpPorts().get(0);
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            ToxPeer a = rig.startPeer(lib, "alice", "--no-udp", "--proxy", "socks5", "127.0.0.1", "" + dante.port());
            ToxPeer b = rig.startPeer(lib, "bob", "--no-udp", "--proxy", "http", "127.0.0.1", "" + tiny.port());
            for (ToxPeer p : List.of(a, b)) {
                p.addTcpRelay("127.0.0.1", relayPort, node.key());
                p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            Rig.awaitOnline(a, WAIT);
            Rig.awaitOnline(b, WAIT);
            Rig.Friendship f = rig.befriend(a, b, WAIT);
            Rig.chatBothWays(f, "tcp", "socks5 to http via parley-node " + version, WAIT);

            Set<String> sources = TcpSockets.acceptedOn(relayPort).stream().map(TcpSockets.Connection::peerHost)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(dante.egress(), tiny.egress()), sources, "the Parley relay saw only the proxies");
            assertTrue(dante.tunnelsTo("127.0.0.1", relayPort) >= 1, String.join("\n", dante.logLines()));
            assertTrue(tiny.tunnelsTo("127.0.0.1", relayPort) >= 1, String.join("\n", tiny.logLines()));
        }
    }
}
