package dev.parley.itests.relay;

import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two c-toxcore peers with UDP off chat through a real {@code bin/parley-node --tcp-port N}
 * process, the only relay they know: handshake, onion forwarding into the rig's DHT (announce,
 * friend search, friend request), linking and data, messages with read receipts both ways.
 * The node joins the rig's DHT too (bootstrapped to the daemon), so its UDP side is a DHT node
 * as well; the daemon and three UDP peers make up the DHT the onion paths run through. The
 * node's {@code relay} event then shows the two clients and the data it forwarded.
 */
@ExtendWith(RigExtension.class)
class RelayNodeProcessIT {
    static final Duration WAIT = Duration.ofSeconds(150);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void twoToxcorePeersChatThroughParleyNodeRelay(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        String bs = rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey();
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithRelay(rig.dir().resolve("parley-node"), "--bootstrap", bs)) {
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            ToxPeer a = rig.startPeer(lib, "alice", "--no-udp");
            ToxPeer b = rig.startPeer(lib, "bob", "--no-udp");
            for (ToxPeer p : List.of(a, b)) {
                p.addTcpRelay("127.0.0.1", node.tcpPorts().get(0), node.key());
                p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            Rig.awaitOnline(a, WAIT);
            Rig.awaitOnline(b, WAIT);
            Rig.Friendship f = rig.befriend(a, b, WAIT);
            Rig.chatBothWays(f, "tcp", "via parley-node " + version, WAIT);
            // The node reports its relay's counters: two clients, the chat's data forwarded.
            node.await(Pattern.compile("\\{.*\"event\":\"relay\",\"clients\":2,\"forwarded\":[1-9]\\d*,.*"), WAIT);
        }
    }
}
