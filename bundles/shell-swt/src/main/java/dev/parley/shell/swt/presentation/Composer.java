package dev.parley.shell.swt.presentation;

import dev.parley.api.chat.MessageKind;
import java.util.Optional;

/** The message input's rules: which key sends, and what a typed text becomes. */
public final class Composer {
    private Composer() {
    }

    /** What a key press in the input does. */
    public enum KeyAction {
        /** Send the text (Enter). */
        SEND,
        /** Insert a line break (Shift+Enter). */
        NEW_LINE,
        /** Not ours: let the input handle it. */
        NONE
    }

    public static KeyAction onKey(boolean enter, boolean shift, boolean composing) {
        if (!enter || composing) {
            return KeyAction.NONE;
        }
        return shift ? KeyAction.NEW_LINE : KeyAction.SEND;
    }

    /**
     * A text to send.
     *
     * @param kind an action for "/me ..."
     * @param text what goes on the wire (long texts are split by the api's chat service)
     */
    public record Outgoing(MessageKind kind, String text) {
    }

    /** The message for what was typed; empty when there is nothing to send. */
    public static Optional<Outgoing> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String t = typed.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.equals("/me")) {
            return Optional.empty();
        }
        if (t.startsWith("/me ")) {
            String action = t.substring(4).strip();
            return action.isEmpty() ? Optional.empty() : Optional.of(new Outgoing(MessageKind.ACTION, action));
        }
        return Optional.of(new Outgoing(MessageKind.NORMAL, t));
    }
}
