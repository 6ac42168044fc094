package dev.parley.api.chat;

import dev.parley.api.friends.FriendKey;

/**
 * Hears chat events. Register as an OSGi service (whiteboard pattern), or directly with an
 * implementation outside a framework. Called off the protocol's event loop, one event at a time, in
 * order; an implementation must not block for long.
 */
public interface ChatListener {
    default void received(IncomingMessage message) {
    }

    /** The friend's client confirmed every part of the message {@link ChatService#send} numbered {@code messageId}. */
    default void delivered(FriendKey to, long messageId) {
    }
}
