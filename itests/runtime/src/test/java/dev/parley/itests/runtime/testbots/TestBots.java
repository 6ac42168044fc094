package dev.parley.itests.runtime.testbots;

import dev.parley.api.addon.Bot;
import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.IncomingMessage;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of the test add-ons that {@code AddonsIT} packs at run time: header
 * {@code X-Test-Bot} picks the behaviour (echo, throwing, blocking, looping), {@code X-Test-Bot-Name}
 * the bot's name. The echo answers with the bundle version appended, so an update shows.
 */
public final class TestBots implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        String kind = context.getBundle().getHeaders().get("X-Test-Bot");
        String version = context.getBundle().getVersion().toString();
        Bot bot = switch (kind) {
            case "echo" -> new Bot() {
                @Override
                public void message(BotContext c, IncomingMessage m) {
                    c.chat().send(m.from(), m.kind(), m.text() + " (" + version + ")");
                }
            };
            case "throwing" -> new Bot() {
                @Override
                public void message(BotContext c, IncomingMessage m) {
                    throw new IllegalStateException("test bot throws on " + m.text());
                }
            };
            case "blocking" -> new Bot() {
                @Override
                public void message(BotContext c, IncomingMessage m) {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            case "looping" -> new Bot() {
                @Override
                public void message(BotContext c, IncomingMessage m) {
                    long x = 0;
                    while (x >= 0) {
                        x = (x + 1) & 0xffff;
                    }
                }
            };
            default -> throw new IllegalArgumentException("unknown test bot " + kind);
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Bot.NAME, context.getBundle().getHeaders().get("X-Test-Bot-Name"));
        context.registerService(Bot.class, bot, props);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
