package dev.parley.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.addon.Bot;
import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BotDispatcherTest {

    private static final FriendKey ALICE = new FriendKey("A".repeat(64));
    private static final long BUDGET_MS = 1000;

    private final AtomicLong now = new AtomicLong();
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ChatService chat = new ChatService() {
        @Override
        public long send(FriendKey to, MessageKind kind, String text) {
            sent.add(to.hex().substring(0, 4) + " " + text);
            return 1;
        }

        @Override
        public void setTyping(FriendKey to, boolean typing) {
        }
    };
    private final BotDispatcher dispatcher = new BotDispatcher(now::get, BUDGET_MS, () -> null, () -> null, () -> chat,
            (bundle, name, reason) -> failures.add(bundle + " " + reason));

    /** Lets the spinning bot's thread end after its test, where Thread.stop cannot (Java 20+). */
    private volatile boolean stopSpinning;

    @AfterEach
    void close() {
        stopSpinning = true;
        dispatcher.close();
    }

    /** Echoes every message. */
    static final class Echo implements Bot {
        @Override
        public void message(BotContext context, IncomingMessage message) {
            context.chat().send(message.from(), message.kind(), message.text());
        }
    }

    static IncomingMessage message(String text) {
        return new IncomingMessage(ALICE, MessageKind.NORMAL, text, Instant.EPOCH);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void botsRunOnTheirOwnThreadInOrder() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        dispatcher.add("echo", 7, "echo", new Bot() {
            @Override
            public void started(BotContext context) {
                thread.set(Thread.currentThread().getName());
                started.countDown();
            }

            @Override
            public void message(BotContext context, IncomingMessage message) {
                context.chat().send(message.from(), message.kind(), message.text());
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals("parley-bot-echo", thread.get());
        for (int i = 0; i < 100; i++) {
            dispatcher.received(message("m" + i));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("AAAA m" + i, sent.poll(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aThrowingBotIsDisabledAndReportedAndOthersGoOn() throws Exception {
        AtomicReference<BotContext> kept = new AtomicReference<>();
        dispatcher.add("bad", 3, "bad", new Bot() {
            @Override
            public void message(BotContext context, IncomingMessage message) {
                kept.set(context);
                throw new IllegalStateException("boom");
            }
        });
        dispatcher.add("echo", 4, "echo", new Echo());
        dispatcher.received(message("one"));
        assertEquals("AAAA one", sent.poll(5, TimeUnit.SECONDS));
        await("the failure report", () -> !failures.isEmpty());
        assertEquals(List.of("3 bot bad threw java.lang.IllegalStateException: boom in message"), failures);
        assertEquals(1, dispatcher.size());
        await("the bad bot's thread to end", () -> !threadNamed("parley-bot-bad"));
        // Its context is revoked: it cannot act any more.
        assertFalse(kept.get().enabled());
        assertThrows(IllegalStateException.class, () -> kept.get().chat().send(ALICE, MessageKind.NORMAL, "x"));
        dispatcher.received(message("two"));
        assertEquals("AAAA two", sent.poll(5, TimeUnit.SECONDS));
        assertEquals(1, failures.size());
    }

    @Test
    void aBlockingBotIsDisabledWhenItsBudgetIsSpentAndItsThreadEnds() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        dispatcher.add("sleepy", 5, "sleepy", new Bot() {
            @Override
            public void friendRequest(BotContext context, FriendRequest request) {
                blocked.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        });
        dispatcher.add("echo", 6, "echo", new Echo());
        dispatcher.requestReceived(new FriendRequest(ALICE, "hi", Instant.EPOCH));
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        // Queuing never waits for a bot, however many events: posting that waited for the blocked
        // bot would never return, and fails here instead of hanging the build.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 500; i++) {
                dispatcher.received(message("m" + i));
            }
        }, "posting waited for the bot");
        assertTrue(dispatcher.busy("sleepy"), "posted while the bot was still inside its call");
        for (int i = 0; i < 500; i++) {
            assertEquals("AAAA m" + i, sent.poll(5, TimeUnit.SECONDS));
        }
        await("the echo bot idle", () -> !dispatcher.busy("echo")); // the fake clock jumps for every bot
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(BUDGET_MS)); // exactly the budget: still fine
        dispatcher.checkBudgets();
        assertEquals(List.of(), failures);
        now.addAndGet(1);
        dispatcher.checkBudgets();
        assertEquals(List.of("5 bot sleepy did not return from friendRequest within 1000 ms"), failures);
        await("the blocked thread to end", () -> !threadNamed("parley-bot-sleepy"));
        assertEquals(Boolean.TRUE, interrupted.get());
        assertEquals(List.of(), dispatcher.lingering());
    }

    @Test
    void aLoopingBotIsReportedAndStoppedWhereTheJvmAllows() throws Exception {
        CountDownLatch looping = new CountDownLatch(1);
        dispatcher.add("spinner", 8, "spinner", new Bot() {
            @Override
            public void message(BotContext context, IncomingMessage message) {
                looping.countDown();
                long x = 0;
                while (x >= 0 && !stopSpinning) { // ignores interrupts
                    x = (x + 1) & 0xffff;
                }
            }
        });
        dispatcher.add("echo", 9, "echo", new Echo());
        dispatcher.received(message("spin"));
        assertTrue(looping.await(5, TimeUnit.SECONDS));
        assertEquals("AAAA spin", sent.poll(5, TimeUnit.SECONDS));
        await("the echo bot idle", () -> !dispatcher.busy("echo")); // the fake clock jumps for every bot
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(BUDGET_MS) + 1);
        dispatcher.checkBudgets();
        assertEquals(List.of("8 bot spinner did not return from message within 1000 ms"), failures);
        assertEquals(List.of("parley-bot-spinner"), dispatcher.lingering(), "interrupts do not end a spinning thread");
        dispatcher.received(message("still here"));
        assertEquals("AAAA still here", sent.poll(5, TimeUnit.SECONDS));
        await("the echo bot idle", () -> !dispatcher.busy("echo"));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(BUDGET_MS) + 1);
        dispatcher.checkBudgets();
        if (Runtime.version().feature() < 20) {
            await("Thread.stop to end the spinning thread", () -> !threadNamed("parley-bot-spinner"));
            assertEquals(List.of(), dispatcher.lingering());
        } else {
            assertEquals(List.of("parley-bot-spinner"), dispatcher.lingering());
        }
    }

    @Test
    void removingABotEndsItsThreadAndRevokesItsContext() throws Exception {
        AtomicReference<BotContext> kept = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        dispatcher.add("key", 1, "polite", new Bot() {
            @Override
            public void started(BotContext context) {
                kept.set(context);
                started.countDown();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(threadNamed("parley-bot-polite"));
        dispatcher.remove("key");
        // remove waits a moment (the budget) for the thread; a stalled machine may need longer.
        await("the bot's thread to end", () -> !threadNamed("parley-bot-polite"));
        assertEquals(List.of(), dispatcher.lingering());
        assertEquals(0, dispatcher.size());
        assertFalse(kept.get().enabled());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept.get().chat().setTyping(ALICE, true));
        assertEquals("bot polite is disabled", e.getMessage());
        assertEquals(List.of(), failures);
    }

    @Test
    void withoutAProfileTheContextSaysSo() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.add("k", 1, "curious", new Bot() {
            @Override
            public void started(BotContext context) {
                try {
                    context.friends().friends();
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                done.countDown();
            }
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertNotNull(thrown.get());
        assertEquals("no profile is loaded", thrown.get().getMessage());
        assertEquals(new ArrayList<>(), failures);
    }
}
