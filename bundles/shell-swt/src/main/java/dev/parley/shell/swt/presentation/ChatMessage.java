package dev.parley.shell.swt.presentation;

import dev.parley.api.chat.MessageKind;
import java.time.Instant;
import java.util.List;

/**
 * One line of a conversation.
 *
 * @param id the api's message id for outgoing messages, 0 for incoming ones
 * @param outgoing whether we wrote it
 * @param sender who wrote it, as shown
 * @param kind normal or action (/me)
 * @param text the text
 * @param time when it was written or received
 * @param delivery where it is
 */
public record ChatMessage(long id, boolean outgoing, String sender, MessageKind kind, String text, Instant time,
                          Delivery delivery) {

    public ChatMessage withDelivery(Delivery d) {
        return new ChatMessage(id, outgoing, sender, kind, text, time, d);
    }

    public boolean isAction() {
        return kind == MessageKind.ACTION;
    }

    /** The text as displayed: an action reads "* Alice waves". */
    public String displayText() {
        return isAction() ? "* " + sender + " " + text : text;
    }

    public List<TextSegment> segments() {
        return TextSegment.split(displayText());
    }
}
