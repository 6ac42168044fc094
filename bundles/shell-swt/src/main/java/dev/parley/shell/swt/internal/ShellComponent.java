package dev.parley.shell.swt.internal;

import dev.parley.api.account.AccountService;
import dev.parley.api.addon.AddonListener;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.settings.SettingsService;
import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.shell.swt.presentation.ApiBridge;
import dev.parley.shell.swt.presentation.MessengerModel;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The desktop window as a component: it needs the {@link AccountService} and the process's main
 * thread (the launcher publishes it as an {@link Executor} with {@code parley.thread=main}), and
 * follows the Messenger's {@link ProfileService}, {@link FriendsService} and {@link ChatService}
 * as they come and go with the open profile. It registers one {@link FriendListener} and
 * {@link ChatListener} (the {@link ApiBridge}) that moves every event onto the window's thread.
 * It follows the {@link SettingsService}, the {@link AddonManager} (and registers an
 * {@link AddonListener} for the Add-ons page) and every {@link dev.parley.api.addon.Theme} add-on,
 * restyling the window as themes come and go. Closing the window stops Parley.
 */
@Component(service = {}, immediate = true)
public final class ShellComponent {
    private static final Logger LOG = Logger.getLogger(ShellComponent.class.getName());

    private final Services services;
    private final DesktopApp app;
    private final BundleContext context;
    private final ServiceRegistration<?> listeners;
    private final ServiceRegistration<?> addonListener;
    private volatile boolean deactivating;

    @Activate
    public ShellComponent(BundleContext context, @Reference AccountService account,
            @Reference(target = "(parley.thread=main)") Executor mainThread) {
        this.context = context;
        this.services = new Services(account);
        MessengerModel model = new MessengerModel();
        this.app = new DesktopApp(services, model);
        ApiBridge bridge = new ApiBridge(app::asyncExec, model);
        listeners = context.registerService(new String[] {FriendListener.class.getName(), ChatListener.class.getName()},
                bridge, null);
        addonListener = context.registerService(AddonListener.class, app::addonsChanged, null);
        // A returning person's profile starts opening now, not after the main thread has started
        // the toolkit.
        app.openEarly();
        mainThread.execute(() -> {
            try {
                app.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "the window failed: " + e, e);
            }
            if (!deactivating) {
                stopParley();
            }
        });
    }

    /** The person closed the window: Parley stops (profile saved by the Messenger on the way). */
    private void stopParley() {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(Level.WARNING, "stopping Parley: " + e, e);
            }
        }, "parley-shell-stop");
        t.start();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindProfile")
    void bindProfile(ProfileService s) {
        services.profile = s;
        app.messengerChanged();
    }

    void unbindProfile(ProfileService s) {
        if (services.profile == s) {
            services.profile = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindFriends")
    void bindFriends(FriendsService s) {
        services.friends = s;
        app.messengerChanged();
    }

    void unbindFriends(FriendsService s) {
        if (services.friends == s) {
            services.friends = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindChat")
    void bindChat(ChatService s) {
        services.chat = s;
        app.messengerChanged();
    }

    void unbindChat(ChatService s) {
        if (services.chat == s) {
            services.chat = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindSettings")
    void bindSettings(SettingsService s) {
        services.settings = s;
        app.settingsChanged();
    }

    void unbindSettings(SettingsService s) {
        if (services.settings == s) {
            services.settings = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindAddons")
    void bindAddons(AddonManager m) {
        services.addons = m;
        app.addonsChanged(null);
    }

    void unbindAddons(AddonManager m) {
        if (services.addons == m) {
            services.addons = null;
            app.addonsChanged(java.util.List.of());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTheme",
            updated = "updatedTheme")
    void bindTheme(dev.parley.api.addon.Theme theme, Map<String, Object> properties) {
        app.themeChanged(serviceId(properties), theme, ranking(properties));
    }

    void updatedTheme(dev.parley.api.addon.Theme theme, Map<String, Object> properties) {
        app.themeChanged(serviceId(properties), theme, ranking(properties));
    }

    void unbindTheme(dev.parley.api.addon.Theme theme, Map<String, Object> properties) {
        app.themeChanged(serviceId(properties), null, 0);
    }

    private static long serviceId(Map<String, Object> p) {
        return ((Number) p.get("service.id")).longValue();
    }

    private static int ranking(Map<String, Object> p) {
        return p.get("service.ranking") instanceof Integer i ? i : 0;
    }

    @Deactivate
    void deactivate() {
        deactivating = true;
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {listeners, addonListener}) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // the framework took it down already
            }
        }
        try {
            if (!app.quit(5_000)) {
                LOG.warning("the window did not close within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
