package dev.parley.itests.node;

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
 * A node that hosts a TCP relay announces it to its friends, the c-toxcore way: it uses its own
 * relay over loopback like any other, so the relay is among those it names in its DHT-key
 * announcements (through the onion) and share-relays packets, at a loopback address under its
 * own DHT key, which a friend reads as "at this friend's IP" (or, not knowing the IP, keeps as
 * named: on this one-machine rig both are right).
 * {@code bin/parley-node --profile --tcp-port N} (UDP on, no other relay) and a c-toxcore peer
 * with UDP off that knows only {@code tox-bootstrapd}'s relay: the peer can reach the node only
 * through the relay the node announced; they befriend and chat both ways with receipts, and the
 * node's {@code relay} event shows both clients (the node's own and the peer) and data forwarded.
 */
@ExtendWith(RigExtension.class)
class NodeHostsRelayInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(30);
    static final Pattern READY_TCP = Pattern.compile(".*\"event\":\"ready\",.*\"tcp_ports\":\\[(\\d+)\\].*");

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void aToxcoreFriendReachesTheNodeThroughTheRelayItHosts(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<String> flags = new ArrayList<>(List.of("--profile", rig.dir().resolve("host-" + version + "/host.tox").toString(),
                "--name", "Relay Host", "--bootstrap", d.host() + ":" + d.port() + ":" + d.publicKey()));
        for (int i = 0; i < 3; i++) {
            ToxPeer p = rig.peer(lib, "dht" + i);
            flags.addAll(List.of("--bootstrap", "127.0.0.1:" + p.udpPort() + ":" + p.dhtKey()));
        }
        Path dir = rig.dir().resolve("node-hosts-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithRelayAndConsole(dir, flags.toArray(String[]::new))) {
            String address = node.await(NodeChats.PROFILE, T).group(2);
            node.await(READY_TCP, T);
            // bob has no UDP and knows only the daemon's relay, which the node does not use
            ToxPeer bob = rig.startPeer(lib, "bob", "--no-udp");
            rig.connect(bob);
            Rig.awaitOnline(bob, WAIT);
            NodeChats.peerAsks(node, address, bob, "tcp", "through your own relay", WAIT, T);
            Matcher relay = node.await(Pattern.compile(".*\\{.*\"event\":\"relay\",\"clients\":(\\d+),\"forwarded\":([1-9]\\d*),.*"), T);
            assertTrue(Integer.parseInt(relay.group(1)) >= 2, "the node's own client and bob: " + relay.group());
            for (String line : node.lines()) {
                assertTrue(!line.contains("malformed"), "the node reported a malformed packet: " + line);
            }
        }
    }
}
