package dev.parley.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.dht.DhtService;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.messenger.MessengerSimulationTest.SimNode;
import dev.parley.profile.ToxSave;
import dev.parley.profile.format.FriendRecord;
import dev.parley.profile.format.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Messenger started from its save before the node's network exists (as the desktop starts it):
 * the profile and the saved friends are there at once, a message sent meanwhile waits in the
 * (persisted) outbox, and when the DHT, onion and net_crypto are attached the friend comes online
 * and the message is delivered exactly once, with one receipt.
 */
class MessengerBeforeTheNodeTest {

    /** An outbox kept in memory that remembers each stored list. */
    private static final class MemoryOutbox implements OutboxStore {
        final List<List<QueuedMessage>> stores = new CopyOnWriteArrayList<>();

        @Override
        public List<QueuedMessage> load() {
            return List.of();
        }

        @Override
        public void store(List<QueuedMessage> messages) {
            stores.add(List.copyOf(messages));
        }
    }

    private static ToxSave friendOf(ToxSave save, ToxSave friend, String name) {
        return save.withFriends(List.of(FriendRecord.confirmed(friend.publicKey(), name, "saved status",
                UserStatus.AWAY, MessengerSimulationTest.WALL.getEpochSecond() - 3600)));
    }

    @Test
    void theSavedFriendsAreThereAtOnceAndAMessageSentBeforeTheNodeIsDeliveredOnceItComes() {
        VirtualEventLoop loop = new VirtualEventLoop(88);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 40, 0.0);
        List<DhtService> helpers = MessengerSimulationTest.helpers(loop, sim, 12);
        ToxSave aliceBare = ToxSave.create(MessengerSimulationTest.key(loop), loop.random().nextInt()).withName("Alice");
        ToxSave bobBare = ToxSave.create(MessengerSimulationTest.key(loop), loop.random().nextInt()).withName("Bob");
        ToxSave aliceSave = friendOf(aliceBare, bobBare, "Bob (saved)");
        ToxSave bobSave = friendOf(bobBare, aliceBare, "Alice (saved)");

        SimNode bobNode = SimNode.start(loop, sim, helpers, () -> bobSave);
        Messenger bob = new Messenger(loop, bobNode.dht(), bobNode.onion(), bobNode.netCrypto(), bobSave, s -> { },
                OutboxStore.none(), Runnable::run, MessengerSimulationTest.OPTIONS);
        Heard atBob = new Heard();
        bob.addChatListener(atBob);

        MemoryOutbox aliceOutbox = new MemoryOutbox();
        List<ToxSave> aliceSaves = new ArrayList<>();
        Messenger alice = new Messenger(loop, aliceSave, aliceSaves::add, aliceOutbox, Runnable::run, MessengerSimulationTest.OPTIONS);
        Heard atAlice = new Heard();
        alice.addFriendListener(atAlice);
        alice.addChatListener(atAlice);

        // Before the loop has run anything: the profile and the friend list come from the save.
        FriendKey bobKey = new FriendKey(bob.publicKey());
        assertEquals("Alice", alice.name());
        assertEquals(new FriendKey(alice.publicKey()).hex(), alice.publicKey());
        List<Friend> friends = alice.friends();
        assertEquals(1, friends.size(), friends.toString());
        Friend saved = friends.get(0);
        assertEquals(bobKey, saved.key());
        assertEquals("Bob (saved)", saved.name());
        assertEquals("saved status", saved.statusMessage());
        assertEquals(dev.parley.api.profile.UserStatus.AWAY, saved.status());
        assertEquals(Connection.NONE, saved.connection());

        // A message and a profile change with no node: kept, nothing goes anywhere.
        long id = alice.send(bobKey, MessageKind.NORMAL, "written before the network was up");
        alice.setStatusMessage("changed offline");
        loop.runFor(20_000);
        assertTrue(atBob.received.isEmpty(), "nothing reaches bob without a node");
        assertEquals(Connection.NONE, alice.friends().get(0).connection());
        assertTrue(aliceOutbox.stores.stream().anyMatch(l -> l.size() == 1 && l.get(0).id() == id),
                "the message is in the persisted outbox: " + aliceOutbox.stores);
        assertEquals("changed offline", aliceSaves.get(aliceSaves.size() - 1).statusMessage());

        // The node comes: the friend is found, the message delivered once with one receipt.
        SimNode aliceNode = SimNode.start(loop, sim, helpers,
                () -> aliceSave);
        alice.attach(aliceNode.dht(), aliceNode.onion(), aliceNode.netCrypto());
        assertTrue(loop.runUntil(() -> atAlice.connection == Connection.UDP && atBob.received.size() >= 1
                && atAlice.receipts.size() >= 1, 240_000),
                "online and delivered: " + atAlice.connection + ", " + atBob.received + ", " + atAlice.receipts);
        loop.runFor(20_000); // a second copy would arrive now
        assertEquals(List.of("written before the network was up"), atBob.received);
        assertEquals(List.of(id), atAlice.receipts);
        assertTrue(aliceOutbox.stores.get(aliceOutbox.stores.size() - 1).isEmpty(),
                "the delivered message left the outbox");
        assertEquals("changed offline", bob.friends().get(0).statusMessage(),
                "the change made before the node reached the friend when it came online");
        alice.close();
        bob.close();
    }
}
