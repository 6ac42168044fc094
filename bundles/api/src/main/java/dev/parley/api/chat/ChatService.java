package dev.parley.api.chat;

import dev.parley.api.friends.FriendKey;

/**
 * Sends messages to friends. Every method may be called from any thread and never blocks on the
 * network.
 */
public interface ChatService {
    /** Most UTF-8 bytes of text one Tox message packet carries (c-toxcore's {@code TOX_MAX_MESSAGE_LENGTH}). */
    int MAX_PART_BYTES = 1372;

    /**
     * Sends a text (queued and persisted if the friend is offline; delivered exactly once when it
     * comes online). A text longer than {@link #MAX_PART_BYTES} goes as several messages split on
     * UTF-8 character boundaries.
     *
     * @return the message id that {@link ChatListener#delivered} will report once every part is
     *     delivered; ids are positive and unique in this profile
     * @throws IllegalArgumentException if the text is empty or the key is no friend
     */
    long send(FriendKey to, MessageKind kind, String text);

    /** Tells a friend whether we are typing (sent when it is online). */
    void setTyping(FriendKey to, boolean typing);
}
