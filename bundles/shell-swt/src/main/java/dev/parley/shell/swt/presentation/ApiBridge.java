package dev.parley.shell.swt.presentation;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;
import java.util.concurrent.Executor;

/**
 * Hears the api's friend and chat events (on the Messenger's event thread) and replays each on
 * the user interface thread through {@code ui} ({@code Display::asyncExec} in the window), in
 * the order they came. The model is only ever touched on that thread.
 */
public final class ApiBridge implements FriendListener, ChatListener {
    private final Executor ui;
    private final MessengerModel model;

    public ApiBridge(Executor ui, MessengerModel model) {
        this.ui = ui;
        this.model = model;
    }

    @Override
    public void requestReceived(FriendRequest request) {
        ui.execute(() -> model.requestReceived(request));
    }

    @Override
    public void friendAdded(Friend friend) {
        ui.execute(() -> model.friendAdded(friend));
    }

    @Override
    public void friendRemoved(FriendKey key) {
        ui.execute(() -> model.friendRemoved(key.hex()));
    }

    @Override
    public void connectionChanged(FriendKey key, Connection connection) {
        ui.execute(() -> model.connectionChanged(key.hex(), connection));
    }

    @Override
    public void nameChanged(FriendKey key, String name) {
        ui.execute(() -> model.nameChanged(key.hex(), name));
    }

    @Override
    public void statusMessageChanged(FriendKey key, String message) {
        ui.execute(() -> model.statusMessageChanged(key.hex(), message));
    }

    @Override
    public void statusChanged(FriendKey key, UserStatus status) {
        ui.execute(() -> model.statusChanged(key.hex(), status));
    }

    @Override
    public void typingChanged(FriendKey key, boolean typing) {
        ui.execute(() -> model.typingChanged(key.hex(), typing));
    }

    @Override
    public void received(IncomingMessage message) {
        ui.execute(() -> model.messageReceived(message));
    }

    @Override
    public void delivered(FriendKey to, long messageId) {
        ui.execute(() -> model.delivered(to.hex(), messageId));
    }
}
