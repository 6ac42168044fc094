package dev.parley.api.friends;

import java.time.Instant;

/**
 * A friend request someone sent us, pending until accepted or declined.
 *
 * @param key the sender's long-term public key
 * @param message the request's text
 * @param received when it arrived
 */
public record FriendRequest(FriendKey key, String message, Instant received) {
}
