package dev.parley.messenger;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a Messenger's listeners heard (tests run the listeners on the loop's thread). */
class Heard implements FriendListener, ChatListener {
    final List<FriendRequest> requests = new ArrayList<>();
    final List<String> received = new ArrayList<>();
    final Set<Instant> stamps = new HashSet<>();
    final List<Long> receipts = new ArrayList<>();
    Connection connection = Connection.NONE;

    @Override
    public void requestReceived(FriendRequest request) {
        requests.add(request);
    }

    @Override
    public void connectionChanged(FriendKey key, Connection c) {
        connection = c;
    }

    @Override
    public void received(IncomingMessage message) {
        received.add(message.text());
        stamps.add(message.received());
    }

    @Override
    public void delivered(FriendKey to, long messageId) {
        receipts.add(messageId);
    }
}
