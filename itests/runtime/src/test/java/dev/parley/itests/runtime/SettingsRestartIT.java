package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.parley.api.account.AccountService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.Settings;
import dev.parley.api.settings.SettingsService;
import dev.parley.onion.OnionService;
import java.net.ServerSocket;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Saving settings in a real framework (core feature) applies them as one change: the Messenger
 * (its {@link ChatService}) restarts at most once for a save that changes its network (UDP off and
 * TCP relays listed: once it restarted twice, for the UDP socket's and the onion's configuration),
 * and not at all for a save that changes only the look or notifications, so a conversation stays.
 *
 * <p>"Applied" is known without sleeping: Config Admin tells its listeners of updates in order,
 * so once a marker configuration written after the save reaches this test's listener, the
 * components have seen every configuration the save wrote.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SettingsRestartIT {
    static final long DEADLINE_MS = 30_000;
    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin admin;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("core");
    }

    @Test
    public void aSaveRestartsTheMessengerAtMostOnceAndOnlyWhenItMust() throws Exception {
        AccountService account = FeatureBootSupport.waitFor(context, AccountService.class);
        String profile = "restarts-" + UUID.randomUUID().toString().substring(0, 8);
        account.create(profile, "Restarts", null);
        String filter = "(&(objectClass=" + ChatService.class.getName() + ")(parley.profile=" + profile + "))";
        awaitApplied();
        awaitService(filter);
        // the same component as the account service (one registration of both)
        SettingsService settings = (SettingsService) account;

        AtomicInteger started = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        ServiceListener counter = e -> {
            if (e.getType() == ServiceEvent.REGISTERED) {
                started.incrementAndGet();
            } else if (e.getType() == ServiceEvent.UNREGISTERING) {
                stopped.incrementAndGet();
            }
        };
        context.addServiceListener(counter, filter);
        try {
            // the look and notifications: nothing to restart
            Settings before = settings.settings();
            settings.update(before.withTheme("dark").withNotifications(!before.notifications()));
            awaitApplied();
            awaitService(filter);
            awaitRegistered(started, stopped);
            assertEquals("Messenger stops for a theme/notifications save", 0, stopped.get());
            assertEquals(0, started.get());

            // UDP off and a TCP relay (nothing listens there; connecting is tried on loopback only)
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            BootstrapNode relay = BootstrapNode.parse("127.0.0.1:" + port + ":" + KEY);
            settings.update(settings.settings().withUdp(false).withRelays(List.of(relay)));
            awaitApplied();
            awaitService(filter);
            awaitRegistered(started, stopped);
            assertEquals("Messenger restarts for UDP off + relays", 1, stopped.get());
            assertEquals(1, started.get());

            // the same network again, another theme: nothing to restart
            settings.update(settings.settings().withTheme(Settings.THEME_BUILT_IN));
            awaitApplied();
            awaitService(filter);
            awaitRegistered(started, stopped);
            assertEquals("a save with UDP off and relays listed that changes only the theme", 1, stopped.get());
            assertEquals(1, started.get());

            // back to UDP, no relays: one restart again
            settings.update(settings.settings().withUdp(true).withRelays(List.of()));
            awaitApplied();
            awaitService(filter);
            awaitRegistered(started, stopped);
            assertEquals("Messenger restarts for UDP on again", 2, stopped.get());
            assertEquals(2, started.get());
            assertNotNull("the onion client of the profile still runs", context.getServiceReference(OnionService.class));
        } finally {
            context.removeServiceListener(counter);
            account.close();
        }
    }

    /**
     * Writes a marker configuration and waits until this test's configuration listener hears of
     * it: Config Admin delivers events in order, so every earlier update has reached the
     * components' runtime (which listens the same way) by then.
     */
    private void awaitApplied() throws Exception {
        String pid = "dev.parley.itests.marker";
        String token = UUID.randomUUID().toString();
        CountDownLatch seen = new CountDownLatch(1);
        ServiceRegistration<ConfigurationListener> reg = context.registerService(ConfigurationListener.class,
                event -> {
                    if (event.getType() == ConfigurationEvent.CM_UPDATED && pid.equals(event.getPid())) {
                        try {
                            Object t = admin.getConfiguration(pid, "?").getProperties().get("token");
                            if (token.equals(t)) {
                                seen.countDown();
                            }
                        } catch (Exception e) {
                            // not yet readable: a later event will do
                        }
                    }
                }, null);
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("token", token);
            admin.getConfiguration(pid, "?").update(props);
            assertTrue("Config Admin delivered the marker", seen.await(DEADLINE_MS, TimeUnit.MILLISECONDS));
        } finally {
            reg.unregister();
        }
    }

    /**
     * The framework shows a new registration to lookups a moment before it tells this test's
     * listener, so {@link #awaitService} can return while a restart's "registered" is not counted
     * yet: wait until each stop counted has its start.
     */
    private static void awaitRegistered(AtomicInteger started, AtomicInteger stopped) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (started.get() < stopped.get() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    private void awaitService(String filter) throws Exception {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
            if (refs != null && refs.length > 0) {
                return;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no Messenger for " + filter + " within " + DEADLINE_MS + " ms");
            }
            Thread.sleep(20);
        }
    }
}
