package dev.parley.api.friends;

import java.util.List;
import java.util.Optional;

/**
 * The friend list and friend requests. Every method may be called from any thread and never blocks
 * on the network; changes are persisted with the profile.
 */
public interface FriendsService {
    /** Longest friend request message in UTF-8 bytes (what the onion carries). */
    int MAX_REQUEST_MESSAGE_BYTES = 1016;

    /**
     * Adds a friend by Tox ID and sends a friend request until answered.
     *
     * @throws IllegalArgumentException if the ID is malformed or ours, the friend exists, or the
     *     message is empty or longer than {@link #MAX_REQUEST_MESSAGE_BYTES}
     */
    Friend add(String toxId, String message);

    /** The friend requests waiting for an answer, oldest first. */
    List<FriendRequest> requests();

    /**
     * Accepts a pending request: the sender becomes a friend.
     *
     * @throws IllegalArgumentException if no request from that key is pending
     */
    Friend accept(FriendKey key);

    /** Declines (forgets) a pending request; false if there was none. */
    boolean decline(FriendKey key);

    /** Removes a friend; false if it was not one. Queued messages to it are dropped. */
    boolean remove(FriendKey key);

    /** Every friend, by number. */
    List<Friend> friends();

    Optional<Friend> friend(FriendKey key);
}
