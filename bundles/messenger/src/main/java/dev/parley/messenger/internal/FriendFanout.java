package dev.parley.messenger.internal;

import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Passes every friend event to the {@link FriendListener} services bound right now. */
final class FriendFanout implements FriendListener {

    private static final Logger LOG = Logger.getLogger(FriendFanout.class.getName());

    private final List<FriendListener> listeners;

    FriendFanout(List<FriendListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<FriendListener> event) {
        for (FriendListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a friend listener failed: " + e, e);
            }
        }
    }

    @Override
    public void requestReceived(FriendRequest request) {
        each(l -> l.requestReceived(request));
    }

    @Override
    public void friendAdded(Friend friend) {
        each(l -> l.friendAdded(friend));
    }

    @Override
    public void friendRemoved(FriendKey key) {
        each(l -> l.friendRemoved(key));
    }

    @Override
    public void connectionChanged(FriendKey key, Connection connection) {
        each(l -> l.connectionChanged(key, connection));
    }

    @Override
    public void nameChanged(FriendKey key, String name) {
        each(l -> l.nameChanged(key, name));
    }

    @Override
    public void statusMessageChanged(FriendKey key, String message) {
        each(l -> l.statusMessageChanged(key, message));
    }

    @Override
    public void statusChanged(FriendKey key, UserStatus status) {
        each(l -> l.statusChanged(key, status));
    }

    @Override
    public void typingChanged(FriendKey key, boolean typing) {
        each(l -> l.typingChanged(key, typing));
    }
}
