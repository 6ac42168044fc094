package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two c-toxcore peers, both with UDP off ({@code --no-udp}), whose only TCP relay is a Parley
 * relay server run in the test JVM.
 *
 * <p>What it proves: c-toxcore's TCP client completes the handshake with Parley's relay; the
 * relay forwards their onion requests (announcements, friend searches) as node 0 into the DHT
 * and returns the responses; both peers route to each other on it (Parley links them and sends
 * connect notifications); the friend request, messages and read receipts flow both ways through
 * it, counted there as forwarded data.
 *
 * <p>An earlier test here gave the peers both this relay and the rig's daemon's, and asserted
 * they would also link on ours. Whether c-toxcore ties a second relay to a friend connection is
 * a race on its side: it learns a friend's relays from the DHT-key announcements, which stop
 * once the friend is online, and its share-relays packet comes out empty while it knows three
 * relays or fewer ({@code tcp_copy_connected_relays_index} in 0.2.18 and 0.2.20 copies nothing
 * when asked for all of them). That test failed once in CI for that reason and was removed.
 */
@ExtendWith(RigExtension.class)
class RelayInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);

    /**
     * The daemon and three UDP peers only make up the DHT the onion paths run through; the peers
     * are bootstrapped to the daemon, which with UDP off gives c-toxcore only a node for its
     * onion paths.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void twoToxcorePeersMeetAndChatThroughParleyRelayAlone(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        try (ParleyRelay relay = new ParleyRelay(true)) {
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            ToxPeer a = rig.startPeer(lib, "alice", "--no-udp");
            ToxPeer b = rig.startPeer(lib, "bob", "--no-udp");
            for (ToxPeer p : List.of(a, b)) {
                p.addTcpRelay("127.0.0.1", relay.port(), relay.publicKeyHex());
                p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            Rig.awaitOnline(a, WAIT);
            Rig.awaitOnline(b, WAIT);
            assertTrue(relay.counter("onion requests forwarded") > 0, relay.counters().toString());

            Rig.Friendship f = rig.befriend(a, b, WAIT);
            assertTrue(relay.awaitCounter("links made", 1, WAIT.toMillis()), relay.counters().toString());
            chat(a, f.bOnA(), b, f.aOnB(), "only parley relay " + version);
            chat(b, f.aOnB(), a, f.bOnA(), "only parley relay back " + version);
            assertTrue(relay.counter("data forwarded") > 0, relay.counters().toString());
            assertEquals(0L, relay.counter("protocol errors"), relay.counters().toString());
            assertEquals(0L, relay.counter("frames not authenticated"), relay.counters().toString());
            assertEquals(0L, relay.counter("streams closed by server"), "kept alive: " + relay.counters());
            System.out.println("relay alone " + version + ": " + relay.counters());
        }
    }

    private static void chat(ToxPeer from, int toOnFrom, ToxPeer to, int fromOnTo, String text) {
        int id = from.sendMessage(toOnFrom, text);
        Event m = to.awaitEvent(to.name() + " gets '" + text + "'",
                Event.of("friend_message", "friend", "" + fromOnTo), WAIT);
        assertEquals(text, m.text("text"));
        from.awaitEvent(from.name() + " gets the read receipt",
                Event.of("friend_read_receipt", "message_id", "" + id), WAIT);
    }
}
