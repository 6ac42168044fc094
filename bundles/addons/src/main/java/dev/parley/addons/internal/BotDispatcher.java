package dev.parley.addons.internal;

import dev.parley.api.addon.Bot;
import dev.parley.api.addon.BotContext;
import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls bots with the Messenger's events, safely. It hears the events as a {@link FriendListener}
 * and {@link ChatListener} (on the Messenger's event thread) and only queues them: each bot has a
 * lane, one thread of its own with a bounded queue, so the event loop, the Messenger and other
 * bots never wait for a bot.
 *
 * <p>A bot is disabled, reported to {@link Failures} and never called again when a call throws,
 * when a call is still running {@code budget} after it began (checked by {@link #checkBudgets()},
 * which its owner calls periodically; the time source is injected), or when its queue is full.
 * Its thread is interrupted and its {@link BotContext} revoked; a thread that ignores the
 * interrupt and keeps running past a second budget is stopped the hard way where the JVM still
 * allows it ({@code Thread.stop}, up to Java 19) and reported as leaked otherwise.
 */
final class BotDispatcher implements FriendListener, ChatListener {

    private static final Logger LOG = Logger.getLogger(BotDispatcher.class.getName());

    /** Events a bot may have waiting before it counts as unable to keep up. */
    static final int QUEUE_CAPACITY = 1024;

    /** How a misbehaving bot is reported. */
    @FunctionalInterface
    interface Failures {
        void botFailed(long bundleId, String botName, String reason);
    }

    @FunctionalInterface
    private interface Call {
        void on(Bot bot, BotContext context);
    }

    private record Task(String event, Call call) {
    }

    private final LongSupplier nanoTime;
    private final long budgetNanos;
    private final Supplier<ProfileService> profile;
    private final Supplier<FriendsService> friends;
    private final Supplier<ChatService> chat;
    private final Failures failures;
    private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();
    /** Lanes taken off for misbehaving whose thread has not ended yet. */
    private final List<Lane> dying = new ArrayList<>();

    BotDispatcher(LongSupplier nanoTime, long budgetMillis, Supplier<ProfileService> profile,
            Supplier<FriendsService> friends, Supplier<ChatService> chat, Failures failures) {
        this.nanoTime = nanoTime;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        this.profile = profile;
        this.friends = friends;
        this.chat = chat;
        this.failures = failures;
    }

    /** Whether there is a bot (or a misbehaving bot's thread) for the watchdog to watch. */
    boolean watching() {
        if (!lanes.isEmpty()) {
            return true;
        }
        synchronized (dying) {
            return !dying.isEmpty();
        }
    }

    /** Starts calling a bot; {@code key} identifies it for {@link #remove}. */
    void add(Object key, long bundleId, String name, Bot bot) {
        Lane lane = new Lane(key, bundleId, name, bot);
        Lane old = lanes.put(key, lane);
        if (old != null) {
            old.shutdown();
        }
        lane.offer(new Task("started", Bot::started));
        lane.thread.start();
        LOG.info(() -> "bot " + name + " started");
    }

    /** Stops calling a bot (its service went); waits a moment for its thread to end. */
    void remove(Object key) {
        Lane lane = lanes.remove(key);
        if (lane != null) {
            lane.shutdown();
            LOG.info(() -> "bot " + lane.name + " stopped");
            try {
                lane.thread.join(TimeUnit.NANOSECONDS.toMillis(budgetNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (lane.thread.isAlive()) {
                synchronized (dying) {
                    dying.add(lane);
                }
            }
        }
    }

    /** Stops every lane (the dispatcher's owner goes). */
    void close() {
        for (Object key : List.copyOf(lanes.keySet())) {
            remove(key);
        }
    }

    /** How many bots are being called. */
    int size() {
        return lanes.size();
    }

    /** Whether the bot added under {@code key} is inside a call right now. */
    boolean busy(Object key) {
        Lane lane = lanes.get(key);
        return lane != null && lane.callStarted != Lane.IDLE;
    }

    /** Threads of bots that are gone but still running. */
    List<String> lingering() {
        synchronized (dying) {
            dying.removeIf(l -> !l.thread.isAlive());
            return dying.stream().map(l -> l.thread.getName()).toList();
        }
    }

    /** Disables every bot whose current call has run longer than the budget; ends lingering threads. */
    void checkBudgets() {
        long now = nanoTime.getAsLong();
        for (Lane lane : List.copyOf(lanes.values())) {
            long started = lane.callStarted;
            String event = lane.callEvent;
            if (started != Lane.IDLE && now - started > budgetNanos) {
                fail(lane, "did not return from " + event + " within "
                        + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms");
            }
        }
        synchronized (dying) {
            for (Lane lane : List.copyOf(dying)) {
                if (!lane.thread.isAlive()) {
                    dying.remove(lane);
                } else if (now - lane.diedAt > budgetNanos && !lane.hardStopTried) {
                    lane.hardStopTried = true;
                    if (!hardStop(lane.thread)) {
                        LOG.warning(() -> "bot " + lane.name + ": its thread ignores interrupts and keeps running");
                    }
                }
            }
        }
    }

    private void fail(Lane lane, String reason) {
        if (!lanes.remove(lane.key, lane)) {
            return; // already failed or removed
        }
        lane.diedAt = nanoTime.getAsLong();
        lane.shutdown();
        synchronized (dying) {
            dying.add(lane);
        }
        LOG.warning(() -> "bot " + lane.name + " disabled: " + reason);
        try {
            failures.botFailed(lane.bundleId, lane.name, "bot " + lane.name + " " + reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reporting a bot failure failed: " + e, e);
        }
    }

    /** {@code Thread.stop}, called reflectively: it exists up to Java 19 and throws from Java 20 on. */
    private static boolean hardStop(Thread t) {
        try {
            Method stop = Thread.class.getMethod("stop");
            stop.invoke(t);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private void post(String event, Call call) {
        Task task = new Task(event, call);
        for (Lane lane : lanes.values()) {
            if (!lane.offer(task)) {
                fail(lane, "fell behind: " + QUEUE_CAPACITY + " events waiting");
            }
        }
    }

    // ---- events from the Messenger (its event thread): queued, never run here ----

    @Override
    public void requestReceived(FriendRequest request) {
        post("friendRequest", (b, c) -> b.friendRequest(c, request));
    }

    @Override
    public void friendAdded(Friend friend) {
        post("friendAdded", (b, c) -> b.friendAdded(c, friend));
    }

    @Override
    public void connectionChanged(FriendKey key, Connection connection) {
        post("connectionChanged", (b, c) -> b.connectionChanged(c, key, connection));
    }

    @Override
    public void nameChanged(FriendKey key, String name) {
        post("nameChanged", (b, c) -> b.nameChanged(c, key, name));
    }

    @Override
    public void statusMessageChanged(FriendKey key, String message) {
        post("statusMessageChanged", (b, c) -> b.statusMessageChanged(c, key, message));
    }

    @Override
    public void statusChanged(FriendKey key, UserStatus status) {
        post("statusChanged", (b, c) -> b.statusChanged(c, key, status));
    }

    @Override
    public void received(IncomingMessage message) {
        post("message", (b, c) -> b.message(c, message));
    }

    /** One bot: its queue, its thread, its context. */
    private final class Lane implements Runnable {
        static final long IDLE = Long.MIN_VALUE;

        final Object key;
        final long bundleId;
        final String name;
        final Bot bot;
        final GuardedContext context;
        final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Thread thread;
        volatile boolean running = true;
        volatile long callStarted = IDLE;
        volatile String callEvent = "";
        volatile long diedAt;
        boolean hardStopTried;

        Lane(Object key, long bundleId, String name, Bot bot) {
            this.key = key;
            this.bundleId = bundleId;
            this.name = name;
            this.bot = bot;
            this.context = new GuardedContext(name, profile, friends, chat);
            this.thread = new Thread(this, "parley-bot-" + name);
            thread.setDaemon(true);
        }

        boolean offer(Task task) {
            return !running || queue.offer(task);
        }

        void shutdown() {
            running = false;
            context.revoke();
            queue.clear();
            thread.interrupt();
        }

        @Override
        public void run() {
            while (running) {
                Task task;
                try {
                    task = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
                callEvent = task.event();
                callStarted = nanoTime.getAsLong();
                try {
                    task.call().on(bot, context);
                } catch (Throwable t) { // a bot's failure of any kind is contained here
                    if (running) {
                        fail(this, "threw " + t.getClass().getName()
                                + (t.getMessage() == null ? "" : ": " + Problems.oneLine(t)) + " in " + task.event());
                    }
                    if (t instanceof VirtualMachineError vm && !(t instanceof StackOverflowError)) {
                        throw vm;
                    }
                } finally {
                    callStarted = IDLE;
                }
            }
        }
    }
}
