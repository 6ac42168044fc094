package dev.parley.itests.onion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.itests.messenger.ParleyMessengerNode;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Ports;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.profile.ToxSave;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding a friend again after a restart. Each side of a Parley/c-toxcore friendship restarts in
 * turn with a new UDP port and a new DHT key, and the friendship comes back through the onion
 * with messages both ways. Then a 0.2.18 and a 0.2.20 peer befriend each other in a network where
 * every other node is Parley.
 */
@ExtendWith(RigExtension.class)
class OnionRestartIT {
    static final Duration REQUEST = Duration.ofSeconds(60);
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);

    private static List<ParleyOnionNode> helpers(String prefix, int count) throws Exception {
        List<ParleyOnionNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ParleyOnionNode n = new ParleyOnionNode(prefix + i);
            for (ParleyOnionNode o : nodes) {
                n.bootstrap(o);
            }
            nodes.add(n);
        }
        return nodes;
    }

    private static void closeAll(List<ParleyOnionNode> nodes) {
        for (ParleyOnionNode n : nodes) {
            n.close();
        }
    }

    private static ParleyMessengerNode parley(String name, ToxSave save, Rig rig, List<ParleyOnionNode> helpers)
            throws Exception {
        ParleyMessengerNode p = new ParleyMessengerNode(name, save);
        p.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
        for (ParleyOnionNode h : helpers) {
            p.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        return p;
    }

    private static ToxPeer cPeer(Rig rig, List<ParleyOnionNode> helpers, String version, String name, int port,
            String... more) {
        List<String> args = new ArrayList<>(List.of("--port", "" + port, "--port-end", "" + port));
        args.addAll(List.of(more));
        ToxPeer c = rig.peer(version, name, args.toArray(String[]::new));
        for (ParleyOnionNode h : helpers.subList(0, 2)) {
            c.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        return c;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** One message each way, each awaited at the other side; the c-toxcore one with its receipt. */
    private static void chat(String tag, ToxPeer c, int pOnC, ParleyMessengerNode p, FriendKey ck)
            throws Exception {
        int m = p.mark();
        String fromC = "von C nach " + tag + " ✓";
        int cid = c.sendMessage(pOnC, fromC);
        p.await(m, "message after " + tag, l -> l.equals("message " + ck + " NORMAL " + fromC), T);
        c.awaitEvent("receipt after " + tag,
                Event.of("friend_read_receipt", "friend", "" + pOnC, "message_id", "" + cid), T);
        String fromP = "von Parley nach " + tag + " 🦜";
        int cm = c.mark();
        long id = p.messenger.send(ck, MessageKind.NORMAL, fromP);
        Event e = c.awaitEventAfter(cm, "message after " + tag,
                ev -> ev.is("friend_message") && ev.has("friend", "" + pOnC), T);
        assertEquals(fromP, e.text("text"));
        p.await(m, "receipt after " + tag, l -> l.equals("delivered " + ck + " " + id), T);
    }

    /**
     * c-toxcore restarts from its save with a new port and DHT key, and Parley finds it again;
     * then Parley restarts from its profile with a new port and DHT key, and c-toxcore finds it.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void bothSidesRestartWithNewDhtKeysAndFindEachOtherAgain(String version, Rig rig) throws Exception {
        List<ParleyOnionNode> helpers = helpers("x" + version + "-", 6);
        ParleyMessengerNode p = null;
        try {
            for (ParleyOnionNode h : helpers) {
                h.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
            }
            p = parley("p" + version, ToxSave.generate().withName("Parley"), rig, helpers);
            p.awaitAnnounced(Duration.ofSeconds(60));
            int port1 = Ports.freeUdpAndTcp();
            ToxPeer c = cPeer(rig, helpers, version, "c-" + version, port1);
            FriendKey ck = new FriendKey(c.publicKey());
            String pk = p.messenger.publicKey();

            // befriend: c-toxcore asks, Parley accepts
            long t0 = System.nanoTime();
            int m = p.mark();
            String hello = "Neustart-Test " + version + " ✓";
            int pOnC = c.addFriend(p.messenger.toxId(), hello);
            p.await(m, "request", l -> l.equals("request " + ck + " " + hello), REQUEST);
            p.messenger.accept(ck);
            p.await(m, "friend online", l -> l.equals("connection " + ck + " UDP"), CONNECT);
            c.awaitEvent("Parley online", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && !e.has("status", "none"), CONNECT);
            // The session's key, not the onion's: c-toxcore announces its DHT key with its request,
            // before the accept, and an announcement from a stranger is dropped (as c-toxcore does),
            // so the onion may learn it only later or, once connected, not at all.
            assertEquals(c.dhtKey(), p.sessionDhtKey(c.publicKey()).orElseThrow().toHex());
            System.out.printf("[restart %s] befriended: %d ms%n", version, ms(t0));
            chat("first start", c, pOnC, p, ck);

            // 1. c-toxcore saves, quits and comes back with a new port and a new DHT key
            Path save = rig.dir().resolve("c-" + version + ".tox");
            c.call("save " + save);
            String oldDhtKey = c.dhtKey();
            m = p.mark();
            c.close();
            p.await(m, "friend offline", l -> l.equals("connection " + ck + " NONE"), Duration.ofSeconds(90));
            int port2 = Ports.freeUdpAndTcp(port1);
            long t1 = System.nanoTime();
            ToxPeer c2 = cPeer(rig, helpers, version, "c2-" + version, port2, "--load", save.toString());
            assertEquals(c.publicKey(), c2.publicKey());
            assertEquals(port2, c2.udpPort());
            assertNotEquals(oldDhtKey, c2.dhtKey(), "c-toxcore's DHT key is new each session");
            p.await(m, "c-toxcore's new DHT key", l -> l.equals("dhtkey " + c2.publicKey() + " " + c2.dhtKey()),
                    CONNECT);
            p.await(m, "friend back", l -> l.equals("connection " + ck + " UDP"), CONNECT);
            c2.awaitEvent("Parley back", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && !e.has("status", "none"), CONNECT);
            assertEquals(c2.dhtKey(), p.friendDhtKey(c2.publicKey()).orElseThrow().toHex());
            System.out.printf("[restart %s] c-toxcore restarted, reconnected after %d ms%n", version, ms(t1));
            chat("c-toxcore's restart", c2, pOnC, p, ck);

            // 2. Parley stops and comes back from its profile with a new port and a new DHT key
            ToxSave profile = p.lastSave();
            String oldParleyDht = p.dhtKeyHex();
            int oldParleyPort = p.port();
            int cm = c2.mark();
            p.close();
            p = null;
            c2.awaitEventAfter(cm, "Parley offline", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && e.has("status", "none"), Duration.ofSeconds(90));
            long t2 = System.nanoTime();
            p = parley("p2" + version, profile, rig, helpers);
            assertEquals(pk, p.messenger.publicKey());
            assertTrue(profile.friends().stream().anyMatch(r -> HexFormat.of().withUpperCase()
                    .formatHex(r.publicKey()).equals(ck.hex())), "the friend is in Parley's profile");
            assertNotEquals(oldParleyDht, p.dhtKeyHex());
            assertNotEquals(oldParleyPort, p.port());
            // From the new node's first line: the friend may be back while parley() still waits
            // for the announcement.
            p.await(0, "friend back after Parley's restart", l -> l.equals("connection " + ck + " UDP"), CONNECT);
            c2.awaitEventAfter(cm, "Parley back", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                    && !e.has("status", "none"), CONNECT);
            assertTrue(p.messenger.friend(ck).isPresent(), "the friend is back in Parley's list");
            System.out.printf("[restart %s] Parley restarted, reconnected after %d ms%n", version, ms(t2));
            chat("Parley's restart", c2, pOnC, p, ck);
        } finally {
            if (p != null) {
                p.close();
            }
            closeAll(helpers);
        }
    }

    /**
     * A 0.2.18 peer and a 0.2.20 peer whose only bootstrap nodes are Parley nodes (no tox-bootstrapd,
     * no TCP relay): requests both ways arrive with their exact messages, and they chat.
     */
    @Test
    void crossVersionPairsMeetThroughParleyOnly(Rig rig) throws Exception {
        Toxcore.Installation v18 = Toxcore.require("0.2.18");
        Toxcore.Installation v20 = Toxcore.require("0.2.20");
        List<ParleyOnionNode> helpers = helpers("v-", 6);
        try {
            ToxPeer old1 = rig.startPeer(v18, "old-a");
            ToxPeer new1 = rig.startPeer(v20, "new-a");
            ToxPeer old2 = rig.startPeer(v18, "old-b");
            ToxPeer new2 = rig.startPeer(v20, "new-b");
            List<ToxPeer> peers = List.of(old1, new1, old2, new2);
            for (int i = 0; i < peers.size(); i++) {
                for (ParleyOnionNode h : List.of(helpers.get(i % 6), helpers.get((i + 3) % 6))) {
                    peers.get(i).bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
                }
            }
            long t0 = System.nanoTime();
            String up = "0.2.18 → 0.2.20: Grüße über Parleys Zwiebel ✓";
            String down = "0.2.20 → 0.2.18: und zurück 🦜";
            int new1OnOld1 = old1.addFriend(new1.address(), up);
            int old2OnNew2 = new2.addFriend(old2.address(), down);
            Event r1 = new1.awaitEvent("0.2.18's request", Event.of("friend_request", "public_key", old1.publicKey()),
                    REQUEST);
            assertEquals(up, r1.text("message"));
            Event r2 = old2.awaitEvent("0.2.20's request", Event.of("friend_request", "public_key", new2.publicKey()),
                    REQUEST);
            assertEquals(down, r2.text("message"));
            System.out.printf("[cross-version] both requests after %d ms%n", ms(t0));
            int old1OnNew1 = new1.acceptFriend(old1.publicKey());
            int new2OnOld2 = old2.acceptFriend(new2.publicKey());
            pair(old1, new1OnOld1, new1, old1OnNew1);
            pair(new2, old2OnNew2, old2, new2OnOld2);
            System.out.printf("[cross-version] both pairs chatted after %d ms%n", ms(t0));
            long announces = 0;
            for (ParleyOnionNode h : helpers) {
                announces += h.net.counters(0x83).received() + h.net.counters(0x87).received();
                for (int k : new int[] {0x80, 0x81, 0x82, 0x83, 0x85, 0x8c, 0x8d, 0x8e}) {
                    assertEquals(0, h.net.counters(k).malformed(), "malformed " + h.net.counters(k));
                }
            }
            assertTrue(announces > 0, "the peers announced through Parley");
        } finally {
            closeAll(helpers);
        }
    }

    /** Both connected, then one message each way with receipts. */
    private static void pair(ToxPeer a, int bOnA, ToxPeer b, int aOnB) {
        a.awaitEvent(a.name() + " sees " + b.name(), e -> e.is("friend_connection") && e.has("friend", "" + bOnA)
                && !e.has("status", "none"), CONNECT);
        b.awaitEvent(b.name() + " sees " + a.name(), e -> e.is("friend_connection") && e.has("friend", "" + aOnB)
                && !e.has("status", "none"), CONNECT);
        String ab = "hallo " + b.version() + " von " + a.version();
        int id = a.sendMessage(bOnA, ab);
        assertEquals(ab, b.awaitEvent("message", Event.of("friend_message", "friend", "" + aOnB), T).text("text"));
        a.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + bOnA, "message_id", "" + id), T);
        String ba = "zurück an " + a.version() + " von " + b.version();
        int id2 = b.sendMessage(aOnB, ba);
        assertEquals(ba, a.awaitEvent("message", Event.of("friend_message", "friend", "" + bOnA), T).text("text"));
        b.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + aOnB, "message_id", "" + id2), T);
    }
}
