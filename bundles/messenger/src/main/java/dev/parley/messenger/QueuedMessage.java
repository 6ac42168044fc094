package dev.parley.messenger;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;

/**
 * A message accepted by {@link Messenger#send} and not yet confirmed by the friend.
 *
 * @param id the message id
 * @param to the friend
 * @param kind normal or action
 * @param text the whole text
 */
public record QueuedMessage(long id, FriendKey to, MessageKind kind, String text) {
}
