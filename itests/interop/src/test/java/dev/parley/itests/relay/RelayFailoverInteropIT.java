package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.itests.messenger.ParleyMessengerNode;
import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.profile.ToxSave;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relay failover with UDP off on both sides: a Parley Messenger node and a c-toxcore peer both use
 * two relays, the rig's {@code tox-bootstrapd} and a Parley relay server in the test JVM, and are
 * linked on both. The relay carrying the friend connection is killed mid-conversation; ten
 * messages sent each way right after (while the link is being lost) all arrive, each exactly
 * once, with their read receipts, within 10 s of the kill, through the other relay. Which relay
 * carries depends on the run; {@link #conversationSurvivesTheLossOfTheParleyRelayCarryingIt}
 * makes sure it is the Parley relay.
 */
@ExtendWith(RigExtension.class)
class RelayFailoverInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void conversationSurvivesTheLossOfTheCarryingRelay(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<ToxPeer> dht = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dht.add(rig.peer(lib, "dht" + i));
        }
        try (ParleyRelay second = new ParleyRelay(true);
                ParleyMessengerNode parley = ParleyMessengerNode.tcpOnly("failover-" + version,
                        ToxSave.generate().withName("Parley"))) {
            parley.addRelay(d.host(), d.tcpPort(), d.publicKey());
            parley.addRelay("127.0.0.1", second.port(), second.publicKeyHex());
            for (ToxPeer p : dht) {
                parley.addPathNode("127.0.0.1", p.udpPort(), p.dhtKey());
            }
            ToxPeer carol = rig.startPeer(lib, "carol", "--no-udp");
            rig.connect(carol);
            carol.addTcpRelay("127.0.0.1", second.port(), second.publicKeyHex());
            parley.awaitAnnounced(WAIT);
            Rig.awaitOnline(carol, WAIT);

            FriendKey ck = new FriendKey(carol.publicKey());
            int pOnC = parley.befriendOverTcp(carol, "failover " + version, WAIT);
            awaitLinkedOnBoth(parley, carol);
            roundTrip(parley, ck, carol, pOnC, "before " + version, 0);

            String carrying = parley.carryingRelay(carol.dhtKey());
            assertNotNull(carrying);
            boolean daemon = carrying.equalsIgnoreCase(d.publicKey());
            long secondBefore = second.counter("data forwarded");
            long killedAt = System.nanoTime();
            if (daemon) {
                d.close();
            } else {
                second.close();
            }
            System.out.printf("[failover %s] killed the relay carrying the session: %s%n", version,
                    daemon ? "tox-bootstrapd" : "Parley relay");

            deliveredOnceAfterKill(parley, ck, carol, pOnC, version, killedAt);
            if (daemon) {
                assertTrue(second.counter("data forwarded") > secondBefore, "the Parley relay took over");
            }
            assertEquals(0L, parley.udpPacketsSent());
            assertEquals(0L, parley.malformed());
        }
    }

    private static void awaitLinkedOnBoth(ParleyMessengerNode parley, ToxPeer carol) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (parley.relaysOf(carol.dhtKey()) < 2 && System.nanoTime() < end) {
            Thread.sleep(200); // polling; the deadline decides
        }
        assertEquals(2, parley.relaysOf(carol.dhtKey()), "carol and Parley are linked on both relays");
    }

    /**
     * The variant where the Parley relay is known to carry the session: Parley uses both relays
     * (the Parley relay added first), carol only the Parley relay and learns the daemon's from
     * Parley's announcement, so that both get linked on both relays while carol's first relay for
     * Parley (the one c-toxcore sends on while it is online) is the Parley relay; the test checks
     * that a round trip went through it and that Parley's side carries on it too, then kills it.
     * Newest c-toxcore only, to keep the build short.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("newestVersion")
    void conversationSurvivesTheLossOfTheParleyRelayCarryingIt(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<ToxPeer> dht = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dht.add(rig.peer(lib, "dht" + i));
        }
        try (ParleyRelay first = new ParleyRelay(true);
                ParleyMessengerNode parley = ParleyMessengerNode.tcpOnly("parley-carries-" + version,
                        ToxSave.generate().withName("Parley"))) {
            parley.addRelay("127.0.0.1", first.port(), first.publicKeyHex());
            parley.addRelay(d.host(), d.tcpPort(), d.publicKey());
            for (ToxPeer p : dht) {
                parley.addPathNode("127.0.0.1", p.udpPort(), p.dhtKey());
            }
            ToxPeer carol = rig.startPeer(lib, "carol", "--no-udp");
            carol.addTcpRelay("127.0.0.1", first.port(), first.publicKeyHex());
            carol.bootstrap(d.host(), d.port(), d.publicKey());
            parley.awaitAnnounced(WAIT);
            Rig.awaitOnline(carol, WAIT);
            FriendKey ck = new FriendKey(carol.publicKey());
            int pOnC = parley.befriendOverTcp(carol, "failover " + version, WAIT);
            awaitLinkedOnBoth(parley, carol);
            long before = first.counter("data forwarded");
            roundTrip(parley, ck, carol, pOnC, "linked on both " + version, 0);
            assertTrue(first.counter("data forwarded") >= before + 4, "the round trip went through the Parley relay");
            assertEquals(first.publicKeyHex(), parley.carryingRelay(carol.dhtKey()), "the Parley relay carries");

            long killedAt = System.nanoTime();
            first.close();
            System.out.printf("[failover %s] killed the Parley relay carrying the session%n", version);
            deliveredOnceAfterKill(parley, ck, carol, pOnC, version, killedAt);
            assertEquals(0L, parley.udpPacketsSent());
            assertEquals(0L, parley.malformed());
        }
    }

    static List<String> newestVersion() {
        List<String> all = Toxcore.requiredVersions();
        return List.of(all.get(all.size() - 1));
    }

    /**
     * Right after a relay was killed at {@code killedAt}: ten messages each way all arrive, with
     * their receipts, within 10 s of the kill, and none twice.
     */
    private static void deliveredOnceAfterKill(ParleyMessengerNode parley, FriendKey ck, ToxPeer carol, int pOnC,
            String version, long killedAt) throws Exception {
        int mark = parley.mark();
        int cm = carol.mark();
        List<Long> ours = new ArrayList<>();
        List<Integer> theirs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ours.add(parley.messenger.send(ck, MessageKind.NORMAL, "p" + i + " after the kill"));
            theirs.add(carol.sendMessage(pOnC, "c" + i + " after the kill"));
        }
        Duration left = Duration.ofSeconds(10);
        for (int i = 0; i < 10; i++) {
            int k = i;
            Duration rest = left.minusNanos(System.nanoTime() - killedAt);
            parley.await(mark, "message c" + i, l -> l.equals("message " + ck + " NORMAL c" + k + " after the kill"),
                    rest);
            parley.await(mark, "receipt " + i, l -> l.equals("delivered " + ck + " " + ours.get(k)), rest);
            carol.awaitEventAfter(cm, "message p" + i, e -> e.is("friend_message") && ("p" + k + " after the kill")
                    .equals(e.text("text")), rest);
            carol.awaitEventAfter(cm, "receipt " + i, Event.of("friend_read_receipt", "friend", "" + pOnC,
                    "message_id", "" + theirs.get(k)), rest);
        }
        long took = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("[failover %s] all 20 messages and receipts %d ms after the kill%n", version, took);
        assertTrue(took <= 10_000, took + " ms");
        Thread.sleep(1000); // late duplicates would show up here
        for (int i = 0; i < 10; i++) {
            String line = "message " + ck + " NORMAL c" + i + " after the kill";
            assertEquals(1, parley.linesSince(mark).stream().filter(line::equals).count(),
                    "c" + i + " once at Parley");
            String text = "p" + i + " after the kill";
            assertEquals(1, carol.eventsSince(cm).stream()
                    .filter(e -> e.is("friend_message") && text.equals(e.text("text"))).count(), "p" + i + " once at carol");
        }
    }

    private static void roundTrip(ParleyMessengerNode parley, FriendKey ck, ToxPeer c, int pOnC, String text, int n)
            throws Exception {
        int m = parley.mark();
        int cid = c.sendMessage(pOnC, "c " + text);
        parley.await(m, "message", l -> l.equals("message " + ck + " NORMAL c " + text), Duration.ofSeconds(30));
        c.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + pOnC, "message_id", "" + cid),
                Duration.ofSeconds(30));
        long id = parley.messenger.send(ck, MessageKind.NORMAL, "p " + text);
        parley.await(m, "receipt", l -> l.equals("delivered " + ck + " " + id), Duration.ofSeconds(30));
    }
}
