package dev.parley.node;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.UserStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the Messenger's friend and chat events into node events (docs/EVENTS.md). Registered as a
 * {@link FriendListener} and {@link ChatListener} service, so the Messenger calls it like any
 * other listener (off its event loop, in order).
 */
final class ProfileEvents implements FriendListener, ChatListener {

    private final EventLog events;
    private final Supplier<Optional<FriendsService>> friends;

    ProfileEvents(EventLog events, Supplier<Optional<FriendsService>> friends) {
        this.events = events;
        this.friends = friends;
    }

    @Override
    public void requestReceived(FriendRequest request) {
        // The index is what parley:accept and parley:decline take: the position among pending requests.
        int index = friends.get().map(f -> indexOf(f.requests(), request.key())).orElse(-1);
        events.emit("friend_request", EventLog.fields("index", index, "public_key", request.key().hex(),
                "message", request.message()));
    }

    private static int indexOf(List<FriendRequest> requests, FriendKey key) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void friendAdded(Friend friend) {
        events.emit("friend_added", EventLog.fields("friend", friend.key().hex(), "number", friend.number(),
                "confirmed", friend.confirmed()));
    }

    @Override
    public void friendRemoved(FriendKey key) {
        events.emit("friend_removed", EventLog.fields("friend", key.hex()));
    }

    @Override
    public void connectionChanged(FriendKey key, Connection connection) {
        events.emit("friend_connection", EventLog.fields("friend", key.hex(), "status", lower(connection)));
    }

    @Override
    public void nameChanged(FriendKey key, String name) {
        events.emit("friend_name", EventLog.fields("friend", key.hex(), "name", name));
    }

    @Override
    public void statusMessageChanged(FriendKey key, String message) {
        events.emit("friend_status_message", EventLog.fields("friend", key.hex(), "message", message));
    }

    @Override
    public void statusChanged(FriendKey key, UserStatus status) {
        events.emit("friend_status", EventLog.fields("friend", key.hex(), "status", lower(status)));
    }

    @Override
    public void typingChanged(FriendKey key, boolean typing) {
        events.emit("friend_typing", EventLog.fields("friend", key.hex(), "typing", typing));
    }

    @Override
    public void received(IncomingMessage message) {
        events.emit("message", EventLog.fields("friend", message.from().hex(), "kind", lower(message.kind()),
                "text", message.text()));
    }

    @Override
    public void delivered(FriendKey to, long messageId) {
        events.emit("receipt", EventLog.fields("friend", to.hex(), "message_id", messageId));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
