package dev.parley.shell.swt.presentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class MessengerModelTest {
    static final String A = "A".repeat(64);
    static final String B = "B".repeat(64);
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static Friend friend(String key, String name, Connection c) {
        return new Friend(new FriendKey(key), 0, true, name, "", UserStatus.ONLINE, c, false, Optional.empty());
    }

    MessengerModel model() {
        MessengerModel m = new MessengerModel();
        m.friendsLoaded(List.of(friend(A, "Alice Smith", Connection.UDP), friend(B, "bob", Connection.NONE)));
        return m;
    }

    @Test
    void contactsShowInitialsStatusAndSubtitle() {
        MessengerModel m = model();
        Contact a = m.contact(A).orElseThrow();
        assertEquals("AS", a.initials());
        assertEquals(Contact.Presence.ONLINE, a.presence());
        assertEquals(Contact.Presence.OFFLINE, m.contact(B).orElseThrow().presence());
        m.statusChanged(A, UserStatus.BUSY);
        assertEquals(Contact.Presence.BUSY, m.contact(A).orElseThrow().presence());
        m.typingChanged(A, true);
        assertEquals("typing…", m.contact(A).orElseThrow().subtitle());
        assertTrue(m.conversation(A).typing());
    }

    @Test
    void unreadCountsPreviewAndTitle() {
        MessengerModel m = model();
        assertEquals("Parley", m.title());
        m.messageReceived(new IncomingMessage(new FriendKey(B), MessageKind.NORMAL, "hello there", T0));
        m.messageReceived(new IncomingMessage(new FriendKey(B), MessageKind.ACTION, "waves", T0.plusSeconds(1)));
        Contact b = m.contact(B).orElseThrow();
        assertEquals(2, b.unread());
        assertEquals("* bob waves", b.preview());
        assertEquals("(2) Parley", m.title());
        // the newest conversation comes first
        assertEquals(B, m.visibleContacts().get(0).key());
        m.select(B);
        assertEquals(0, m.contact(B).orElseThrow().unread());
        assertEquals("bob — Parley", m.title());
        // not focused: messages to the open chat count as unread until the window is focused
        m.setFocused(false);
        m.messageReceived(new IncomingMessage(new FriendKey(B), MessageKind.NORMAL, "still there?", T0.plusSeconds(2)));
        assertEquals("(1) bob — Parley", m.title());
        m.setFocused(true);
        assertEquals("bob — Parley", m.title());
    }

    @Test
    void aNewNameReachesTheirMessagesAndThePreview() {
        MessengerModel m = model();
        m.messageReceived(new IncomingMessage(new FriendKey(B), MessageKind.ACTION, "smiles", T0));
        m.nameChanged(B, "Bobby");
        assertEquals("* Bobby smiles", m.conversation(B).last().displayText());
        assertEquals("* Bobby smiles", m.contact(B).orElseThrow().preview());
    }

    @Test
    void searchFiltersByNameIgnoringCase() {
        MessengerModel m = model();
        m.setFilter("ALI");
        assertEquals(List.of(A), m.visibleContacts().stream().map(Contact::key).toList());
        m.setFilter("");
        assertEquals(2, m.visibleContacts().size());
        m.setFilter("zzz");
        assertTrue(m.visibleContacts().isEmpty());
    }

    @Test
    void deliveryGoesPendingSentDelivered() {
        MessengerModel m = model();
        m.setSelf("Me", UserStatus.ONLINE);
        m.messageSent(B, 7, MessageKind.NORMAL, "queued for offline bob", T0);
        m.messageSent(A, 8, MessageKind.NORMAL, "to online alice", T0);
        assertEquals(Delivery.PENDING, m.conversation(B).last().delivery());
        assertEquals(Delivery.SENT, m.conversation(A).last().delivery());
        m.connectionChanged(B, Connection.TCP);
        assertEquals(Delivery.SENT, m.conversation(B).last().delivery());
        m.delivered(B, 7);
        assertEquals(Delivery.DELIVERED, m.conversation(B).last().delivery());
        assertEquals("✓✓", m.conversation(B).last().delivery().mark());
        assertEquals("online · via TCP relay", m.contact(B).orElseThrow().connectionLine());
        assertEquals("You: to online alice", m.contact(A).orElseThrow().preview());
    }

    @Test
    void requestsComeAndGo() {
        MessengerModel m = model();
        String c = "C".repeat(64);
        int[] notified = {0};
        m.addListener(new MessengerModel.Listener() {
            @Override
            public void changed() {
            }

            @Override
            public void requestArrived(FriendRequest request) {
                notified[0]++;
            }
        });
        m.requestReceived(new FriendRequest(new FriendKey(c), "let me in", T0));
        assertEquals(1, m.requests().size());
        assertEquals(1, notified[0]);
        m.friendAdded(friend(c, "Carol", Connection.NONE));
        assertTrue(m.requests().isEmpty());
        assertTrue(m.contact(c).isPresent());
    }

    @Test
    void clearForgetsTheProfileThatWasOpen() {
        MessengerModel m = model();
        m.setSelf("Me", UserStatus.BUSY);
        m.setSelfConnection(Connection.TCP);
        m.setFilter("ali");
        m.select(A);
        m.setFocused(false);
        m.messageReceived(new IncomingMessage(new FriendKey(B), MessageKind.NORMAL, "hi", T0));
        m.requestReceived(new FriendRequest(new FriendKey("C".repeat(64)), "add me", T0));
        assertEquals("(2) Alice Smith — Parley", m.title());
        int[] fired = {0};
        m.addListener(() -> fired[0]++);

        m.clear();
        assertEquals(1, fired[0], "the views hear of it");
        assertEquals(List.of(), m.visibleContacts());
        assertEquals(Optional.empty(), m.contact(A));
        assertEquals(Optional.empty(), m.selected());
        assertEquals(List.of(), m.requests());
        assertEquals(List.of(), m.conversation(B).messages(), "no messages of the old profile");
        assertEquals("", m.selfName());
        assertEquals("", m.filter());
        assertEquals(Connection.NONE, m.selfConnection());
        assertEquals("Parley", m.title(), "no unread count left");
        assertFalse(m.focused(), "the window's focus is not the profile's");

        m.friendsLoaded(List.of(friend(B, "bob", Connection.UDP)));
        assertEquals(List.of(B), m.visibleContacts().stream().map(Contact::key).toList());
        assertEquals(0, m.contact(B).orElseThrow().unread(), "the next profile starts afresh");
    }

    @Test
    void selfConnectionLabel() {
        MessengerModel m = model();
        assertEquals("Offline — connecting…", m.connectionLabel());
        m.setSelfConnection(Connection.UDP);
        assertEquals("Online · UDP", m.connectionLabel());
        m.setSelfConnection(Connection.TCP);
        assertEquals("Online · TCP relay only", m.connectionLabel());
    }

    @Test
    void bridgeMarshalsEveryEventOntoTheUiExecutor() {
        MessengerModel m = model();
        Queue<Runnable> ui = new ArrayDeque<>();
        ApiBridge bridge = new ApiBridge(ui::add, m);
        bridge.received(new IncomingMessage(new FriendKey(A), MessageKind.NORMAL, "hi", T0));
        bridge.connectionChanged(new FriendKey(A), Connection.NONE);
        bridge.nameChanged(new FriendKey(A), "Alicia");
        // nothing happened on the calling (event loop) thread
        assertEquals(0, m.contact(A).orElseThrow().unread());
        assertTrue(m.contact(A).orElseThrow().online());
        assertEquals(3, ui.size());
        while (!ui.isEmpty()) {
            ui.poll().run();
        }
        Contact a = m.contact(A).orElseThrow();
        assertEquals(1, a.unread());
        assertFalse(a.online());
        assertEquals("Alicia", a.name());
    }
}
