package dev.parley.itests.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.messenger.OutboxStore;
import dev.parley.profile.ToxSave;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A burst of messages both ways between Parley's Messenger and c-toxcore, over the full path
 * (onion friend request, DHT, net_crypto over UDP on loopback): 200 messages each way, sent
 * back to back and in both directions at once. Every message arrives exactly once and in order,
 * and every one gets its receipt (Parley's {@code delivered}, c-toxcore's {@code friend_read_receipt}).
 */
@ExtendWith(RigExtension.class)
class MessengerBurstIT {
    static final int COUNT = 200;
    /** Five times the initial send window. */
    static final int WINDOW_BURST = 5000;
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration BURST = Duration.ofSeconds(45);

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

    private static ParleyMessengerNode parley(Rig rig, List<ParleyMessengerNode> helpers, String name) throws Exception {
        ParleyMessengerNode p = new ParleyMessengerNode(name, ToxSave.generate().withName("Parley"), OutboxStore.none());
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

    /** Polls {@code get} until it holds at least {@code n} items or the time is up; returns the last result. */
    private static <T> List<T> awaitSize(Supplier<List<T>> get, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> got = get.get();
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = get.get();
        }
        return got;
    }

    private static String fromC(String version, int i) {
        return "c→p " + version + " #" + i + " grüße";
    }

    private static String fromParley(int i) {
        return "p→c #" + i + " 🦜";
    }

    /** c-toxcore {@code c} asks to be friends with {@code parley}, which accepts; both are online over UDP. */
    private static int befriend(ParleyMessengerNode parley, ToxPeer c, List<ParleyMessengerNode> helpers,
            String version) throws InterruptedException {
        for (ParleyMessengerNode h : helpers.subList(0, 2)) {
            c.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        FriendKey ck = new FriendKey(c.publicKey());
        long t0 = System.nanoTime();
        int m = parley.mark();
        int pOnC = c.addFriend(parley.messenger.toxId(), "burst test " + version);
        parley.await(m, "request", l -> l.startsWith("request " + ck + " "), Duration.ofSeconds(60));
        parley.messenger.accept(ck);
        parley.await(m, "friend online", l -> l.equals("connection " + ck + " UDP"), CONNECT);
        c.awaitEvent("Parley online", e -> e.is("friend_connection") && e.has("friend", "" + pOnC)
                && !e.has("status", "none"), CONNECT);
        System.out.printf("[burst %s] request to both online: %d ms%n", version, (System.nanoTime() - t0) / 1_000_000);
        return pOnC;
    }

    /** The message ids of Parley's delivered callbacks for {@code ck} since {@code mark}. */
    private static Supplier<List<Long>> receipts(ParleyMessengerNode parley, int mark, FriendKey ck) {
        String prefix = "delivered " + ck + " ";
        return () -> parley.linesSince(mark).stream().filter(l -> l.startsWith(prefix))
                .map(l -> Long.parseLong(l.substring(prefix.length()))).toList();
    }

    /** The texts of the messages c-toxcore got from friend {@code friend} since {@code mark}. */
    private static Supplier<List<String>> messages(ToxPeer c, int mark, int friend) {
        return () -> c.eventsSince(mark).stream().filter(e -> e.is("friend_message") && e.has("friend", "" + friend))
                .map(e -> e.text("text")).toList();
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void twoHundredMessagesEachWayArriveOnceInOrderWithEveryReceipt(String version, Rig rig) throws Exception {
        List<ParleyMessengerNode> helpers = helpers(rig, "bh" + version + "-");
        try (ParleyMessengerNode parley = parley(rig, helpers, "burst" + version)) {
            ToxPeer c = rig.peer(version, "burst-c-" + version);
            FriendKey ck = new FriendKey(c.publicKey());
            int pOnC = befriend(parley, c, helpers, version);

            int pm = parley.mark();
            int cm = c.mark();
            long t1 = System.nanoTime();
            // c-toxcore sends from another thread while Parley sends from this one: both at once.
            CompletableFuture<List<Integer>> cSent = CompletableFuture.supplyAsync(() -> {
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < COUNT; i++) {
                    ids.add(c.sendMessage(pOnC, fromC(version, i)));
                }
                return ids;
            });
            List<Long> pIds = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                pIds.add(parley.messenger.send(ck, MessageKind.NORMAL, fromParley(i)));
            }
            List<Integer> cIds = cSent.get(BURST.toSeconds(), TimeUnit.SECONDS);
            long sentMs = (System.nanoTime() - t1) / 1_000_000;

            String msgPrefix = "message " + ck + " ";
            Supplier<List<String>> atParley = () -> parley.linesSince(pm).stream()
                    .filter(l -> l.startsWith(msgPrefix)).map(l -> l.substring(msgPrefix.length())).toList();
            Supplier<List<Long>> receiptsAtParley = receipts(parley, pm, ck);
            Supplier<List<String>> atC = messages(c, cm, pOnC);
            Supplier<List<Integer>> receiptsAtC = () -> c.eventsSince(cm).stream()
                    .filter(e -> e.is("friend_read_receipt") && e.has("friend", "" + pOnC))
                    .map(e -> e.intValue("message_id")).toList();

            awaitSize(atParley, COUNT, BURST);
            awaitSize(atC, COUNT, BURST);
            awaitSize(receiptsAtParley, COUNT, BURST);
            awaitSize(receiptsAtC, COUNT, BURST);
            long doneMs = (System.nanoTime() - t1) / 1_000_000;
            Thread.sleep(2000); // anything late (a duplicate, an extra receipt) shows up now

            List<String> expectedAtParley = new ArrayList<>();
            List<String> expectedAtC = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                expectedAtParley.add("NORMAL " + fromC(version, i));
                expectedAtC.add(fromParley(i));
            }
            assertEquals(expectedAtParley, atParley.get(), "c-toxcore's messages at Parley: once each, in order");
            assertEquals(expectedAtC, atC.get(), "Parley's messages at c-toxcore: once each, in order");
            assertEquals(COUNT, pIds.stream().distinct().count(), "Parley's message ids are distinct");
            assertEquals(COUNT, cIds.stream().distinct().count(), "c-toxcore's message ids are distinct");
            assertReceipts("Parley's delivered callbacks", pIds, receiptsAtParley.get());
            assertReceipts("c-toxcore's friend_read_receipt events", cIds, receiptsAtC.get());
            System.out.printf("[burst %s] %d messages each way sent in %d ms, all delivered with receipts in %d ms%n",
                    version, COUNT, sentMs, doneMs);
        } finally {
            for (ParleyMessengerNode n : helpers) {
                n.close();
            }
        }
    }

    /**
     * More messages at once than Parley's send window (CryptoSession.INITIAL_WINDOW) lets out
     * unacknowledged: the rest waits in the session's send buffer and goes out as c-toxcore's
     * acknowledgements come; c-toxcore still gets every message once and in order, and Parley
     * gets every receipt.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void aBurstBeyondTheSendWindowArrivesOnceInOrderWithEveryReceipt(String version, Rig rig) throws Exception {
        int count = WINDOW_BURST;
        List<ParleyMessengerNode> helpers = helpers(rig, "wh" + version + "-");
        try (ParleyMessengerNode parley = parley(rig, helpers, "window" + version)) {
            ToxPeer c = rig.peer(version, "window-c-" + version);
            FriendKey ck = new FriendKey(c.publicKey());
            int pOnC = befriend(parley, c, helpers, version);
            int pm = parley.mark();
            int cm = c.mark();
            long t1 = System.nanoTime();
            List<Long> pIds = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                pIds.add(parley.messenger.send(ck, MessageKind.NORMAL, fromParley(i)));
            }
            Supplier<List<Long>> receiptsAtParley = receipts(parley, pm, ck);
            Supplier<List<String>> atC = messages(c, cm, pOnC);
            awaitSize(atC, count, BURST);
            awaitSize(receiptsAtParley, count, BURST);
            long doneMs = (System.nanoTime() - t1) / 1_000_000;
            Thread.sleep(2000); // anything late (a duplicate, an extra receipt) shows up now
            List<String> expectedAtC = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expectedAtC.add(fromParley(i));
            }
            assertEquals(expectedAtC, atC.get(), "Parley's messages at c-toxcore: once each, in order");
            assertReceipts("Parley's delivered callbacks", pIds, receiptsAtParley.get());
            byte[] key = java.util.HexFormat.of().parseHex(c.publicKey());
            String window = parley.loop.call(() -> parley.nc.session(key).map(s -> "sent later (held back or resent) "
                    + s.losslessSentLater() + ", window " + s.sendWindow() + ", cuts " + s.sendWindowCuts()).orElse("-"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.out.printf("[burst %s] %d messages from Parley delivered with receipts in %d ms; %s%n", version,
                    count, doneMs, window);
        } finally {
            for (ParleyMessengerNode n : helpers) {
                n.close();
            }
        }
    }

    /** Every sent id has exactly one receipt, and no receipt is for an id that was not sent. */
    private static <T> void assertReceipts(String what, List<T> sent, List<T> receipts) {
        Map<T, Integer> count = new HashMap<>();
        for (T r : receipts) {
            count.merge(r, 1, Integer::sum);
        }
        List<T> missing = sent.stream().filter(id -> !count.containsKey(id)).toList();
        List<T> doubled = count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<T> unknown = count.keySet().stream().filter(id -> !sent.contains(id)).toList();
        assertTrue(missing.isEmpty() && doubled.isEmpty() && unknown.isEmpty(), what + ": " + receipts.size()
                + " receipts for " + sent.size() + " messages; missing " + missing + ", more than once " + doubled
                + ", for unknown ids " + unknown);
    }
}
