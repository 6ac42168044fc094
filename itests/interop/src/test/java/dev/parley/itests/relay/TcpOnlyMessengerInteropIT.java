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
 * UDP off on both sides: a Parley Messenger node (no DHT, onion paths through the relay, net_crypto
 * through the relay) and c-toxcore peers started with {@code --no-udp} meet only through the rig's
 * {@code tox-bootstrapd} TCP relay. Friend requests go each way (Parley to one peer, another peer
 * to Parley) over onion paths that start at the relay; the friends learn each other's relay from
 * the DHT-key announcements, route to each other on it, run net_crypto over it and chat with read
 * receipts both ways. Three UDP c-toxcore peers only make up the DHT the onion paths run through
 * (Parley is given their addresses as path nodes, as a c-toxcore client is given bootstrap nodes).
 *
 * <p>Checked besides: both sides report the friend connection as TCP, Parley's UDP socket sent
 * nothing, and Parley saw no malformed packet (UDP, net_crypto, relay frames).
 */
@ExtendWith(RigExtension.class)
class TcpOnlyMessengerInteropIT {
    static final Duration WAIT = Duration.ofSeconds(150);
    static final Duration T = Duration.ofSeconds(30);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleyAndToxcoreBefriendAndChatThroughToxBootstrapdRelayWithUdpOff(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<ToxPeer> dht = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dht.add(rig.peer(lib, "dht" + i));
        }
        try (ParleyMessengerNode parley = ParleyMessengerNode.tcpOnly("tcp-" + version,
                ToxSave.generate().withName("Parley"))) {
            parley.addRelay(d.host(), d.tcpPort(), d.publicKey());
            for (ToxPeer p : dht) {
                parley.addPathNode("127.0.0.1", p.udpPort(), p.dhtKey());
            }
            parley.addPathNode(d.host(), d.port(), d.publicKey());
            ToxPeer carol = rig.startPeer(lib, "carol", "--no-udp");
            ToxPeer dave = rig.startPeer(lib, "dave", "--no-udp");
            for (ToxPeer p : List.of(carol, dave)) {
                rig.connect(p);
            }
            parley.awaitAnnounced(WAIT);
            Rig.awaitOnline(carol, WAIT);
            Rig.awaitOnline(dave, WAIT);
            String pk = parley.messenger.publicKey();

            // Parley asks carol.
            FriendKey ck = new FriendKey(carol.publicKey());
            int m = parley.mark();
            parley.messenger.add(carol.address(), "Parley over TCP " + version);
            Event r = carol.awaitEvent("request", Event.of("friend_request", "public_key", pk), WAIT);
            assertEquals("Parley over TCP " + version, r.text("message"));
            int pOnC = carol.acceptFriend(pk);
            parley.await(m, "carol online over TCP", l -> l.equals("connection " + ck + " TCP"), WAIT);
            carol.awaitEvent("Parley online over TCP", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && e.has("status", "tcp"), WAIT);
            chat(version, parley, ck, carol, pOnC);

            // dave asks Parley.
            FriendKey dk = new FriendKey(dave.publicKey());
            m = parley.mark();
            int pOnD = dave.addFriend(parley.messenger.toxId(), "dave over TCP " + version);
            parley.await(m, "request from dave", l -> l.equals("request " + dk + " dave over TCP " + version), WAIT);
            parley.messenger.accept(dk);
            parley.await(m, "dave online over TCP", l -> l.equals("connection " + dk + " TCP"), WAIT);
            dave.awaitEvent("Parley online over TCP", e -> e.is("friend_connection") && e.has("friend", "" + pOnD)
                    && e.has("status", "tcp"), WAIT);
            chat(version, parley, dk, dave, pOnD);

            assertEquals(0L, parley.udpPacketsSent(), "Parley's UDP socket sent nothing");
            assertEquals(0L, parley.malformed(), "malformed packets at Parley");
        }
    }

    private static void chat(String version, ParleyMessengerNode parley, FriendKey ck, ToxPeer c, int pOnC)
            throws Exception {
        int m = parley.mark();
        String fromC = "from " + c.name() + " over the relay " + version;
        int cid = c.sendMessage(pOnC, fromC);
        parley.await(m, "message", l -> l.equals("message " + ck + " NORMAL " + fromC), T);
        c.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + pOnC, "message_id", "" + cid), T);

        String fromP = "from Parley over the relay to " + c.name();
        int cm = c.mark();
        long id = parley.messenger.send(ck, MessageKind.NORMAL, fromP);
        Event e = c.awaitEventAfter(cm, "message", ev -> ev.is("friend_message") && ev.has("friend", "" + pOnC), T);
        assertEquals(fromP, e.text("text"));
        parley.await(m, "receipt", l -> l.equals("delivered " + ck + " " + id), T);
    }
}
