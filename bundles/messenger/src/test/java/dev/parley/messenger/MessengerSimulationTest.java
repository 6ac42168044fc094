package dev.parley.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.FriendKey;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.profile.ToxSave;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two Parley Messengers on virtual time, among onion/DHT helper nodes: they become friends through
 * the onion, connect over the DHT and net_crypto, and then chat over a network that loses 20% of
 * datagrams, duplicates 10% and reorders them. Every message must arrive exactly once and in
 * order, and every one must get exactly one receipt.
 */
class MessengerSimulationTest {

    static final int HELPERS = 16;
    static final int MESSAGES = 200;
    /** The injected wall clock: what requests and messages must be stamped with. */
    static final java.time.Instant WALL = java.time.Instant.parse("2026-11-26T09:00:00Z");

    /** The Messenger options of these tests: the injected wall clock {@link #WALL}. */
    static final Messenger.Options OPTIONS = new Messenger.Options(200, 8_000, 32_000,
            java.time.Clock.fixed(WALL, java.time.ZoneOffset.UTC));

    /** A node's network for a Messenger: its DHT (bootstrapped off three helpers), onion client and net_crypto. */
    record SimNode(ToxSave save, DhtService dht, OnionService onion, NetCrypto netCrypto) {
        /** Starts one; {@code save} is asked for after the DHT's key is drawn (the seeds' order). */
        static SimNode start(VirtualEventLoop loop, SimulatedNetwork sim, List<DhtService> helpers,
                java.util.function.Supplier<ToxSave> save) {
            PacketNetwork net = new PacketNetwork(loop, sim.newTransport());
            DhtService dht = Dht.start(net, key(loop), loop.random(), DhtOptions.defaults());
            for (DhtService h : helpers.subList(0, 3)) {
                dht.bootstrap(h.localAddress(), h.selfKey());
            }
            ToxSave s = save.get();
            OnionService onion = Onion.start(net, dht, s.keyPair(), s.nospam(), loop.random(), OnionOptions.defaults());
            NetCrypto nc = NetCrypto.attach(net, s.keyPair(), dht.selfKey().toBytes(),
                    peer -> dht.sharedKey(dev.parley.dht.DhtKey.of(peer)), NetCrypto.Options.defaults());
            return new SimNode(s, dht, onion, nc);
        }
    }

    /** One Messenger with what the test saw of it. */
    static final class Peer extends Heard {
        final Messenger messenger;

        Peer(VirtualEventLoop loop, SimulatedNetwork sim, List<DhtService> helpers) {
            this(loop, sim, helpers, OutboxStore.none());
        }

        Peer(VirtualEventLoop loop, SimulatedNetwork sim, List<DhtService> helpers, OutboxStore store) {
            SimNode node = SimNode.start(loop, sim, helpers, () -> ToxSave.create(key(loop), loop.random().nextInt()));
            messenger = new Messenger(loop, node.dht(), node.onion(), node.netCrypto(), node.save(), s -> { }, store,
                    Runnable::run, OPTIONS);
            messenger.addFriendListener(this);
            messenger.addChatListener(this);
        }
    }

    /** DHT nodes that also serve the onion, bootstrapped off the first. */
    static List<DhtService> helpers(VirtualEventLoop loop, SimulatedNetwork sim, int count) {
        List<DhtService> helpers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PacketNetwork net = new PacketNetwork(loop, sim.newTransport());
            DhtService dht = Dht.start(net, key(loop), loop.random(), DhtOptions.defaults());
            Onion.serve(net, dht, loop.random());
            if (!helpers.isEmpty()) {
                dht.bootstrap(helpers.get(0).localAddress(), helpers.get(0).selfKey());
            }
            helpers.add(dht);
        }
        return helpers;
    }

    static KeyPair key(VirtualEventLoop loop) {
        byte[] sk = new byte[32];
        loop.random().nextBytes(sk);
        return KeyPair.fromSecretKey(sk);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {2026, 7, 424242})
    void everyMessageOnceAndInOrderOverALossyDuplicatingNetwork(long seed) {
        VirtualEventLoop loop = new VirtualEventLoop(seed);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 40, 0.0);
        List<DhtService> helpers = helpers(loop, sim, HELPERS);
        Peer alice = new Peer(loop, sim, helpers);
        Peer bob = new Peer(loop, sim, helpers);

        alice.messenger.add(bob.messenger.toxId(), "hello bob");
        assertTrue(loop.runUntil(() -> !bob.requests.isEmpty(), 180_000), "the request reached bob");
        assertEquals("hello bob", bob.requests.get(0).message());
        assertEquals(WALL, bob.requests.get(0).received(), "a request is stamped with the wall clock");
        bob.messenger.accept(bob.requests.get(0).key());
        assertTrue(loop.runUntil(() -> alice.connection == Connection.UDP && bob.connection == Connection.UDP, 180_000),
                "both online over UDP");

        sim.setConditions(0.20, 0.10);
        long lossyFrom = loop.nowMillis();
        long lostBefore = sim.lost();
        FriendKey aliceKey = new FriendKey(alice.messenger.publicKey());
        FriendKey bobKey = new FriendKey(bob.messenger.publicKey());
        Set<Long> aliceIds = new HashSet<>();
        Set<Long> bobIds = new HashSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            aliceIds.add(alice.messenger.send(bobKey, MessageKind.NORMAL, "a" + i));
            bobIds.add(bob.messenger.send(aliceKey, MessageKind.NORMAL, "b" + i));
            loop.runFor(5);
        }
        assertTrue(loop.runUntil(() -> bob.received.size() >= MESSAGES && alice.received.size() >= MESSAGES
                && alice.receipts.size() >= MESSAGES && bob.receipts.size() >= MESSAGES, 300_000),
                "all messages and receipts within 300 s: bob got " + bob.received.size() + ", alice got "
                        + alice.received.size() + ", receipts " + alice.receipts.size() + "/" + bob.receipts.size());
        System.out.printf("[messenger sim seed %d] %d messages each way over 20%% loss / 10%% duplication: all received "
                + "with receipts after %d ms virtual; %d datagrams lost, %d duplicated%n", seed, MESSAGES,
                loop.nowMillis() - lossyFrom, sim.lost() - lostBefore, sim.duplicated());
        loop.runFor(10_000); // a late duplicate would show up now
        List<String> wantAtBob = new ArrayList<>();
        List<String> wantAtAlice = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            wantAtBob.add("a" + i);
            wantAtAlice.add("b" + i);
        }
        assertEquals(wantAtBob, bob.received, "alice's messages at bob: each once, in order");
        assertEquals(wantAtAlice, alice.received, "bob's messages at alice: each once, in order");
        assertEquals(aliceIds, new HashSet<>(alice.receipts), "one receipt per message of alice");
        assertEquals(MESSAGES, alice.receipts.size());
        assertEquals(bobIds, new HashSet<>(bob.receipts), "one receipt per message of bob");
        assertEquals(MESSAGES, bob.receipts.size());
        assertTrue(sim.lost() > 0 && sim.duplicated() > 0, "the network did lose and duplicate");
        assertEquals(Set.of(WALL), bob.stamps, "messages are stamped with the wall clock");
        assertEquals(Connection.UDP, alice.connection, "the friendship survived the lossy stretch");
    }

    /**
     * A conversation writes the outbox at most every {@link Messenger#QUEUE_STORE_INTERVAL_MILLIS},
     * not once per send and receipt, and what it last wrote is the queue as it ended (empty once
     * every receipt is in).
     */
    @org.junit.jupiter.api.Test
    void aConversationWritesTheOutboxAtMostEveryIntervalAndLastWritesTheFinalQueue() {
        VirtualEventLoop loop = new VirtualEventLoop(99);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 40, 0.0);
        List<DhtService> helpers = helpers(loop, sim, HELPERS);
        List<Long> writtenAt = new ArrayList<>();
        List<List<QueuedMessage>> written = new ArrayList<>();
        OutboxStore recording = new OutboxStore() {
            @Override
            public List<QueuedMessage> load() {
                return List.of();
            }

            @Override
            public void store(List<QueuedMessage> messages) {
                writtenAt.add(loop.nowMillis());
                written.add(messages);
            }
        };
        Peer alice = new Peer(loop, sim, helpers, recording);
        Peer bob = new Peer(loop, sim, helpers);
        alice.messenger.add(bob.messenger.toxId(), "hello bob");
        assertTrue(loop.runUntil(() -> !bob.requests.isEmpty(), 180_000), "the request reached bob");
        bob.messenger.accept(bob.requests.get(0).key());
        assertTrue(loop.runUntil(() -> alice.connection == Connection.UDP && bob.connection == Connection.UDP, 180_000),
                "both online over UDP");

        FriendKey bobKey = new FriendKey(bob.messenger.publicKey());
        int before = writtenAt.size();
        long from = loop.nowMillis();
        int sends = 100;
        for (int i = 0; i < sends; i++) { // one message every 5 ms for half a second
            alice.messenger.send(bobKey, MessageKind.NORMAL, "m" + i);
            loop.runFor(5);
        }
        assertTrue(loop.runUntil(() -> alice.receipts.size() >= sends, 60_000), "every receipt");
        long span = loop.nowMillis() - from;
        loop.runFor(Messenger.QUEUE_STORE_INTERVAL_MILLIS + 1);
        int writes = writtenAt.size() - before;
        System.out.printf("[messenger sim] outbox: %d writes in %d ms for %d messages and their receipts%n", writes,
                span, sends);
        assertTrue(writes >= 1 && writes <= span / Messenger.QUEUE_STORE_INTERVAL_MILLIS + 2,
                writes + " writes in " + span + " ms for " + sends + " messages and their receipts");
        for (int i = before + 1; i < writtenAt.size(); i++) {
            assertTrue(writtenAt.get(i) - writtenAt.get(i - 1) >= Messenger.QUEUE_STORE_INTERVAL_MILLIS,
                    "writes " + writtenAt.get(i - 1) + " and " + writtenAt.get(i) + " ms too close");
        }
        assertEquals(List.of(), written.get(written.size() - 1), "the last write is the empty queue");
    }
}
