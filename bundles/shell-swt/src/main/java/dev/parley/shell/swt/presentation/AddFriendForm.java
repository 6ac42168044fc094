package dev.parley.shell.swt.presentation;

import dev.parley.api.account.ToxIdCheck;
import java.nio.charset.StandardCharsets;

/**
 * The "Add friend" dialog's state: the Tox ID checked as it is typed, the request message, and
 * whether Send is possible. {@code ownId} refuses our own ID; {@code friendKeys} refuses a friend
 * we have.
 */
public final class AddFriendForm {
    /** The request message a person can keep or change. */
    public static final String DEFAULT_MESSAGE = "Hi! Let's chat on Tox.";
    static final int MAX_MESSAGE_BYTES = 1016;

    private final String ownId;
    private final java.util.Set<String> friendKeys;
    private String idText = "";
    private String message = DEFAULT_MESSAGE;

    public AddFriendForm(String ownId, java.util.Set<String> friendKeys) {
        this.ownId = ownId == null ? "" : ownId.toUpperCase(java.util.Locale.ROOT);
        this.friendKeys = friendKeys;
    }

    public void setId(String text) {
        idText = text == null ? "" : text;
    }

    public void setMessage(String text) {
        message = text == null ? "" : text;
    }

    public ToxIdCheck check() {
        return ToxIdCheck.of(idText);
    }

    /** The sentence under the ID field: empty while nothing is typed, an error, or a confirmation. */
    public String idFeedback() {
        ToxIdCheck c = check();
        if (c.problem() == ToxIdCheck.Problem.EMPTY) {
            return "";
        }
        if (!c.valid()) {
            return c.message();
        }
        if (!ownId.isEmpty() && c.publicKey().equals(ownId.substring(0, Math.min(64, ownId.length())))) {
            return "That is your own Tox ID.";
        }
        if (friendKeys.contains(c.publicKey())) {
            return "You are friends already.";
        }
        return "✓ Valid Tox ID";
    }

    public boolean idOk() {
        return idFeedback().startsWith("✓");
    }

    /** An error about the message, or empty. */
    public String messageFeedback() {
        if (message.isBlank()) {
            return "Write a short message so they know who you are.";
        }
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            return "The message is too long (" + bytes + " of " + MAX_MESSAGE_BYTES + " bytes).";
        }
        return "";
    }

    public boolean canSend() {
        return idOk() && messageFeedback().isEmpty();
    }

    public String normalizedId() {
        return check().normalized();
    }

    public String message() {
        return message.strip();
    }
}
