package dev.parley.api.chat;

/** A normal message, or an action ("/me ..."). */
public enum MessageKind {
    NORMAL,
    ACTION
}
