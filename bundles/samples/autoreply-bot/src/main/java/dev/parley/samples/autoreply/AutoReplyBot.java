package dev.parley.samples.autoreply;

import dev.parley.api.addon.Bot;
import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.util.HashSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * An answering machine. While your status is away or busy, the first message a friend sends gets
 * one automatic reply: your status message (or a plain "away" note when it is empty). Each friend
 * is answered once per absence; setting your status back to online starts afresh. Replies begin
 * with {@value #MARK}, and messages that begin with it are never answered, so two such bots do
 * not talk to each other forever.
 *
 * <p>Parley calls a bot on one thread, one event at a time, so the set needs no lock.
 */
@Component(property = Bot.NAME + "=autoreply")
public final class AutoReplyBot implements Bot {

    static final String MARK = "[auto-reply] ";

    private final Set<FriendKey> answered = new HashSet<>();

    @Override
    public void message(BotContext context, IncomingMessage message) {
        ProfileService me = context.profile();
        UserStatus status = me.status();
        if (status == UserStatus.ONLINE) {
            answered.clear();
            return;
        }
        if (message.text().startsWith(MARK) || !answered.add(message.from())) {
            return;
        }
        String note = me.statusMessage().isBlank()
                ? (status == UserStatus.AWAY ? "I am away right now." : "I am busy right now.")
                : me.statusMessage();
        context.chat().send(message.from(), MessageKind.NORMAL, MARK + note + " I will read your message later.");
    }
}
