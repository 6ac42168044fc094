package dev.parley.itests.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.profile.UserStatus;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.messenger.OutboxStore;
import dev.parley.messenger.wire.Utf8Split;
import dev.parley.profile.ToxSave;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's Messenger against c-toxcore with no shortcuts: a loopback network of tox-bootstrapd,
 * four Parley DHT/onion nodes, a Parley Messenger node and a c-toxcore peer. Friend requests go
 * through the onion, the friend connection comes up through onion, DHT and net_crypto.
 */
@ExtendWith(RigExtension.class)
class MessengerInteropIT {
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);

    /** The network: helpers bootstrapped to the daemon and each other; returns them. */
    private static List<ParleyMessengerNode> helpers(Rig rig, String prefix) throws Exception {
        List<ParleyMessengerNode> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ParleyMessengerNode n = new ParleyMessengerNode(prefix + i, ToxSave.generate(), OutboxStore.none());
            n.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            for (ParleyMessengerNode o : nodes) {
                n.bootstrap("127.0.0.1", o.port(), o.dhtKeyHex());
            }
            nodes.add(n);
        }
        return nodes;
    }

    private static ParleyMessengerNode parley(Rig rig, List<ParleyMessengerNode> helpers, String name, OutboxStore store)
            throws Exception {
        ParleyMessengerNode p = new ParleyMessengerNode(name, ToxSave.generate().withName("Parley"), store);
        p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
        for (ParleyMessengerNode h : helpers) {
            p.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!p.onion.isAnnounced().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Parley not announced within 60 s");
            }
            Thread.sleep(200);
        }
        return p;
    }

    private static ToxPeer peer(Rig rig, List<ParleyMessengerNode> helpers, String version, String name, String... args) {
        ToxPeer c = rig.peer(version, name, args);
        for (ParleyMessengerNode h : helpers.subList(0, 2)) {
            c.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        return c;
    }

    private static void closeAll(List<ParleyMessengerNode> nodes) {
        for (ParleyMessengerNode n : nodes) {
            n.close();
        }
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcoreRequestsParleyAcceptsAndTheyChat(String version, Rig rig) throws Exception {
        List<ParleyMessengerNode> helpers = helpers(rig, "h" + version + "-");
        try (ParleyMessengerNode parley = parley(rig, helpers, "a" + version, OutboxStore.none())) {
            ToxPeer c = peer(rig, helpers, version, "c-" + version);
            FriendKey ck = new FriendKey(c.publicKey());
            String pk = parley.messenger.publicKey();
            long t0 = System.nanoTime();
            int m = parley.mark();
            String hello = "Hallo Parley, c-toxcore " + version + " hier ✓";
            int pOnC = c.addFriend(parley.messenger.toxId(), hello);
            parley.await(m, "request", l -> l.equals("request " + ck + " " + hello), Duration.ofSeconds(60));
            parley.messenger.accept(ck);
            parley.await(m, "friend online", l -> l.equals("connection " + ck + " UDP"), CONNECT);
            c.awaitEvent("Parley online", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && !e.has("status", "none"), CONNECT);
            System.out.printf("[messenger %s] request to both online: %d ms%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            exchange(version, c, pOnC, parley, ck, pk);
        } finally {
            closeAll(helpers);
        }
    }

    /** Messages with receipts, names, status messages, status, typing and a long split message. */
    private static void exchange(String version, ToxPeer c, int pOnC, ParleyMessengerNode parley, FriendKey ck,
            String pk) throws Exception {
        // c-toxcore -> Parley
        int m = parley.mark();
        String fromC = "grüße aus C — " + version;
        int cid = c.sendMessage(pOnC, fromC);
        parley.await(m, "message", l -> l.equals("message " + ck + " NORMAL " + fromC), T);
        c.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + pOnC, "message_id", "" + cid), T);
        c.sendAction(pOnC, "waves");
        parley.await(m, "action", l -> l.equals("message " + ck + " ACTION waves"), T);

        // Parley -> c-toxcore
        String fromP = "Grüße von Parley 🦜";
        int cm = c.mark();
        long id = parley.messenger.send(ck, MessageKind.NORMAL, fromP);
        Event e = c.awaitEventAfter(cm, "message", ev -> ev.is("friend_message") && ev.has("friend", "" + pOnC), T);
        assertEquals(fromP, e.text("text"));
        assertEquals("normal", e.get("type"));
        parley.await(m, "receipt", l -> l.equals("delivered " + ck + " " + id), T);

        // names, status messages, status both ways
        c.setName("Cee " + version);
        parley.await(m, "name", l -> l.equals("name " + ck + " Cee " + version), T);
        c.setStatusMessage("busy coding ☕");
        parley.await(m, "status message", l -> l.equals("statusmessage " + ck + " busy coding ☕"), T);
        c.call("status away");
        parley.await(m, "status", l -> l.equals("status " + ck + " AWAY"), T);
        cm = c.mark();
        parley.messenger.setName("Parléy");
        assertEquals("Parléy", c.awaitEventAfter(cm, "name", ev -> ev.is("friend_name"), T).text("name"));
        parley.messenger.setStatusMessage("über alles ✓");
        assertEquals("über alles ✓",
                c.awaitEventAfter(cm, "status message", ev -> ev.is("friend_status_message"), T).text("message"));
        parley.messenger.setStatus(UserStatus.BUSY);
        c.awaitEventAfter(cm, "status", ev -> ev.is("friend_status") && ev.has("status", "busy"), T);

        // typing both ways
        c.call("typing " + pOnC + " 1");
        parley.await(m, "typing", l -> l.equals("typing " + ck + " true"), T);
        parley.messenger.setTyping(ck, true);
        c.awaitEventAfter(cm, "typing", ev -> ev.is("friend_typing") && ev.has("typing", "1"), T);

        // a long multi-byte message arrives as its UTF-8 parts
        String longText = "Ärger über €-Preise 𝄞 ".repeat(200);
        assertTrue(longText.getBytes(StandardCharsets.UTF_8).length > 5000);
        List<byte[]> parts = Utf8Split.split(longText, 1372);
        cm = c.mark();
        long lid = parley.messenger.send(ck, MessageKind.NORMAL, longText);
        parley.await(m, "receipt of the long message", l -> l.equals("delivered " + ck + " " + lid), T);
        List<Event> got = List.of();
        long deadline = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < deadline) {
            got = c.eventsSince(cm).stream().filter(ev -> ev.is("friend_message")).toList();
            if (got.size() >= parts.size()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(parts.size(), got.size(), "parts at c-toxcore");
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(new String(parts.get(i), StandardCharsets.UTF_8), got.get(i).text("text"), "part " + i);
        }
        System.out.printf("[messenger %s] %d-byte message arrived as %d parts%n", version,
                longText.getBytes(StandardCharsets.UTF_8).length, parts.size());
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleyRequestsCToxcoreAndQueuesWhileItIsAway(String version, Rig rig) throws Exception {
        List<ParleyMessengerNode> helpers = helpers(rig, "r" + version + "-");
        Path queue = rig.dir().resolve("parley-" + version + ".outbox");
        try (ParleyMessengerNode parley = parley(rig, helpers, "b" + version, OutboxStore.file(queue))) {
            ToxPeer c = peer(rig, helpers, version, "d-" + version);
            FriendKey ck = new FriendKey(c.publicKey());
            String pk = parley.messenger.publicKey();
            long t0 = System.nanoTime();
            int m = parley.mark();
            String hi = "Hi c-toxcore, Parley here — über Zwiebeln";
            parley.messenger.add(c.address(), hi);
            Event r = c.awaitEvent("request", Event.of("friend_request", "public_key", pk), Duration.ofSeconds(60));
            assertEquals(hi, r.text("message"));
            int pOnC = c.acceptFriend(pk);
            parley.await(m, "friend online", l -> l.equals("connection " + ck + " UDP"), CONNECT);
            System.out.printf("[messenger %s] Parley's request to both online: %d ms%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            int cm = c.mark();
            long id = parley.messenger.send(ck, MessageKind.NORMAL, "erste Nachricht");
            assertEquals("erste Nachricht", c.awaitEventAfter(cm, "message",
                    ev -> ev.is("friend_message"), T).text("text"));
            parley.await(m, "receipt", l -> l.equals("delivered " + ck + " " + id), T);
            int cid = c.sendMessage(pOnC, "Antwort");
            parley.await(m, "reply", l -> l.equals("message " + ck + " NORMAL Antwort"), T);

            // offline queue: the peer stops, Parley writes, the peer comes back from its save
            Path save = rig.dir().resolve("d-" + version + ".tox");
            c.call("save " + save);
            c.close();
            parley.await(m, "friend offline", l -> l.equals("connection " + ck + " NONE"), Duration.ofSeconds(60));
            int m2 = parley.mark();
            String queued = "geschrieben, während du weg warst 📬";
            long qid = parley.messenger.send(ck, MessageKind.NORMAL, queued);
            ParleyMessengerNode.awaitFile(queue, q -> q.contains(" " + ck + " "), "queued on disk", T);
            ToxPeer c2 = peer(rig, helpers, version, "d2-" + version, "--load", save.toString());
            assertEquals(c.publicKey(), c2.publicKey());
            Event got = c2.awaitEvent("queued message", ev -> ev.is("friend_message"), CONNECT);
            assertEquals(queued, got.text("text"));
            parley.await(m2, "receipt of the queued message", l -> l.equals("delivered " + ck + " " + qid), T);
            Thread.sleep(5000); // the window in which a duplicate must not come
            assertEquals(1, c2.events().stream().filter(ev -> ev.is("friend_message")).count(), "delivered once");
            ParleyMessengerNode.awaitFile(queue, String::isEmpty, "queue emptied", T);
        } finally {
            closeAll(helpers);
        }
    }
}
