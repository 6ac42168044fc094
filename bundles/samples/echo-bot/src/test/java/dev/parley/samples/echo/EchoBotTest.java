package dev.parley.samples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoBotTest {

    private final List<String> calls = new ArrayList<>();

    private final FriendsService friends = (FriendsService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {FriendsService.class}, (p, m, a) -> {
                calls.add(m.getName() + " " + a[0]);
                if (calls.size() > 1) {
                    throw new IllegalArgumentException("no request from " + a[0]);
                }
                return null;
            });

    private final BotContext context = new BotContext() {
        public String botName() {
            return "echo";
        }

        public boolean enabled() {
            return true;
        }

        public ProfileService profile() {
            throw new UnsupportedOperationException();
        }

        public FriendsService friends() {
            return friends;
        }

        public ChatService chat() {
            return new ChatService() {
                public long send(FriendKey to, MessageKind kind, String text) {
                    calls.add("send " + to.hex().charAt(0) + " " + kind + " " + text);
                    return 1;
                }

                public void setTyping(FriendKey to, boolean typing) {
                }
            };
        }
    };

    @Test
    void acceptsRequestsAndEchoesMessagesUnchanged() {
        EchoBot bot = new EchoBot();
        FriendKey a = new FriendKey("A".repeat(64));
        bot.friendRequest(context, new FriendRequest(a, "hi", Instant.EPOCH));
        bot.friendRequest(context, new FriendRequest(a, "hi again", Instant.EPOCH)); // already accepted: no throw
        bot.message(context, new IncomingMessage(a, MessageKind.ACTION, "waves ☺", Instant.EPOCH));
        assertEquals(List.of("accept " + a.hex(), "accept " + a.hex(), "send A ACTION waves ☺"), calls);
    }
}
