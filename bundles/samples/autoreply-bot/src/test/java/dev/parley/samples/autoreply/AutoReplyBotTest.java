package dev.parley.samples.autoreply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoReplyBotTest {

    private UserStatus status = UserStatus.ONLINE;
    private String statusMessage = "";
    private final List<String> sent = new ArrayList<>();

    private final ProfileService profile = (ProfileService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ProfileService.class}, (p, m, a) -> switch (m.getName()) {
                case "status" -> status;
                case "statusMessage" -> statusMessage;
                default -> throw new UnsupportedOperationException(m.getName());
            });

    private final BotContext context = new BotContext() {
        public String botName() {
            return "autoreply";
        }

        public boolean enabled() {
            return true;
        }

        public ProfileService profile() {
            return profile;
        }

        public FriendsService friends() {
            throw new UnsupportedOperationException();
        }

        public ChatService chat() {
            return new ChatService() {
                public long send(FriendKey to, MessageKind kind, String text) {
                    sent.add(to.hex().charAt(0) + ": " + text);
                    return sent.size();
                }

                public void setTyping(FriendKey to, boolean typing) {
                }
            };
        }
    };

    private static IncomingMessage from(char who, String text) {
        return new IncomingMessage(new FriendKey(String.valueOf(who).repeat(64)), MessageKind.NORMAL, text, Instant.EPOCH);
    }

    @Test
    void answersEachFriendOncePerAbsence() {
        AutoReplyBot bot = new AutoReplyBot();
        bot.message(context, from('A', "hi"));
        assertEquals(List.of(), sent, "online: no reply");

        status = UserStatus.AWAY;
        statusMessage = "At the dentist until 3.";
        bot.message(context, from('A', "hi"));
        bot.message(context, from('A', "hello?"));
        bot.message(context, from('B', "[auto-reply] I am busy"));
        status = UserStatus.BUSY;
        statusMessage = "";
        bot.message(context, from('C', "ping"));
        assertEquals(List.of("A: [auto-reply] At the dentist until 3. I will read your message later.",
                "C: [auto-reply] I am busy right now. I will read your message later."), sent);

        status = UserStatus.ONLINE;
        bot.message(context, from('A', "back?"));
        status = UserStatus.AWAY;
        bot.message(context, from('A', "gone again"));
        assertEquals("A: [auto-reply] I am away right now. I will read your message later.", sent.get(2));
    }
}
