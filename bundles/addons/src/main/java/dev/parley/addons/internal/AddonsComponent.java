package dev.parley.addons.internal;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonListener;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.addon.Bot;
import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Wires the add-on manager and the bot dispatcher into the framework. Framework properties:
 * {@value #FOLDER} (the watched add-ons folder; default {@code addons} in {@code parley.data.dir};
 * without either there is no manager), {@value #POLL} (ms between the scans that follow a change of the folder, which is watched, or
 * between all scans where it cannot be watched; default 1000) and
 * {@value #BUDGET} (a bot call's time budget, ms, default 2000).
 *
 * <p>Publishes {@link AddonManager}, and the dispatcher as {@link FriendListener} and
 * {@link ChatListener} (so the Messenger's events reach it); calls every {@link Bot} service through
 * the dispatcher and every {@link AddonListener} service on changes. Two threads: one for the
 * manager (folder scans, reports from the dispatcher, listener calls), one watchdog for the bots'
 * budgets.
 */
@Component(service = {}, immediate = true)
public final class AddonsComponent {

    public static final String FOLDER = "parley.addons.dir";
    public static final String POLL = "parley.addons.poll.ms";
    public static final String BUDGET = "parley.bots.budget.ms";

    private static final Logger LOG = Logger.getLogger(AddonsComponent.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProfileService profile;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FriendsService friends;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChatService chat;

    private final List<AddonListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService managerThread;
    private final ScheduledExecutorService watchdog;
    private final BotDispatcher dispatcher;
    private final Addons addons;
    private final ServiceRegistration<?> dispatcherRegistration;
    private final ServiceRegistration<AddonManager> managerRegistration;
    private volatile long poll;
    /** Wakes the scans when the folder changes (inotify on Linux); null where it cannot. */
    private volatile WatchService watcher;
    private int scansLeft;
    private final long watchTick;
    private final long idleWatchTick;

    @Activate
    public AddonsComponent(BundleContext context) {
        long poll = longProperty(context, POLL, 1000);
        long budget = longProperty(context, BUDGET, 2000);
        managerThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-addons"));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parley-bots-watchdog"));
        dispatcher = new BotDispatcher(System::nanoTime, budget, () -> profile, () -> friends, () -> chat,
                this::botFailed);
        watchTick = Math.max(10, Math.min(budget / 4, 250));
        // With no bot to watch it looks once a second (never later than one budget), so an idle
        // node does not wake four times a second for nothing; a bot's overrun is still caught
        // within its budget plus one tick.
        idleWatchTick = Math.max(watchTick, Math.min(budget, 1000));
        watchdog.schedule(this::watch, watchTick, TimeUnit.MILLISECONDS);
        dispatcherRegistration = context.registerService(
                new String[] {FriendListener.class.getName(), ChatListener.class.getName()}, dispatcher, null);

        Path folder = folder(context);
        if (folder == null) {
            LOG.info("add-ons: no folder (set " + FOLDER + "), so no add-on manager");
            addons = null;
            managerRegistration = null;
        } else {
            addons = new Addons(folder, new OsgiBundleHost(context), this::changed);
            managerRegistration = context.registerService(AddonManager.class, addons, null);
            managerThread.execute(this::startAddons);
            this.poll = poll;
            watcher = watchFolder(folder);
            if (watcher == null) {
                managerThread.scheduleWithFixedDelay(this::scan, poll, poll, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (managerRegistration != null) {
            unregisterQuietly(managerRegistration);
        }
        unregisterQuietly(dispatcherRegistration);
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        managerThread.shutdownNow();
        watchdog.shutdownNow();
        dispatcher.close();
        try {
            managerThread.awaitTermination(5, TimeUnit.SECONDS);
            watchdog.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeBot")
    void addBot(Bot bot, ServiceReference<Bot> reference) {
        Object named = reference.getProperty(Bot.NAME);
        String name = named == null || String.valueOf(named).isBlank() ? bot.getClass().getSimpleName() : String.valueOf(named);
        dispatcher.add(reference, reference.getBundle() == null ? -1 : reference.getBundle().getBundleId(), name, bot);
    }

    void removeBot(Bot bot, ServiceReference<Bot> reference) {
        dispatcher.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(AddonListener listener) {
        listeners.add(listener);
        if (addons != null) {
            managerThread.execute(() -> tell(listener, addons.list()));
        }
    }

    void removeListener(AddonListener listener) {
        listeners.remove(listener);
    }

    private void startAddons() {
        try {
            addons.start();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "add-ons: starting failed: " + e, e);
        }
    }

    /**
     * Watches the folder for changes, so an idle runtime does not scan it every {@code poll} ms:
     * each change asks for three scans {@code poll} ms apart (a file is taken once two scans saw
     * it the same). Returns null where the folder cannot be watched; then it is scanned every
     * {@code poll} ms as before.
     */
    private WatchService watchFolder(Path folder) {
        WatchService w;
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try {
            w = folder.getFileSystem().newWatchService();
            folder.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("add-ons: cannot watch " + folder + " (" + e + "); scanning it every " + poll + " ms");
            return null;
        }
        Thread t = daemon(() -> {
            try {
                while (true) {
                    WatchKey key = w.take();
                    key.pollEvents();
                    key.reset();
                    managerThread.execute(this::folderChanged);
                }
            } catch (InterruptedException | ClosedWatchServiceException | RejectedExecutionException stopped) {
                // deactivated
            }
        }, "parley-addons-watch");
        t.start();
        return w;
    }

    /** The folder changed: scan now and twice more, on the manager's thread. */
    private void folderChanged() {
        boolean idle = scansLeft == 0;
        scansLeft = 3;
        if (idle) {
            scanAndMaybeAgain();
        }
    }

    private void scanAndMaybeAgain() {
        scan();
        if (--scansLeft > 0) {
            try {
                managerThread.schedule(this::scanAndMaybeAgain, poll, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // deactivated
            }
        }
    }

    private void scan() {
        try {
            addons.scan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "add-ons: scanning failed: " + e, e);
        }
    }

    private void watch() {
        checkBudgets();
        try {
            watchdog.schedule(this::watch, dispatcher.watching() ? watchTick : idleWatchTick, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // deactivated
        }
    }

    private void checkBudgets() {
        try {
            dispatcher.checkBudgets();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bots: budget check failed: " + e, e);
        }
    }

    /** A bot misbehaved: its add-on is disabled (on the manager's thread, never the bot's or the watchdog's). */
    private void botFailed(long bundleId, String name, String reason) {
        if (addons == null) {
            return;
        }
        managerThread.execute(() -> {
            try {
                if (!addons.disableBundle(bundleId, reason)) {
                    LOG.warning(() -> reason + " (bundle " + bundleId + " is not an add-on; only the bot is off)");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "add-ons: disabling bundle " + bundleId + " failed: " + e, e);
            }
        });
    }

    /** Called under the manager's lock: hand the list on to the listeners from the manager's thread. */
    private void changed(List<Addon> all) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            managerThread.execute(() -> listeners.forEach(l -> tell(l, all)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    private static void tell(AddonListener l, List<Addon> all) {
        try {
            l.addonsChanged(all);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "add-ons: a listener failed: " + e, e);
        }
    }

    private static Path folder(BundleContext context) {
        String dir = context.getProperty(FOLDER);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String data = context.getProperty("parley.data.dir");
        return data == null || data.isBlank() ? null : Path.of(data, "addons");
    }

    private static long longProperty(BundleContext context, String name, long otherwise) {
        String v = context.getProperty(name);
        try {
            return v == null ? otherwise : Math.max(1, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void unregisterQuietly(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }
}
