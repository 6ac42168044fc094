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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
 * without either there is no manager), {@value #POLL} (scan interval, ms, default 1000) and
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
            managerThread.scheduleWithFixedDelay(this::scan, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (managerRegistration != null) {
            unregisterQuietly(managerRegistration);
        }
        unregisterQuietly(dispatcherRegistration);
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
