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
 * Two c-toxcore peers, both with UDP off ({@code --no-udp}), use a Parley TCP relay server run in
 * the test JVM.
 *
 * <p>What it proves: c-toxcore's TCP client completes the handshake with Parley's relay and
 * keeps the connection (pings), both peers route to each other on it (Parley links them and
 * sends connect notifications), and after the rig's {@code tox-bootstrapd} (the other relay,
 * which also serves onion and DHT) is killed, messages and read receipts flow both ways
 * through the Parley relay alone: they are counted as forwarded data there, and there is no
 * other path left (no UDP, no other relay).
 *
 * <p>What it does not prove: onion through the Parley relay. Parley's relay does not forward onion
 * requests yet, so the peers announce themselves and find each other through the daemon's relay
 * before it is killed.
 */
@ExtendWith(RigExtension.class)
class RelayInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);

    static List<String> versions() {
        return Toxcore.EXPECTED_VERSIONS;
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void twoToxcorePeersChatThroughParleyRelay(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        try (ParleyRelay relay = new ParleyRelay(false)) {
            // UDP peers that only fill the daemon's DHT: a TCP-only client builds its onion paths
            // (relay, then two more nodes) from nodes the relays' DHT knows.
            for (int i = 0; i < 3; i++) {
                rig.peer(lib, "dht" + i);
            }
            ToxPeer a = rig.startPeer(lib, "alice", "--no-udp");
            ToxPeer b = rig.startPeer(lib, "bob", "--no-udp");
            for (ToxPeer p : List.of(a, b)) {
                p.addTcpRelay("127.0.0.1", relay.port(), relay.publicKeyHex());
                rig.connect(p);
            }
            assertTrue(relay.awaitCounter("clients confirmed", 2, WAIT.toMillis()),
                    "both peers completed the handshake with the Parley relay: " + relay.counters());
            Rig.awaitOnline(a, WAIT);
            Rig.awaitOnline(b, WAIT);

            Rig.Friendship f = rig.befriend(a, b, WAIT);
            assertTrue(relay.awaitCounter("links made", 1, WAIT.toMillis()),
                    "the peers routed to each other on the Parley relay: " + relay.counters());

            rig.bootstrapd().close();
            long before = relay.counter("data forwarded");

            chat(a, f.bOnA(), b, f.aOnB(), "hello through parley relay " + version);
            chat(b, f.aOnB(), a, f.bOnA(), "and back through parley relay " + version);

            long after = relay.counter("data forwarded");
            assertTrue(after > before, "data went through the Parley relay: " + relay.counters());
            assertEquals(0L, relay.counter("protocol errors"), relay.counters().toString());
            assertEquals(0L, relay.counter("frames not authenticated"), relay.counters().toString());
            System.out.println("relay " + version + ": " + relay.counters());
        }
    }

    /**
     * The same two TCP-only peers, but the Parley relay is the only relay they know: their onion
     * announcements and friend searches go through it (the relay forwards onion requests as
     * node 0 over UDP into the rig's DHT and returns the responses), and so do the friend
     * request, the friend connection, messages and receipts. The daemon and three UDP peers only
     * make up the DHT the onion paths run through; the peers are bootstrapped to the daemon,
     * which with UDP off gives c-toxcore only a node for its onion paths.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
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
