package dev.parley.addons.internal;

import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * A bot's {@link BotContext}: the api services, looked up at each call, behind a switch. Once
 * {@link #revoke() revoked} every call throws, so a disabled bot (or a thread it left behind)
 * can no longer act.
 */
final class GuardedContext implements BotContext {

    private final String name;
    private final ProfileService profile;
    private final FriendsService friends;
    private final ChatService chat;
    private volatile boolean enabled = true;

    GuardedContext(String name, Supplier<ProfileService> profile, Supplier<FriendsService> friends,
            Supplier<ChatService> chat) {
        this.name = name;
        this.profile = guard(ProfileService.class, profile);
        this.friends = guard(FriendsService.class, friends);
        this.chat = guard(ChatService.class, chat);
    }

    void revoke() {
        enabled = false;
    }

    @Override
    public String botName() {
        return name;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public ProfileService profile() {
        return profile;
    }

    @Override
    public FriendsService friends() {
        return friends;
    }

    @Override
    public ChatService chat() {
        return chat;
    }

    private <T> T guard(Class<T> type, Supplier<T> live) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return type.getSimpleName() + " of bot " + name;
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                default:
                    break;
            }
            if (!enabled) {
                throw new IllegalStateException("bot " + name + " is disabled");
            }
            T service = live.get();
            if (service == null) {
                throw new IllegalStateException("no profile is loaded");
            }
            try {
                return method.invoke(service, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
