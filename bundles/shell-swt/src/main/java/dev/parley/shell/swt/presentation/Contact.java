package dev.parley.shell.swt.presentation;

import dev.parley.api.friends.Connection;
import dev.parley.api.profile.UserStatus;
import java.time.Instant;

/**
 * One row of the contact list.
 *
 * @param key the friend's public key (64 hex digits)
 * @param name the name to show (the key's start while the friend has not told us a name)
 * @param statusMessage the friend's status message
 * @param status online, away or busy
 * @param connection how the friend is connected (NONE = offline)
 * @param confirmed false while our request is unanswered
 * @param typing whether the friend is typing
 * @param preview the last message, one line
 * @param lastActivity when the last message was, or null
 * @param unread messages not yet seen
 */
public record Contact(String key, String name, String statusMessage, UserStatus status, Connection connection,
                      boolean confirmed, boolean typing, String preview, Instant lastActivity, int unread) {

    public boolean online() {
        return connection != Connection.NONE;
    }

    public String initials() {
        return Initials.of(name);
    }

    /** What the status dot means: offline, online, away or busy. */
    public Presence presence() {
        if (!online()) {
            return Presence.OFFLINE;
        }
        return switch (status) {
            case ONLINE -> Presence.ONLINE;
            case AWAY -> Presence.AWAY;
            case BUSY -> Presence.BUSY;
        };
    }

    /** The second line of the row: typing, last message, status message, or the request state. */
    public String subtitle() {
        if (typing) {
            return "typing…";
        }
        if (!confirmed) {
            return "Friend request sent";
        }
        if (preview != null && !preview.isEmpty()) {
            return preview;
        }
        return statusMessage == null ? "" : statusMessage;
    }

    /** The line under the chat's header: connection details for the friend. */
    public String connectionLine() {
        return switch (connection) {
            case NONE -> confirmed ? "offline" : "waiting for them to accept";
            case UDP -> presence().label() + " · direct (UDP)";
            case TCP -> presence().label() + " · via TCP relay";
        };
    }

    /** The presence shown by a status dot. */
    public enum Presence {
        ONLINE, AWAY, BUSY, OFFLINE;

        public String label() {
            return switch (this) {
                case ONLINE -> "online";
                case AWAY -> "away";
                case BUSY -> "busy";
                case OFFLINE -> "offline";
            };
        }
    }
}
