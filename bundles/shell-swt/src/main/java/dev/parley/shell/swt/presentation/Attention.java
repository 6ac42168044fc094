package dev.parley.shell.swt.presentation;

import dev.parley.api.friends.FriendRequest;
import java.util.Optional;

/**
 * Whether an arrival deserves a desktop notification, and its words: only while notifications are
 * on, the window is not focused and the person has not seen it (the unread count in the title
 * tells regardless).
 *
 * @param title the notification's title
 * @param body its text, at most {@value #MAX} characters
 */
public record Attention(String title, String body) {
    public static final int MAX = 160;

    public static Optional<Attention> message(boolean enabled, boolean focused, boolean seen, Contact from,
            ChatMessage message) {
        if (!enabled || focused || seen) {
            return Optional.empty();
        }
        return Optional.of(new Attention(from.name(), cut(message.displayText())));
    }

    public static Optional<Attention> request(boolean enabled, boolean focused, FriendRequest request) {
        if (!enabled || focused) {
            return Optional.empty();
        }
        String who = request.key().hex().substring(0, 8) + "…";
        return Optional.of(new Attention("Friend request from " + who,
                request.message().isBlank() ? "(no message)" : cut(request.message())));
    }

    private static String cut(String text) {
        String t = text.replace('\n', ' ').strip();
        return t.length() <= MAX ? t : t.substring(0, t.offsetByCodePoints(0,
                Math.min(MAX - 1, t.codePointCount(0, t.length()) - 1))) + "…";
    }
}
