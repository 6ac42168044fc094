package dev.parley.itests.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.profile.UserStatus;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.messenger.OutboxStore;
import dev.parley.profile.ToxSave;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parley to Parley over real UDP sockets on loopback, the same path as with c-toxcore (onion
 * request, DHT, net_crypto), among Parley helper nodes bootstrapped from the rig's
 * {@code tox-bootstrapd}: a request and accept, names, status messages, status and typing both
 * ways, 200 messages each way with one receipt each, and a restart of one side (new port, new DHT
 * key) with a message queued meanwhile, delivered once when it is back.
 */
@ExtendWith(RigExtension.class)
class ParleyPairIT {
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);
    static final int BURST = 200;

    @Test
    void twoParleyNodesBefriendChatAndSurviveARestart(Rig rig) throws Exception {
        List<ParleyMessengerNode> helpers = new ArrayList<>();
        Path queue = rig.dir().resolve("pair-alice.outbox");
        try {
            for (int i = 0; i < 4; i++) {
                ParleyMessengerNode h = new ParleyMessengerNode("pp" + i, ToxSave.generate(), OutboxStore.none());
                h.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
                helpers.add(h);
            }
            ToxSave bobSave = ToxSave.generate().withName("Bob");
            try (ParleyMessengerNode alice = node("alice", ToxSave.generate().withName("Alice"), OutboxStore.file(queue), helpers)) {
                ParleyMessengerNode bob = node("bob", bobSave, OutboxStore.none(), helpers);
                FriendKey ak = new FriendKey(alice.messenger.publicKey());
                FriendKey bk = new FriendKey(bob.messenger.publicKey());
                long t0 = System.nanoTime();
                int am = alice.mark();
                int bm = bob.mark();
                alice.messenger.add(bob.messenger.toxId(), "Bob, it's Alice (Parley → Parley) ✓");
                bob.await(bm, "request", l -> l.equals("request " + ak + " Bob, it's Alice (Parley → Parley) ✓"), CONNECT);
                bob.messenger.accept(ak);
                alice.await(am, "bob online", l -> l.equals("connection " + bk + " UDP"), CONNECT);
                bob.await(bm, "alice online", l -> l.equals("connection " + ak + " UDP"), CONNECT);
                System.out.printf("[parley pair] request to both online: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

                // profile changes both ways
                bob.messenger.setName("Bobby");
                bob.messenger.setStatusMessage("über alles");
                bob.messenger.setStatus(UserStatus.AWAY);
                bob.messenger.setTyping(ak, true);
                alice.await(am, "name", l -> l.equals("name " + bk + " Bobby"), T);
                alice.await(am, "status message", l -> l.equals("statusmessage " + bk + " über alles"), T);
                alice.await(am, "status", l -> l.equals("status " + bk + " AWAY"), T);
                alice.await(am, "typing", l -> l.equals("typing " + bk + " true"), T);
                alice.messenger.setName("Alicia");
                alice.messenger.setStatus(UserStatus.BUSY);
                bob.await(bm, "name", l -> l.equals("name " + ak + " Alicia"), T);
                bob.await(bm, "status", l -> l.equals("status " + ak + " BUSY"), T);

                // a burst each way: every message once, in order, one receipt each
                am = alice.mark();
                bm = bob.mark();
                List<Long> aliceIds = new ArrayList<>();
                List<Long> bobIds = new ArrayList<>();
                long t1 = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    aliceIds.add(alice.messenger.send(bk, MessageKind.NORMAL, "a→b " + i));
                    bobIds.add(bob.messenger.send(ak, i % 10 == 0 ? MessageKind.ACTION : MessageKind.NORMAL, "b→a " + i));
                }
                for (long id : aliceIds) {
                    alice.await(am, "receipt " + id, l -> l.equals("delivered " + bk + " " + id), T);
                }
                for (long id : bobIds) {
                    bob.await(bm, "receipt " + id, l -> l.equals("delivered " + ak + " " + id), T);
                }
                System.out.printf("[parley pair] %d messages each way delivered with receipts in %d ms%n", BURST,
                        (System.nanoTime() - t1) / 1_000_000);
                assertEquals(expected("a→b ", BURST, null), messages(bob, bm, ak));
                assertEquals(expected("b→a ", BURST, "ACTION"), messages(alice, am, bk));
                assertEquals(BURST, count(alice, am, Pattern.compile("delivered " + bk + " \\d+")), "one receipt each");
                assertEquals(BURST, count(bob, bm, Pattern.compile("delivered " + ak + " \\d+")), "one receipt each");

                // bob goes away; alice's message waits on disk; bob comes back with a new port and DHT key
                ToxSave saved = bob.lastSave();
                bob.close();
                alice.await(am, "bob offline", l -> l.equals("connection " + bk + " NONE"), Duration.ofSeconds(60));
                int qm = alice.mark();
                long qid = alice.messenger.send(bk, MessageKind.NORMAL, "while you were away 📬");
                ParleyMessengerNode.awaitFile(queue, q -> q.contains(" " + bk + " "), "queued on disk", T);
                try (ParleyMessengerNode bob2 = node("bob2", saved, OutboxStore.none(), helpers)) {
                    assertEquals(bk.hex(), bob2.messenger.publicKey());
                    assertTrue(bob2.messenger.friend(ak).isPresent(), "bob's save keeps alice");
                    // Everything bob2 logged: the queued message may arrive while node() still waits
                    // for bob2's announcement.
                    int b2 = 0;
                    bob2.await(b2, "queued message", l -> l.equals("message " + ak + " NORMAL while you were away 📬"), CONNECT);
                    alice.await(qm, "receipt of the queued message", l -> l.equals("delivered " + bk + " " + qid), T);
                    long id = bob2.messenger.send(ak, MessageKind.NORMAL, "back");
                    alice.await(qm, "reply after restart", l -> l.equals("message " + bk + " NORMAL back"), T);
                    bob2.await(b2, "receipt after restart", l -> l.equals("delivered " + ak + " " + id), T);
                    assertEquals(1, count(bob2, b2, Pattern.compile(Pattern.quote("message " + ak + " NORMAL while you were away 📬"))),
                            "the queued message arrived once");
                    ParleyMessengerNode.awaitFile(queue, String::isEmpty, "queue emptied", T);
                }
            }
        } finally {
            helpers.forEach(ParleyMessengerNode::close);
        }
    }

    private static ParleyMessengerNode node(String name, ToxSave save, OutboxStore store, List<ParleyMessengerNode> helpers)
            throws Exception {
        ParleyMessengerNode n = new ParleyMessengerNode(name, save, store);
        for (ParleyMessengerNode h : helpers) {
            n.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        n.awaitAnnounced(Duration.ofSeconds(60));
        return n;
    }

    private static List<String> expected(String prefix, int n, String everyTenth) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((everyTenth != null && i % 10 == 0 ? everyTenth : "NORMAL") + " " + prefix + i);
        }
        return out;
    }

    /** The messages from {@code from} logged since {@code mark}, as "KIND TEXT". */
    private static List<String> messages(ParleyMessengerNode node, int mark, FriendKey from) {
        String head = "message " + from + " ";
        List<String> all = node.lines();
        return all.subList(mark, all.size()).stream().filter(l -> l.startsWith(head))
                .map(l -> l.substring(head.length())).toList();
    }

    private static long count(ParleyMessengerNode node, int mark, Pattern line) {
        List<String> all = node.lines();
        return all.subList(mark, all.size()).stream().filter(l -> line.matcher(l).matches()).count();
    }
}
