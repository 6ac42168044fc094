package dev.parley.api.addon;

import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;

/**
 * A bot: register an implementation as an OSGi service and Parley calls it with the events of the
 * loaded profile. Optional service property {@value #NAME} names it (default: the class name).
 *
 * <p>Every method may be left out. Parley calls one bot on one thread of its own, one event at a
 * time and in order, never on the protocol's event loop, so a bot may take its time within its
 * budget (a few seconds per call, set by the node). A call that throws, or still runs when its
 * budget is spent, disables the bot: its add-on is stopped and listed with the reason, its thread
 * is interrupted, and its {@link BotContext} refuses every further action.
 *
 * <p>A bot acts only through the {@link BotContext} it is given: the profile, friends and chat
 * services of the api, valid while the bot is enabled. No secret key is reachable from it.
 */
public interface Bot {

    /** Service property: the bot's name, shown in errors and thread names. */
    String NAME = "parley.bot.name";

    /** The bot is enabled: the first call, before any event. */
    default void started(BotContext context) {
    }

    /** Someone sent us a friend request (accept it with {@code context.friends().accept(request.key())}). */
    default void friendRequest(BotContext context, FriendRequest request) {
    }

    /** A friend sent a message or an action. */
    default void message(BotContext context, IncomingMessage message) {
    }

    /** A friend was added (we accepted a request or sent one). */
    default void friendAdded(BotContext context, Friend friend) {
    }

    /** A friend came online (UDP or TCP) or went offline (NONE). */
    default void connectionChanged(BotContext context, FriendKey friend, Connection connection) {
    }

    /** A friend changed its status. */
    default void statusChanged(BotContext context, FriendKey friend, UserStatus status) {
    }

    /** A friend changed its status message. */
    default void statusMessageChanged(BotContext context, FriendKey friend, String message) {
    }

    /** A friend changed its name. */
    default void nameChanged(BotContext context, FriendKey friend, String name) {
    }
}
