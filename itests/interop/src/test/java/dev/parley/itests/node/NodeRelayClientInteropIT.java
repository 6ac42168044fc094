package dev.parley.itests.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/parley-node --profile P --no-udp --relay HOST:PORT:KEY} against {@code --no-udp}
 * c-toxcore peers, driven through the node's console: the only path is {@code tox-bootstrapd}'s
 * TCP relay (the node's {@code --bootstrap} nodes, UDP c-toxcore peers, only serve as onion path
 * nodes). A c-toxcore request is accepted with {@code parley:accept}, the node's own
 * {@code parley:add} is accepted by a second peer, both friend connections are reported as
 * {@code tcp} on both sides, and messages with receipts cross both ways ({@link NodeChats}). The node's own request comes
 * second, a while after start: it must find the peer's announcement through nodes it learnt
 * from announce responses (its path nodes alone did not hold it). The node never holds a UDP
 * socket (its {@code ready} event says port 0, its process has none) and reports its own
 * connection as {@code tcp}.
 */
@ExtendWith(RigExtension.class)
class NodeRelayClientInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(30);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void noUdpNodeBefriendsAndChatsThroughARelay(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<String> flags = new ArrayList<>(List.of("--profile", rig.dir().resolve("relay-client/bot.tox").toString(),
                "--name", "Relay Bot", "--no-udp", "--relay", d.host() + ":" + d.tcpPort() + ":" + d.publicKey()));
        for (int i = 0; i < 3; i++) {
            ToxPeer p = rig.peer(lib, "dht" + i);
            flags.addAll(List.of("--bootstrap", "127.0.0.1:" + p.udpPort() + ":" + p.dhtKey()));
        }
        Path dir = rig.dir().resolve("node-relay-client-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithConsole(dir, flags.toArray(String[]::new))) {
            Matcher p = node.await(NodeChats.PROFILE, T);
            String address = p.group(2);
            String pk = address.substring(0, 64);
            node.await(Pattern.compile(".*\\{\"ts\":\\d+,\"event\":\"ready\",\"dht_id\":\"[0-9A-F]{64}\",\"udp_port\":0,.*"), T);
            assertEquals(List.of(), node.udpSockets(), "--no-udp: the node holds no UDP socket");
            // Its own connection is through the relay only, and says so.
            node.await(Pattern.compile(".*\"event\":\"self_connection\",\"status\":\"tcp\".*"), WAIT);

            // c-toxcore -> node
            ToxPeer bob = rig.startPeer(lib, "bob", "--no-udp");
            rig.connect(bob);
            Rig.awaitOnline(bob, WAIT);
            NodeChats.peerAsks(node, address, bob, "tcp", "ping over the relay", WAIT, T);

            // node -> c-toxcore
            ToxPeer carol = rig.startPeer(lib, "carol", "--no-udp");
            rig.connect(carol);
            Rig.awaitOnline(carol, WAIT);
            NodeChats.nodeAsks(node, pk, carol, "tcp", "hi back over the relay", WAIT, T);
            for (String line : node.lines()) {
                assertTrue(!line.contains("malformed"), "the node reported a malformed packet: " + line);
                assertTrue(!line.contains("\"self_connection\",\"status\":\"udp\""), "UDP reported without UDP: " + line);
            }
            assertEquals(List.of(), node.udpSockets(), "still no UDP socket at the end");
        }
    }
}
