package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.OnionOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the client does when announce nodes, search nodes and path hops stop answering, against
 * c-toxcore's onion_client.c, on virtual time.
 */
class OnionBackoffTest {

    record Node(PacketNetwork net, DhtService dht, OnionEngine onion) {
    }

    static List<Node> network(VirtualEventLoop loop, int n) {
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 20, 0.0);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PacketNetwork net = new PacketNetwork(loop, sim.newTransport());
            byte[] sk = new byte[32];
            loop.random().nextBytes(sk);
            KeyPair dk = KeyPair.fromSecretKey(sk);
            loop.random().nextBytes(sk);
            DhtService dht = Dht.start(net, dk, loop.random(), DhtOptions.defaults());
            OnionEngine e = new OnionEngine(net, dht, KeyPair.fromSecretKey(sk), loop.random().nextInt(), loop.random(),
                    OnionOptions.defaults());
            loop.execute(e::start);
            if (i > 0) {
                dht.bootstrap(nodes.get(0).dht().localAddress(), nodes.get(0).dht().selfKey());
            }
            nodes.add(new Node(net, dht, e));
        }
        return nodes;
    }

    private static boolean announced(VirtualEventLoop loop, OnionEngine e) {
        var s = e.isAnnounced();
        loop.runFor(0);
        return Boolean.TRUE.equals(s.toCompletableFuture().getNow(false));
    }

    @Test
    void friendSearchIntervalsBackOffAsCToxcores() {
        for (int run = 0; run <= 5; run++) {
            assertEquals(3_000, OnionEngine.friendInterval(run), "new friend, run " + run);
        }
        assertEquals(16_000, OnionEngine.friendInterval(6));
        assertEquals(32_000, OnionEngine.friendInterval(7));
        assertEquals(2_048_000, OnionEngine.friendInterval(13));
        assertEquals(3_600_000, OnionEngine.friendInterval(14));
        assertEquals(3_600_000, OnionEngine.friendInterval(1_000));
    }

    /** A friend who never comes online: many requests in the first minute, then fewer and fewer, at most one per node an hour. */
    @Test
    void aFriendWhoNeverAppearsIsSearchedLessAndLessOften() {
        VirtualEventLoop loop = new VirtualEventLoop(11);
        List<Node> nodes = network(loop, 14);
        OnionEngine alice = nodes.get(3).onion();
        assertTrue(loop.runUntil(() -> announced(loop, alice), 60_000), "announced");
        byte[] k = new byte[32];
        loop.random().nextBytes(k);
        DhtKey ghost = DhtKey.of(KeyPair.fromSecretKey(k).publicKey());
        alice.addFriend(ghost);
        loop.runFor(60_000);
        int[] minute = alice.searchState(ghost);
        loop.runFor(2 * 3_600_000L);
        int[] before = alice.searchState(ghost);
        loop.runFor(3_600_000L);
        int[] after = alice.searchState(ghost);
        System.out.printf("[onion back-off] searches for an absent friend: %d in the first minute (run count %d),"
                + " %d in all after 3 h (run count %d), %d in the third hour, %d nodes%n", minute[0], minute[1], after[0],
                after[1], after[0] - before[0], after[2]);
        assertTrue(minute[0] >= 24, "the first minute searches eagerly: " + minute[0]);
        assertTrue(after[1] >= 14, "the interval reached an hour: run count " + after[1]);
        // At most one request per node an hour, and at least a quarter hour between any two.
        assertTrue(after[0] - before[0] <= Math.min(after[2], 4) + 1, "third hour: " + (after[0] - before[0]));
        assertTrue(announced(loop, alice), "still announced");
    }

    /**
     * A connected friend is not searched for; when it goes offline its search starts afresh, as
     * c-toxcore's onion_set_friend_online resets run_count, instead of waiting out an hour-long
     * back-off built up while it was away before.
     */
    @Test
    void aConnectedFriendIsNotSearchedAndGoingOfflineRestartsTheSearch() {
        VirtualEventLoop loop = new VirtualEventLoop(12);
        List<Node> nodes = network(loop, 14);
        OnionEngine alice = nodes.get(3).onion();
        assertTrue(loop.runUntil(() -> announced(loop, alice), 60_000), "announced");
        byte[] k = new byte[32];
        loop.random().nextBytes(k);
        DhtKey friend = DhtKey.of(KeyPair.fromSecretKey(k).publicKey());
        alice.addFriend(friend);
        loop.runFor(2 * 3_600_000L);
        int[] backedOff = alice.searchState(friend);
        assertTrue(backedOff[1] >= 10, "backed off: run count " + backedOff[1]);

        alice.setFriendOnline(friend, true);
        loop.runFor(3_600_000L);
        assertEquals(backedOff[0], alice.searchState(friend)[0], "no search requests while connected");

        alice.setFriendOnline(friend, false);
        loop.runFor(60_000);
        int[] afresh = alice.searchState(friend);
        assertTrue(afresh[1] < backedOff[1], "run count reset: " + afresh[1]);
        assertTrue(afresh[0] - backedOff[0] >= 8, "eager again: " + (afresh[0] - backedOff[0]) + " requests in a minute");
    }

    /** An announce node that goes away is asked three times, then dropped 15 s after the last request. */
    @Test
    void aDeadAnnounceNodeIsDroppedAfterThreeUnansweredRequests() {
        VirtualEventLoop loop = new VirtualEventLoop(12);
        List<Node> nodes = network(loop, 24);
        OnionEngine alice = nodes.get(5).onion();
        assertTrue(loop.runUntil(() -> announced(loop, alice), 60_000), "announced");
        loop.runFor(30_000);
        DhtKey gone = alice.announceNodes().get(0);
        Node dead = nodes.stream().filter(n -> n.dht().selfKey().equals(gone)).findFirst().orElseThrow();
        long killed = loop.nowMillis();
        dead.net().close();
        assertTrue(loop.runUntil(() -> !alice.announceNodes().contains(gone), 3 * OnionEngine.ANNOUNCE_INTERVAL_STABLE
                + OnionEngine.NODE_TIMEOUT + 2_000), "dropped");
        long took = loop.nowMillis() - killed;
        System.out.printf("[onion back-off] a dead announce node dropped after %.1f s%n", took / 1000.0);
        // Three requests at least 3 s apart, then 15 s: never sooner than 21 s.
        assertTrue(took >= 2 * OnionEngine.ANNOUNCE_INTERVAL_NOT_ANNOUNCED + OnionEngine.NODE_TIMEOUT, "too soon: " + took);
        assertTrue(announced(loop, alice), "still announced to the others");
    }

    /** When a hop of our paths goes away, paths through it are given up and our announcement lives on. */
    @Test
    void pathsThroughADeadHopAreReplaced() {
        VirtualEventLoop loop = new VirtualEventLoop(13);
        List<Node> nodes = network(loop, 24);
        OnionEngine alice = nodes.get(7).onion();
        assertTrue(loop.runUntil(() -> announced(loop, alice), 60_000), "announced");
        loop.runFor(20_000);
        int slot = -1;
        List<List<DhtKey>> before = alice.selfPaths();
        for (int i = 0; i < before.size() && slot < 0; i++) {
            if (before.get(i) != null) {
                slot = i;
            }
        }
        assertTrue(slot >= 0, "a path");
        List<DhtKey> old = before.get(slot);
        DhtKey gone = old.get(1);
        Node dead = nodes.stream().filter(n -> n.dht().selfKey().equals(gone)).findFirst().orElseThrow();
        long killed = loop.nowMillis();
        dead.net().close();
        int s = slot;
        assertTrue(loop.runUntil(() -> !old.equals(alice.selfPaths().get(s)), 120_000), "the path through the dead hop lives on");
        System.out.printf("[onion back-off] a path through a dead hop given up after %.1f s%n",
                (loop.nowMillis() - killed) / 1000.0);
        loop.runFor(60_000);
        assertTrue(announced(loop, alice), "still announced");
    }
}
