package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.profile.ProfileService;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

/**
 * The {@code node} feature in a framework, with a fresh profile, driven only by the
 * {@code parley:*} console commands against real c-toxcore peers (0.2.18 and 0.2.20, from the
 * interop rig, which is installed as a bundle): the node sends a friend request to one peer and
 * accepts one from the other, and with each it exchanges messages (with receipts) and sees
 * name and status changes, all through the console and a {@link ChatListener} service.
 *
 * <p>The network is the rig's: {@code tox-bootstrapd} and four c-toxcore peers that only make
 * up the DHT the onion paths run through. The test JVM runs in a private network namespace.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleToxcoreIT {
    private static final Duration CONNECT = Duration.ofSeconds(120);
    private static final Duration T = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin admin;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] configuration() {
        String rig = System.getProperty("parley.itest.rig.jar");
        return Distribution.examOptions("node", bundle(Path.of(rig).toUri().toString()));
    }

    @Test
    public void consoleBefriendsAndChatsWithToxcore() throws Exception {
        BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        BlockingQueue<Long> receipts = new LinkedBlockingQueue<>();
        ServiceRegistration<ChatListener> listener = context.registerService(ChatListener.class, new ChatListener() {
            @Override
            public void received(IncomingMessage message) {
                received.add(message);
            }

            @Override
            public void delivered(dev.parley.api.friends.FriendKey to, long messageId) {
                receipts.add(messageId);
            }
        }, null);
        try (Rig rig = Rig.start("ConsoleToxcoreIT")) {
            List<ToxPeer> peers = new ArrayList<>();
            for (String v : Toxcore.requiredVersions()) {
                for (int i = 0; i < 2; i++) {
                    rig.peer(v, "dht-" + v + "-" + i);
                }
                peers.add(rig.peer(v, "peer-" + v));
            }
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, CONNECT);
            }
            configureNode(rig);
            ProfileService profile = FeatureBootSupport.waitFor(context, ProfileService.class, 20_000);
            assertEquals(List.of("Console Alice"), run("parley:name Console Alice"));

            // Parley asks the first peer; the second peer asks Parley.
            ToxPeer asked = peers.get(0);
            ToxPeer asking = peers.get(1);
            List<String> added = run("parley:add " + asked.address() + " hello from the console");
            assertEquals(1, added.size());
            assertTrue(added.get(0), added.get(0).startsWith("0\t" + asked.publicKey() + "\t"));
            asked.awaitEvent("the request from the console", e -> e.is("friend_request")
                    && e.has("public_key", profile.publicKey()) && "hello from the console".equals(e.text("message")),
                    CONNECT);
            asked.acceptFriend(profile.publicKey());

            asking.addFriend(profile.toxId(), "hello console");
            awaitLines("the request from " + asking.name(), "parley:requests",
                    l -> l.size() == 1 && l.get(0).equals("0\t" + asking.publicKey() + "\thello console"));
            List<String> accepted = run("parley:accept 0");
            assertTrue(accepted.get(0), accepted.get(0).startsWith("1\t" + asking.publicKey() + "\t"));

            awaitLines("both friends online", "parley:friends", l -> l.size() == 2
                    && l.stream().noneMatch(f -> f.endsWith("\tnone")));
            for (int number = 0; number < 2; number++) {
                int n = number;
                ToxPeer peer = n == 0 ? asked : asking;
                String theirs = peer.name() + " says hi";
                // Parley is friend 0 of each peer: the one it asked accepted it first, the other asked it.
                List<String> sent = run("parley:send " + n + " hi " + peer.name());
                assertTrue(sent.get(0), sent.get(0).startsWith("sent\t" + n + "\t"));
                long id = Long.parseLong(sent.get(0).split("\t")[2]);
                Event m = peer.awaitEvent(peer.name() + " gets the console's message",
                        e -> e.is("friend_message") && ("hi " + peer.name()).equals(e.text("text")), T);
                assertEquals("0", m.get("friend"));
                assertEquals(Long.valueOf(id), receipts.poll(T.toSeconds(), TimeUnit.SECONDS));

                peer.sendMessage(0, theirs);
                IncomingMessage in = received.poll(T.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(peer.name() + "'s message reached the ChatListener", in);
                assertEquals(theirs, in.text());
                assertEquals(peer.publicKey(), in.from().hex());

                peer.setName("Renamed " + n);
                awaitLines(peer.name() + "'s new name", "parley:friends",
                        l -> l.stream().anyMatch(f -> f.startsWith(n + "\t") && f.contains("\tRenamed " + n + "\t")));
            }
            assertEquals(List.of("away"), run("parley:status away"));
            for (ToxPeer peer : peers) {
                peer.awaitEvent(peer.name() + " sees the console's status", e -> e.is("friend_status")
                        && e.has("status", "away"), T);
                peer.awaitEvent(peer.name() + " sees the console's name", e -> e.is("friend_name")
                        && "Console Alice".equals(e.text("name")), T);
            }
        } finally {
            listener.unregister();
            admin.getConfiguration("dev.parley.onion", "?").delete();
            admin.getConfiguration("dev.parley.dht", "?").delete();
        }
    }

    /** A fresh profile for the node, and the rig's daemon as its bootstrap node. */
    private void configureNode(Rig rig) throws Exception {
        Hashtable<String, Object> dht = new Hashtable<>();
        dht.put("bootstrap", new String[] {rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":"
                + rig.bootstrapd().publicKey()});
        admin.getConfiguration("dev.parley.dht", "?").update(dht);

        Path dir = Files.createTempDirectory("parley-console-toxcore");
        ProfileStore.open(dir).save("alice", ToxSave.generate().withName("Alice"), null);
        Hashtable<String, Object> onion = new Hashtable<>();
        onion.put("profile", "alice");
        onion.put("profile_dir", dir.toString());
        admin.getConfiguration("dev.parley.onion", "?").update(onion);
    }

    private void awaitLines(String what, String command, Predicate<List<String>> ok) throws Exception {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        List<String> last = run(command);
        while (!ok.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + command + " still says " + last);
            }
            Thread.sleep(200); // polling interval; the deadline decides
            last = run(command);
        }
    }

    private List<String> run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, o);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        o.flush();
        String text = out.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }
}
