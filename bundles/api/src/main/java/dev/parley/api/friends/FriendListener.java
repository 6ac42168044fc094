package dev.parley.api.friends;

import dev.parley.api.profile.UserStatus;

/**
 * Hears friend events. Register as an OSGi service (whiteboard pattern), or directly with an
 * implementation outside a framework. Called off the protocol's event loop, one event at a time, in
 * the order they happened; an implementation must not block for long. Every method may be left out.
 */
public interface FriendListener {
    default void requestReceived(FriendRequest request) {
    }

    default void friendAdded(Friend friend) {
    }

    default void friendRemoved(FriendKey key) {
    }

    default void connectionChanged(FriendKey key, Connection connection) {
    }

    default void nameChanged(FriendKey key, String name) {
    }

    default void statusMessageChanged(FriendKey key, String message) {
    }

    default void statusChanged(FriendKey key, UserStatus status) {
    }

    default void typingChanged(FriendKey key, boolean typing) {
    }
}
