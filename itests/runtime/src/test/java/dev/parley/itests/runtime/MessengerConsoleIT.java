package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The node feature with a fresh profile configured (PID dev.parley.onion): the Messenger publishes
 * the api services for that identity, the parley:* console commands drive it, changes are saved to
 * the profile file, and removing the configuration takes the services away again (saving once more).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessengerConsoleIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin admin;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("node");
    }

    @Test
    public void aConfiguredProfileIsDrivenFromTheConsole() throws Exception {
        Path dir = Files.createTempDirectory("parley-messenger-it");
        ProfileStore store = ProfileStore.open(dir);
        ToxSave fresh = ToxSave.generate().withName("Alice");
        store.save("alice", fresh, null);
        String publicKey = HexFormat.of().withUpperCase().formatHex(fresh.publicKey());

        assertEquals(List.of("error: no profile is loaded (configure dev.parley.onion with a profile)"),
                run(processor, "parley:id"));

        org.osgi.service.cm.Configuration config = admin.getConfiguration("dev.parley.onion", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("profile", "alice");
        props.put("profile_dir", dir.toString());
        config.update(props);
        try {
            ProfileService profile = FeatureBootSupport.waitFor(context, ProfileService.class, 20_000);
            assertEquals(publicKey, profile.publicKey());
            FeatureBootSupport.waitFor(context, FriendsService.class, 5_000);
            assertMessengerAndConsoleSatisfied();

            assertEquals(List.of(profile.toxId()), run(processor, "parley:id"));
            assertTrue(profile.toxId().startsWith(publicKey));
            assertEquals(List.of("Alice"), run(processor, "parley:name"));
            assertEquals(List.of("Alice Liddell"), run(processor, "parley:name Alice Liddell"));
            assertEquals(List.of("away"), run(processor, "parley:status away"));
            assertEquals(List.of("down the rabbit hole"), run(processor, "parley:statusmessage down the rabbit hole"));
            assertEquals(List.of("0000BEEF"), run(processor, "parley:nospam beef"));
            assertEquals(List.of(), run(processor, "parley:friends"));
            assertEquals(List.of(), run(processor, "parley:requests"));
            assertEquals(List.of("error: no friend number 0"), run(processor, "parley:send 0 hello"));
            assertEquals(List.of("error: no request 0 (0 pending)"), run(processor, "parley:accept 0"));
            assertTrue(run(processor, "parley:add 1234 hi").get(0).startsWith("error: not a Tox ID"));
            // Listeners registered as services hear the Messenger's events (whiteboard).
            BlockingQueue<Friend> heard = new LinkedBlockingQueue<>();
            ServiceRegistration<FriendListener> listener = context.registerService(FriendListener.class,
                    new FriendListener() {
                        @Override
                        public void friendAdded(Friend friend) {
                            heard.add(friend);
                        }
                    }, null);
            String bob = HexFormat.of().withUpperCase().formatHex(ToxSave.generate().toxId().toBytes());
            List<String> added = run(processor, "parley:add " + bob + " hello Alice here");
            assertEquals(List.of("0\t" + bob.substring(0, 64) + "\t\tnone"), added);
            Friend friend = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull("friendAdded reached the FriendListener service", friend);
            assertEquals(bob.substring(0, 64), friend.key().hex());
            listener.unregister();
            assertEquals(added, run(processor, "parley:friends"));

            // Every change reaches the profile file.
            awaitSaved(store, s -> s.name().equals("Alice Liddell") && s.nospam() == 0xBEEF
                    && s.statusMessage().equals("down the rabbit hole") && s.friends().size() == 1);
        } finally {
            config.delete();
        }
        // Unconfigured: the services go, and the console says so.
        long deadline = System.currentTimeMillis() + 10_000;
        while (context.getServiceReference(ProfileService.class) != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertNull("ProfileService gone", context.getServiceReference(ProfileService.class));
        assertEquals(List.of("error: no profile is loaded (configure dev.parley.onion with a profile)"),
                run(processor, "parley:id"));
        assertMessengerAndConsoleSatisfied();
        ToxSave saved = store.load("alice", null).save();
        assertEquals("Alice Liddell", saved.name());
        assertEquals(publicKey, HexFormat.of().withUpperCase().formatHex(saved.publicKey()));
    }

    /** The components of the messenger and console bundles are satisfied (others are checked by NodeFeatureIT). */
    private void assertMessengerAndConsoleSatisfied() throws InterruptedException {
        ServiceComponentRuntime scr = FeatureBootSupport.waitFor(context, ServiceComponentRuntime.class);
        int seen = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            String bundle = d.bundle.symbolicName;
            if (!bundle.equals("dev.parley.messenger") && !bundle.equals("dev.parley.console")) {
                continue;
            }
            seen++;
            assertTrue(d.name + " enabled", scr.isComponentEnabled(d));
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                assertTrue(d.name + " satisfied", c.state == ComponentConfigurationDTO.SATISFIED
                        || c.state == ComponentConfigurationDTO.ACTIVE);
            }
            assertTrue(d.name + " has a configuration", !scr.getComponentConfigurationDTOs(d).isEmpty());
        }
        // MessengerComponent and AccountComponent (messenger), the parley:* and addon:* commands (console)
        assertEquals("messenger and console components", 4, seen);
    }

    private interface SaveCheck {
        boolean ok(ToxSave save);
    }

    private static void awaitSaved(ProfileStore store, SaveCheck check) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        ToxSave last = null;
        while (System.currentTimeMillis() < deadline) {
            last = ProfileStore.open(store.directory()).load("alice", null).save();
            if (check.ok(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("profile not saved as expected; last name " + (last == null ? null : last.name()));
    }

    private static List<String> run(CommandProcessor processor, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e);
        try {
            Object result = session.execute(command);
            assertNull(command + " returns nothing", result);
        } finally {
            session.close();
        }
        o.flush();
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
