package dev.parley.messenger.internal;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.FriendKey;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Passes every chat event to the {@link ChatListener} services bound right now. */
final class ChatFanout implements ChatListener {

    private static final Logger LOG = Logger.getLogger(ChatFanout.class.getName());

    private final List<ChatListener> listeners;

    ChatFanout(List<ChatListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<ChatListener> event) {
        for (ChatListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a chat listener failed: " + e, e);
            }
        }
    }

    @Override
    public void received(IncomingMessage message) {
        each(l -> l.received(message));
    }

    @Override
    public void delivered(FriendKey to, long messageId) {
        each(l -> l.delivered(to, messageId));
    }
}
