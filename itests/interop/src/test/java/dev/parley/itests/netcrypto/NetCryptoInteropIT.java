package dev.parley.itests.netcrypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.net.PacketCounters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's net_crypto against c-toxcore on loopback, without onion or DHT: the c-toxcore peer adds
 * Parley's real key as a friend ({@code add_norequest}); Parley, which knows the peer's real key, DHT
 * key and UDP port from its {@code ready} line, opens a session straight to it. c-toxcore's
 * friend_connection accepts a handshake from a friend whose DHT key it did not know yet and
 * learns it from the cookie. Then the direction is turned round: Parley kills the session, and
 * c-toxcore, now knowing Parley's DHT key and address, reconnects by itself, so Parley answers a
 * cookie request and a handshake as the responder. Versions: every one c-toxcore expects
 * ({@link Toxcore#EXPECTED_VERSIONS}); a missing one fails with the install hint.
 */
@ExtendWith(RigExtension.class)
class NetCryptoInteropIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleyOpensASessionAndBothChat(String version, Rig rig) throws Exception {
        ToxPeer peer = rig.startPeer(Toxcore.require(version), "c-" + version);
        try (ParleyCryptoNode parley = new ParleyCryptoNode()) {
            peer.setName("ctox");
            int friend = peer.call("add_norequest " + parley.publicKeyHex()).intValue("friend");
            parley.accepting = false; // this test: Parley initiates
            parley.connect(peer.publicKey(), peer.dhtKey(), peer.udpPort());

            peer.awaitEvent("UDP friend connection",
                    Event.of("friend_connection", "friend", "" + friend, "status", "udp"), WAIT);
            parley.await(0, "peer online", "online"::equals, WAIT);
            parley.await(0, "peer's name", "name ctox"::equals, WAIT);

            chat(peer, friend, parley, "Parley → " + version + ": grüße ✓");
            burst(peer, friend, parley, 100);
            assertClean(parley);
        }
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcoreReopensTheSessionToParley(String version, Rig rig) throws Exception {
        ToxPeer peer = rig.startPeer(Toxcore.require(version), "c-" + version);
        try (ParleyCryptoNode parley = new ParleyCryptoNode()) {
            int friend = peer.call("add_norequest " + parley.publicKeyHex()).intValue("friend");
            parley.accepting = false;
            parley.connect(peer.publicKey(), peer.dhtKey(), peer.udpPort());
            peer.awaitEvent("first UDP connection",
                    Event.of("friend_connection", "friend", "" + friend, "status", "udp"), WAIT);
            parley.await(0, "peer online", "online"::equals, WAIT);

            // Parley ends the session and from now on only answers.
            int peerMark = peer.mark();
            parley.accepting = true;
            int mark = parley.mark();
            parley.kill();
            peer.awaitEventAfter(peerMark, "connection lost",
                    Event.of("friend_connection", "friend", "" + friend, "status", "none"), WAIT);
            parley.await(mark, "c-toxcore's new session", "accepted"::equals, WAIT);
            peer.awaitEventAfter(peerMark, "UDP connection again",
                    Event.of("friend_connection", "friend", "" + friend, "status", "udp"), WAIT);
            parley.await(mark, "peer online again", "online"::equals, WAIT);
            assertTrue(parley.net.counters(0x18).received() > 0, "c-toxcore asked Parley for a cookie");
            assertTrue(parley.net.counters(0x19).sent() > 0, "Parley answered with a cookie");

            chat(peer, friend, parley, "after " + version + " reconnected: ünïcödé");
            assertClean(parley);
        }
    }

    /** One message each way, each with its receipt. */
    private static void chat(ToxPeer peer, int friend, ParleyCryptoNode parley, String text) throws Exception {
        int mark = parley.mark();
        int peerMark = peer.mark();
        long id = parley.send(text);
        assertTrue(id > 0, "Parley's link refused the message");
        Event got = peer.awaitEventAfter(peerMark, "Parley's message",
                Event.of("friend_message", "friend", "" + friend), WAIT);
        assertEquals(text, got.text("text"));
        assertEquals("normal", got.get("type"));
        parley.await(mark, "receipt " + id, ("receipt " + id)::equals, WAIT);

        String back = "c-toxcore " + peer.version() + " → Parley: ok ✓";
        int msgId = peer.sendMessage(friend, back);
        parley.await(mark, "peer's message", ("message " + back)::equals, WAIT);
        peer.awaitEventAfter(peerMark, "read receipt",
                Event.of("friend_read_receipt", "friend", "" + friend, "message_id", "" + msgId), WAIT);
    }

    /** {@code n} messages each way at once: each arrives once and in order, with every receipt. */
    private static void burst(ToxPeer peer, int friend, ParleyCryptoNode parley, int n) throws Exception {
        int mark = parley.mark();
        int peerMark = peer.mark();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(parley.send("p" + i));
        }
        List<Integer> peerIds = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            peerIds.add(peer.sendMessage(friend, "c" + i));
        }
        for (long id : ids) {
            assertTrue(id > 0);
            parley.await(mark, "receipt " + id, ("receipt " + id)::equals, WAIT);
        }
        int last = peerIds.get(n - 1);
        peer.awaitEventAfter(peerMark, "last read receipt",
                Event.of("friend_read_receipt", "friend", "" + friend, "message_id", "" + last), WAIT);
        peer.awaitEventAfter(peerMark, "last message",
                Event.of("friend_message", "friend", "" + friend, "text", "p" + (n - 1)), WAIT);
        List<String> atPeer = peer.events().stream()
                .filter(e -> e.is("friend_message") && e.text("text").matches("p\\d+"))
                .map(e -> e.text("text")).toList();
        List<String> atParley = parley.linesSince(mark).stream()
                .filter(l -> l.matches("message c\\d+")).toList();
        List<String> expectP = new java.util.ArrayList<>();
        List<String> expectC = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            expectP.add("p" + i);
            expectC.add("message c" + i);
        }
        assertEquals(expectP, atPeer, "Parley's messages at c-toxcore: once each, in order");
        parley.await(mark, "last peer message", ("message c" + (n - 1))::equals, WAIT);
        atParley = parley.linesSince(mark).stream()
                .filter(l -> l.matches("message c\\d+")).toList();
        assertEquals(expectC, atParley, "c-toxcore's messages at Parley: once each, in order");
        long receipts = parley.linesSince(mark).stream()
                .filter(l -> l.startsWith("receipt ")).count();
        assertEquals(n, receipts, "one receipt per message");
        for (int id : peerIds) {
            peer.awaitEventAfter(peerMark, "receipt " + id,
                    Event.of("friend_read_receipt", "friend", "" + friend, "message_id", "" + id), WAIT);
        }
    }

    private static void assertClean(ParleyCryptoNode parley) {
        for (int kind = 0x18; kind <= 0x1b; kind++) {
            PacketCounters c = parley.net.counters(kind);
            assertEquals(0, c.malformed(), "malformed " + c);
        }
        assertEquals(0, parley.nc.badPackets());
    }
}
