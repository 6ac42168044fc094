package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Upgrade and downgrade against c-toxcore: Parley starts outside the DHT (relays only, onion
 * through the relay), so its friend connection with a c-toxcore peer comes up over
 * {@code tox-bootstrapd}'s TCP relay. Parley then joins the DHT; both sides find each other's
 * UDP address and the same session moves to UDP (both report it). Then Parley's UDP socket is
 * closed: the session falls back to the relay (both report TCP). Messages with receipts go both
 * ways in every phase, including ones sent right as UDP dies, each arriving exactly once.
 */
@ExtendWith(RigExtension.class)
class RelayUpgradeInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(40);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void relayToUdpAndBack(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<ToxPeer> dht = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dht.add(rig.peer(lib, "dht" + i));
        }
        try (ParleyMessengerNode parley = ParleyMessengerNode.relayFirst("upgrade-" + version,
                ToxSave.generate().withName("Parley"))) {
            parley.addRelay(d.host(), d.tcpPort(), d.publicKey());
            for (ToxPeer p : dht) {
                parley.addPathNode("127.0.0.1", p.udpPort(), p.dhtKey());
            }
            ToxPeer carol = rig.peer(lib, "carol"); // UDP on, bootstrapped, with the daemon's relay
            parley.awaitAnnounced(WAIT);
            Rig.awaitOnline(carol, WAIT);
            FriendKey ck = new FriendKey(carol.publicKey());
            int pOnC = parley.befriendOverTcp(carol, "relay first " + version, WAIT);
            List<String> sentByParley = new ArrayList<>();
            List<String> sentByCarol = new ArrayList<>();
            chat(parley, ck, carol, pOnC, "tcp", 3, sentByParley, sentByCarol);

            // Parley joins the DHT: the session moves to UDP.
            int up = parley.mark();
            int cUp = carol.mark();
            parley.bootstrap(d.host(), d.port(), d.publicKey());
            long t0 = System.nanoTime();
            try {
                parley.await(up, "UDP at Parley", l -> l.equals("connection " + ck + " UDP"), WAIT);
            } catch (AssertionError e) {
                throw new AssertionError(diagnose(parley, carol), e);
            }
            carol.awaitEventAfter(cUp, "UDP at carol", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && e.has("status", "udp"), WAIT);
            System.out.printf("[upgrade %s] relay -> UDP %d ms after Parley joined the DHT%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            chat(parley, ck, carol, pOnC, "udp", 3, sentByParley, sentByCarol);

            // Parley's UDP dies: back to the relay, nothing lost.
            int down = parley.mark();
            int cDown = carol.mark();
            parley.net.close();
            t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                String a = "as UDP dies p" + i;
                String b = "as UDP dies c" + i;
                parley.messenger.send(ck, MessageKind.NORMAL, a);
                sentByParley.add(a);
                carol.sendMessage(pOnC, b);
                sentByCarol.add(b);
            }
            parley.await(down, "TCP at Parley", l -> l.equals("connection " + ck + " TCP"), WAIT);
            carol.awaitEventAfter(cDown, "TCP at carol", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && e.has("status", "tcp"), WAIT);
            System.out.printf("[upgrade %s] UDP -> relay %d ms after Parley's UDP closed%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            chat(parley, ck, carol, pOnC, "tcp again", 3, sentByParley, sentByCarol);

            Thread.sleep(1000);
            for (String text : sentByCarol) {
                String line = "message " + ck + " NORMAL " + text;
                assertEquals(1, parley.lines().stream().filter(line::equals).count(), "'" + text + "' once at Parley");
            }
            for (String text : sentByParley) {
                assertEquals(1, carol.events().stream().filter(e -> e.is("friend_message") && text.equals(e.text("text")))
                        .count(), "'" + text + "' once at carol");
            }
            assertEquals(0L, parley.malformed());
        }
    }

    private static String diagnose(ParleyMessengerNode parley, ToxPeer carol) throws Exception {
        String sessions = parley.loop.call(() -> parley.nc.sessions().stream().map(s -> s.address() + " direct="
                + s.directAddress() + " isDirect=" + s.isDirect() + " " + s.state()).toList().toString())
                .toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        Object found = parley.dht.friendAddress(dev.parley.dht.DhtKey.fromHex(carol.dhtKey())).toCompletableFuture()
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        Object close = parley.dht.closeNodes().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        return "sessions " + sessions + "; DHT found carol at " + found + "; close nodes " + close + "; carol udp "
                + carol.udpPort() + "; carol events " + carol.events().stream().filter(e -> e.is("friend_connection"))
                .toList();
    }

    private static void chat(ParleyMessengerNode parley, FriendKey ck, ToxPeer c, int pOnC, String phase, int n,
            List<String> sentByParley, List<String> sentByCarol) throws Exception {
        for (int i = 0; i < n; i++) {
            int m = parley.mark();
            String fromC = phase + " c" + i;
            int cid = c.sendMessage(pOnC, fromC);
            sentByCarol.add(fromC);
            parley.await(m, "message " + fromC, l -> l.equals("message " + ck + " NORMAL " + fromC), T);
            c.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + pOnC, "message_id", "" + cid), T);
            String fromP = phase + " p" + i;
            int cm = c.mark();
            long id = parley.messenger.send(ck, MessageKind.NORMAL, fromP);
            sentByParley.add(fromP);
            c.awaitEventAfter(cm, "message " + fromP, e -> e.is("friend_message") && fromP.equals(e.text("text")), T);
            parley.await(m, "receipt", l -> l.equals("delivered " + ck + " " + id), T);
        }
    }
}
