package dev.parley.api.chat;

import dev.parley.api.friends.FriendKey;
import java.time.Instant;

/**
 * A message a friend sent. A sender's client splits long texts; each part arrives as one message.
 *
 * @param from the sender
 * @param kind normal or action
 * @param text the text
 * @param received when it arrived
 */
public record IncomingMessage(FriendKey from, MessageKind kind, String text, Instant received) {
}
