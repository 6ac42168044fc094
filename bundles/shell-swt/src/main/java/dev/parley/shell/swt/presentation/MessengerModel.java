package dev.parley.shell.swt.presentation;

import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the main window shows, kept on the user interface thread only (the api's events
 * reach it through {@link ApiBridge}, which marshals them there). Views read it and listen for
 * {@link #addListener changes}; gestures (select, search, focus) call it.
 */
public final class MessengerModel {

    /** Hears model changes; also told about arrivals that deserve a notification. */
    public interface Listener {
        void changed();

        default void messageArrived(Contact from, ChatMessage message, boolean seen) {
        }

        default void requestArrived(FriendRequest request) {
        }
    }

    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Map<String, Conversation> conversations = new HashMap<>();
    private final List<FriendRequest> requests = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private String selfName = "";
    private UserStatus selfStatus = UserStatus.ONLINE;
    private Connection selfConnection = Connection.NONE;
    private String selected;
    private String filter = "";
    private boolean focused = true;
    private int unseenRequests;

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    private void fire() {
        for (Listener l : listeners) {
            l.changed();
        }
    }

    /**
     * Forgets everything of the profile that was open (contacts, conversations, requests, us,
     * selection, search, unread counts): another profile comes next. The focus is the window's
     * and stays.
     */
    public void clear() {
        contacts.clear();
        conversations.clear();
        requests.clear();
        selfName = "";
        selfStatus = UserStatus.ONLINE;
        selfConnection = Connection.NONE;
        selected = null;
        filter = "";
        unseenRequests = 0;
        fire();
    }

    // ---- our side ----

    public String selfName() {
        return selfName;
    }

    public void setSelf(String name, UserStatus status) {
        selfName = name == null ? "" : name;
        selfStatus = status;
        fire();
    }

    public UserStatus selfStatus() {
        return selfStatus;
    }

    public Connection selfConnection() {
        return selfConnection;
    }

    public void setSelfConnection(Connection c) {
        if (c != selfConnection) {
            selfConnection = c;
            fire();
        }
    }

    /** The always-visible line about our own connection. */
    public String connectionLabel() {
        return switch (selfConnection) {
            case NONE -> "Offline — connecting…";
            case UDP -> "Online · UDP";
            case TCP -> "Online · TCP relay only";
        };
    }

    // ---- friends ----

    public void friendsLoaded(List<Friend> friends) {
        for (Friend f : friends) {
            upsert(f);
        }
        fire();
    }

    public void friendAdded(Friend f) {
        upsert(f);
        requests.removeIf(r -> r.key().hex().equals(f.key().hex()));
        fire();
    }

    private void upsert(Friend f) {
        String key = f.key().hex();
        Contact old = contacts.get(key);
        contacts.put(key, new Contact(key, displayName(f.name(), key), f.statusMessage(), f.status(), f.connection(),
                f.confirmed(), f.typing(), old == null ? "" : old.preview(), old == null ? null : old.lastActivity(),
                old == null ? 0 : old.unread()));
        conversations.computeIfAbsent(key, k -> new Conversation());
    }

    private static String displayName(String name, String key) {
        return name == null || name.isBlank() ? key.substring(0, 8) + "…" : name;
    }

    public void friendRemoved(String key) {
        contacts.remove(key);
        conversations.remove(key);
        if (key.equals(selected)) {
            selected = null;
        }
        fire();
    }

    public void connectionChanged(String key, Connection connection) {
        Contact c = contacts.get(key);
        if (c == null) {
            return;
        }
        // A friend that connects has accepted us.
        boolean confirmed = c.confirmed() || connection != Connection.NONE;
        contacts.put(key, new Contact(key, c.name(), c.statusMessage(), c.status(), connection, confirmed,
                connection == Connection.NONE ? false : c.typing(), c.preview(), c.lastActivity(), c.unread()));
        if (connection != Connection.NONE) {
            conversations.get(key).flushPending();
        }
        fire();
    }

    public void nameChanged(String key, String name) {
        Contact c = contacts.get(key);
        if (c != null) {
            String shown = displayName(name, key);
            Conversation conv = conversations.get(key);
            conv.renameSender(shown);
            ChatMessage last = conv.last();
            String preview = last == null || last.outgoing() ? c.preview() : preview(last);
            contacts.put(key, new Contact(key, shown, c.statusMessage(), c.status(), c.connection(),
                    c.confirmed(), c.typing(), preview, c.lastActivity(), c.unread()));
            fire();
        }
    }

    public void statusMessageChanged(String key, String message) {
        Contact c = contacts.get(key);
        if (c != null) {
            contacts.put(key, new Contact(key, c.name(), message, c.status(), c.connection(), c.confirmed(),
                    c.typing(), c.preview(), c.lastActivity(), c.unread()));
            fire();
        }
    }

    public void statusChanged(String key, UserStatus status) {
        Contact c = contacts.get(key);
        if (c != null) {
            contacts.put(key, new Contact(key, c.name(), c.statusMessage(), status, c.connection(), c.confirmed(),
                    c.typing(), c.preview(), c.lastActivity(), c.unread()));
            fire();
        }
    }

    public void typingChanged(String key, boolean typing) {
        Contact c = contacts.get(key);
        if (c != null) {
            contacts.put(key, new Contact(key, c.name(), c.statusMessage(), c.status(), c.connection(), c.confirmed(),
                    typing, c.preview(), c.lastActivity(), c.unread()));
            conversations.get(key).setTyping(typing);
            fire();
        }
    }

    public Optional<Contact> contact(String key) {
        return Optional.ofNullable(contacts.get(key));
    }

    // ---- requests ----

    public void requestsLoaded(List<FriendRequest> pending) {
        requests.clear();
        requests.addAll(pending);
        fire();
    }

    public void requestReceived(FriendRequest r) {
        requests.removeIf(o -> o.key().equals(r.key()));
        requests.add(r);
        if (!focused) {
            unseenRequests++;
        }
        for (Listener l : listeners) {
            l.requestArrived(r);
        }
        fire();
    }

    /** Accepted or declined: the request leaves the panel. */
    public void requestAnswered(String key) {
        requests.removeIf(r -> r.key().hex().equals(key));
        fire();
    }

    public List<FriendRequest> requests() {
        return List.copyOf(requests);
    }

    // ---- messages ----

    public void messageReceived(IncomingMessage m) {
        String key = m.from().hex();
        Contact c = contacts.get(key);
        if (c == null) {
            return;
        }
        ChatMessage msg = conversations.get(key).addIncoming(c.name(), m.kind(), m.text(), m.received());
        boolean seen = focused && key.equals(selected);
        contacts.put(key, new Contact(key, c.name(), c.statusMessage(), c.status(), c.connection(), c.confirmed(),
                false, preview(msg), m.received(), seen ? 0 : c.unread() + 1));
        for (Listener l : listeners) {
            l.messageArrived(contacts.get(key), msg, seen);
        }
        fire();
    }

    /** We sent {@code text}; {@code id} is what {@code ChatService.send} returned. */
    public void messageSent(String key, long id, MessageKind kind, String text, Instant time) {
        Contact c = contacts.get(key);
        if (c == null) {
            return;
        }
        ChatMessage msg = conversations.get(key).addOutgoing(id, selfName.isEmpty() ? "Me" : selfName, kind, text,
                time, c.online());
        contacts.put(key, new Contact(key, c.name(), c.statusMessage(), c.status(), c.connection(), c.confirmed(),
                c.typing(), "You: " + preview(msg), time, c.unread()));
        fire();
    }

    public void delivered(String key, long id) {
        Conversation conv = conversations.get(key);
        if (conv != null && conv.delivered(id)) {
            fire();
        }
    }

    private static String preview(ChatMessage m) {
        String t = m.displayText().replace('\n', ' ').strip();
        return t.length() > 60 ? t.substring(0, t.offsetByCodePoints(0, Math.min(57, t.codePointCount(0, t.length()))))
                + "…" : t;
    }

    public Conversation conversation(String key) {
        return conversations.computeIfAbsent(key, k -> new Conversation());
    }

    // ---- selection, search, focus, title ----

    public void select(String key) {
        if (key != null && !contacts.containsKey(key)) {
            return;
        }
        selected = key;
        markSeen();
        fire();
    }

    public Optional<Contact> selected() {
        return selected == null ? Optional.empty() : Optional.ofNullable(contacts.get(selected));
    }

    public void setFocused(boolean focused) {
        this.focused = focused;
        if (focused) {
            unseenRequests = 0;
            markSeen();
        }
        fire();
    }

    private void markSeen() {
        if (selected != null && focused) {
            Contact c = contacts.get(selected);
            if (c != null && c.unread() > 0) {
                contacts.put(selected, new Contact(c.key(), c.name(), c.statusMessage(), c.status(), c.connection(),
                        c.confirmed(), c.typing(), c.preview(), c.lastActivity(), 0));
            }
        }
    }

    public String filter() {
        return filter;
    }

    public void setFilter(String text) {
        filter = text == null ? "" : text.strip();
        fire();
    }

    /**
     * The contacts to list: matching the search (name, status message or key, ignoring case),
     * the most recent conversation first, then online before offline, then by name.
     */
    public List<Contact> visibleContacts() {
        String f = filter.toLowerCase(Locale.ROOT);
        return contacts.values().stream()
                .filter(c -> f.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(f)
                        || (c.statusMessage() != null && c.statusMessage().toLowerCase(Locale.ROOT).contains(f))
                        || c.key().toLowerCase(Locale.ROOT).startsWith(f))
                .sorted(Comparator.comparing((Contact c) -> c.lastActivity() == null ? Instant.MIN : c.lastActivity())
                        .reversed()
                        .thenComparing(c -> !c.online())
                        .thenComparing(c -> c.name().toLowerCase(Locale.ROOT)))
                .toList();
    }

    public int totalUnread() {
        return contacts.values().stream().mapToInt(Contact::unread).sum();
    }

    public boolean focused() {
        return focused;
    }

    /** Friend requests that arrived while the window was not focused (cleared when it is). */
    public int unseenRequests() {
        return unseenRequests;
    }

    /**
     * "Parley", "Alice — Parley", "(3) Alice — Parley": the count of unread messages and of
     * requests that came while the window was not focused leads.
     */
    public String title() {
        int unread = totalUnread() + unseenRequests;
        String base = selected().map(c -> c.name() + " — Parley").orElse("Parley");
        return unread > 0 ? "(" + unread + ") " + base : base;
    }
}
