package dev.parley.shell.swt.presentation;

import dev.parley.api.chat.MessageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The messages with one friend, oldest first, and whether the friend is typing. */
public final class Conversation {
    private final List<ChatMessage> messages = new ArrayList<>();
    private boolean typing;

    public List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    public boolean typing() {
        return typing;
    }

    void setTyping(boolean typing) {
        this.typing = typing;
    }

    ChatMessage addOutgoing(long id, String sender, MessageKind kind, String text, Instant time, boolean online) {
        ChatMessage m = new ChatMessage(id, true, sender, kind, text, time, online ? Delivery.SENT : Delivery.PENDING);
        messages.add(m);
        return m;
    }

    ChatMessage addIncoming(String sender, MessageKind kind, String text, Instant time) {
        ChatMessage m = new ChatMessage(0, false, sender, kind, text, time, Delivery.RECEIVED);
        messages.add(m);
        typing = false;
        return m;
    }

    /** Marks outgoing message {@code id} delivered; false if there is none. */
    boolean delivered(long id) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m.outgoing() && m.id() == id) {
                messages.set(i, m.withDelivery(Delivery.DELIVERED));
                return true;
            }
        }
        return false;
    }

    /** The friend came online: what waited in the queue goes out now. */
    void flushPending() {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.delivery() == Delivery.PENDING) {
                messages.set(i, m.withDelivery(Delivery.SENT));
            }
        }
    }

    /** The friend's new name, on their messages too. */
    void renameSender(String name) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (!m.outgoing()) {
                messages.set(i, new ChatMessage(m.id(), false, name, m.kind(), m.text(), m.time(), m.delivery()));
            }
        }
    }

    public ChatMessage last() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }
}
