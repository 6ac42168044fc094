package dev.parley.samples.echo;

import dev.parley.api.addon.Bot;
import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.FriendRequest;
import org.osgi.service.component.annotations.Component;

/**
 * The smallest useful bot: it accepts every friend request and sends every message back as it
 * came (an action stays an action). Registered as a {@link Bot} service by Declarative Services;
 * Parley calls it on a thread of its own.
 */
@Component(property = Bot.NAME + "=echo")
public final class EchoBot implements Bot {

    @Override
    public void friendRequest(BotContext context, FriendRequest request) {
        try {
            context.friends().accept(request.key());
        } catch (IllegalArgumentException alreadyAnswered) {
            // Someone (the user, another bot) answered the request first: nothing to do.
        }
    }

    @Override
    public void message(BotContext context, IncomingMessage message) {
        context.chat().send(message.from(), message.kind(), message.text());
    }
}
