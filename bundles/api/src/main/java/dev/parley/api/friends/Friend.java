package dev.parley.api.friends;

import dev.parley.api.profile.UserStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one friend.
 *
 * @param key the friend's long-term public key
 * @param number the friend's number in this profile (stable while the friend stays)
 * @param confirmed false while our friend request is unanswered
 * @param name the friend's name ("" until known)
 * @param statusMessage the friend's status message
 * @param status the friend's user status
 * @param connection how the friend is connected now
 * @param typing whether the friend is typing to us
 * @param lastSeen when the friend was last online, if ever
 */
public record Friend(FriendKey key, int number, boolean confirmed, String name, String statusMessage,
                     UserStatus status, Connection connection, boolean typing, Optional<Instant> lastSeen) {
    public boolean isOnline() {
        return connection != Connection.NONE;
    }
}
