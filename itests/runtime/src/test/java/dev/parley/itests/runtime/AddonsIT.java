package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonKind;
import dev.parley.api.addon.AddonListener;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.addon.AddonState;
import dev.parley.api.addon.Bot;
import dev.parley.api.addon.Theme;
import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.transport.DatagramTransport;
import dev.parley.itests.runtime.testbots.TestBots;
import dev.parley.itests.runtime.testtransport.TestTransport;
import dev.parley.net.PacketNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The add-on platform in the core feature: bots and a theme installed, updated and uninstalled at
 * run time through the {@link AddonManager} (and the watched folder); their services appear and
 * go; a throwing, a blocking and a looping bot are disabled and reported without holding up the
 * caller or other bots; an unresolvable add-on is reported with its missing package; nothing
 * stays behind (bundles, services, bot threads, listeners).
 *
 * <p>The Messenger is not configured here: the test plays its part, calling the dispatcher's
 * {@link ChatListener} service as the Messenger's event thread would, and registering a
 * {@link ChatService} that records what bots send.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AddonsIT {

    private static final long DEADLINE_MILLIS = 10_000;
    private static final FriendKey ALICE = new FriendKey("A1".repeat(32));

    @Inject
    private BundleContext context;

    @Inject
    private AddonManager manager;

    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private ServiceRegistration<ChatService> chat;
    private int bundlesBefore;
    private int listenersBefore;

    @Configuration
    public Option[] configuration() throws IOException, URISyntaxException {
        Path addons = Files.createTempDirectory("parley-addons-it-");
        Path jars = Files.createTempDirectory("parley-addon-jars-");
        testBot(jars, "echo-1.jar", "org.example.testecho", "1.0.0", "echo", "testecho", null);
        testBot(jars, "echo-2.jar", "org.example.testecho", "2.0.0", "echo", "testecho", null);
        testBot(jars, "throwing.jar", "org.example.throwing", "1.0.0", "throwing", "thrower", null);
        testBot(jars, "blocking.jar", "org.example.blocking", "1.0.0", "blocking", "blocker", null);
        testBot(jars, "looping.jar", "org.example.looping", "1.0.0", "looping", "looper", null);
        testBot(jars, "needy.jar", "org.example.needy", "1.0.0", "echo", "needy", "org.example.nowhere");
        testBot(jars, "sneaky.jar", "org.example.sneaky", "1.0.0", "echo", "sneaky", "dev.parley.crypto");
        testTransport(jars, "transport-1.jar", "1.0.0");
        testTransport(jars, "transport-2.jar", "2.0.0");
        return Distribution.examOptions("core",
                frameworkProperty("parley.addons.dir").value(addons.toString()),
                frameworkProperty("parley.addons.poll.ms").value("100"),
                frameworkProperty("parley.bots.budget.ms").value("1000"),
                frameworkProperty("parley.itest.jars").value(jars.toString()),
                frameworkProperty("parley.itest.samples").value(Distribution.home().resolve("samples").toString()));
    }

    /** Packs the test bot classes (compiled with the tests) into an add-on jar. */
    private static void testBot(Path dir, String file, String bsn, String version, String kind, String name,
            String extraImport) throws IOException, URISyntaxException {
        Manifest m = addonManifest(bsn, version, "Test bot " + name, "bot", TestBots.class);
        Attributes a = m.getMainAttributes();
        a.putValue("Import-Package", "org.osgi.framework, dev.parley.api.addon, dev.parley.api.chat,"
                + " dev.parley.api.friends, dev.parley.api.profile" + (extraImport == null ? "" : ", " + extraImport));
        a.putValue("X-Test-Bot", kind);
        a.putValue("X-Test-Bot-Name", name);
        pack(dir.resolve(file), m, TestBots.class);
    }

    /** Packs the test transport (a loopback UDP socket that outranks the built-in one) into an add-on jar. */
    private static void testTransport(Path dir, String file, String version) throws IOException, URISyntaxException {
        Manifest m = addonManifest("org.example.testtransport", version, "Test transport", "transport",
                TestTransport.class);
        m.getMainAttributes().putValue("Import-Package", "org.osgi.framework, dev.parley.api.transport");
        pack(dir.resolve(file), m, TestTransport.class);
    }

    private static Manifest addonManifest(String bsn, String version, String name, String kind, Class<?> activator) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", name);
        a.putValue("Bundle-Activator", activator.getName());
        a.putValue("Parley-Addon-Kind", kind);
        return m;
    }

    /** A jar of the manifest and every class of {@code anchor}'s package, as compiled with the tests. */
    private static void pack(Path file, Manifest m, Class<?> anchor) throws IOException, URISyntaxException {
        String pkg = anchor.getPackageName().replace('.', '/');
        Path classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(pkg);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m);
                Stream<Path> list = Files.list(classes)) {
            for (Path c : list.filter(p -> p.toString().endsWith(".class")).toList()) {
                jar.putNextEntry(new JarEntry(pkg + "/" + c.getFileName()));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
    }

    @Before
    public void recordChat() {
        chat = context.registerService(ChatService.class, new ChatService() {
            @Override
            public long send(FriendKey to, MessageKind kind, String text) {
                sent.add(text);
                return 1;
            }

            @Override
            public void setTyping(FriendKey to, boolean typing) {
            }
        }, null);
        bundlesBefore = context.getBundles().length;
        listenersBefore = count(FriendListener.class) + count(ChatListener.class);
        assertEquals("nothing installed before a test", List.of(), manager.list());
    }

    @After
    public void nothingStaysBehind() throws Exception {
        for (Addon a : manager.list()) {
            manager.uninstall(a.id());
        }
        chat.unregister();
        assertEquals(List.of(), manager.list());
        assertEquals("bundles", bundlesBefore, context.getBundles().length);
        assertEquals("no Bot services", 0, count(Bot.class));
        assertEquals("no Theme services", 0, count(Theme.class));
        assertEquals("listener services", listenersBefore, count(FriendListener.class) + count(ChatListener.class));
        await("no bot thread left: " + botThreads(), () -> botThreads().isEmpty());
        try (Stream<Path> files = Files.list(manager.folder())) {
            assertEquals("only the state file is left", List.of(".parley-addons.properties"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    public void aBotIsInstalledUpdatedAndUninstalledAtRunTime() throws Exception {
        BlockingQueue<List<Addon>> heard = new LinkedBlockingQueue<>();
        ServiceRegistration<AddonListener> listener = context.registerService(AddonListener.class, heard::add, null);
        assertEquals("a new listener is told the current list", List.of(), heard.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
        Addon echo = manager.install(jar("echo-1.jar"));
        assertEquals("listeners hear of the install", List.of(echo), heard.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
        listener.unregister();
        assertEquals(AddonState.ACTIVE, echo.state());
        assertEquals(AddonKind.BOT, echo.info().kind());
        await("the bot's service", () -> botNamed("testecho") != null);
        assertEquals("hello (1.0.0)", say("hello"));
        assertTrue(botThreads().contains("parley-bot-testecho"));

        Addon updated = manager.update(echo.id(), jar("echo-2.jar"));
        assertEquals(echo.id(), updated.id());
        assertEquals("2.0.0", updated.info().version());
        assertEquals(AddonState.ACTIVE, updated.state());
        await("the updated bot's service", () -> botNamed("testecho") != null);
        assertEquals("hello (2.0.0)", say("hello"));

        manager.disable(echo.id());
        assertNull("disabled: the service is gone", botNamed("testecho"));
        await("the bot's thread ends", () -> botThreads().isEmpty());
        assertNull("nobody answers", say("anyone?", 500));
        manager.enable(echo.id());
        await("enabled: the service is back", () -> botNamed("testecho") != null);
        assertEquals("again (2.0.0)", say("again"));

        manager.uninstall(echo.id());
        assertNull(botNamed("testecho"));
        assertTrue(manager.list().isEmpty());
        assertFalse(Files.exists(manager.folder().resolve("echo-1.jar")));
        assertNull("nobody answers after uninstall", say("anyone?", 500));
    }

    @Test
    public void theSampleEchoBotDroppedIntoTheFolderAnswersAndGoesWhenDeleted() throws Exception {
        Path sample = sample("parley-echo-bot");
        Path dropped = manager.folder().resolve(sample.getFileName());
        Path partial = Files.createTempFile(manager.folder().getParent(), "echo-", ".part");
        Files.copy(sample, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, dropped, StandardCopyOption.ATOMIC_MOVE);
        await("the echo bot's service", () -> botNamed("echo") != null);
        Addon a = manager.list().get(0);
        assertEquals("Echo bot", a.info().name());
        assertEquals(AddonState.ACTIVE, a.state());
        assertEquals("Apache-2.0", a.info().license());
        assertEquals("héllo ☺ unchanged", say("héllo ☺ unchanged"));
        Files.delete(dropped);
        await("the echo bot's service goes", () -> botNamed("echo") == null);
        await("the add-on is forgotten", () -> manager.list().isEmpty());
    }

    @Test
    public void theSampleAutoReplyBotAnswersOncePerAbsence() throws Exception {
        java.util.concurrent.atomic.AtomicReference<dev.parley.api.profile.UserStatus> status =
                new java.util.concurrent.atomic.AtomicReference<>(dev.parley.api.profile.UserStatus.AWAY);
        ServiceRegistration<dev.parley.api.profile.ProfileService> profile = context.registerService(
                dev.parley.api.profile.ProfileService.class,
                (dev.parley.api.profile.ProfileService) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {dev.parley.api.profile.ProfileService.class},
                        (p, m, a) -> switch (m.getName()) {
                            case "status" -> status.get();
                            case "statusMessage" -> "Out for lunch.";
                            default -> throw new UnsupportedOperationException(m.getName());
                        }), null);
        try {
            Addon bot = manager.install(sample("parley-autoreply-bot"));
            assertEquals(AddonKind.BOT, bot.info().kind());
            await("the auto-reply bot", () -> botNamed("autoreply") != null);
            assertEquals("[auto-reply] Out for lunch. I will read your message later.", say("are you there?"));
            assertNull("only once per absence", say("hello??", 500));
            status.set(dev.parley.api.profile.UserStatus.ONLINE);
            assertNull("no reply while online", say("ok", 500));
            status.set(dev.parley.api.profile.UserStatus.AWAY);
            assertEquals("[auto-reply] Out for lunch. I will read your message later.", say("and now?"));
        } finally {
            profile.unregister();
        }
    }

    /**
     * A transport add-on (kind {@code transport}) outranks the built-in UDP transport: installed,
     * the node's packet network sends through it; updated, through the new version; uninstalled,
     * through the built-in UDP transport again, with the add-on's socket closed.
     */
    @Test
    public void aTransportAddonIsInstalledUpdatedAndUninstalledAtRunTime() throws Exception {
        PacketNetwork network = FeatureBootSupport.waitFor(context, PacketNetwork.class);
        await("UDP at start", network::udpAvailable);
        InetSocketAddress builtIn = network.transport().localAddress();

        Addon t = manager.install(jar("transport-1.jar"));
        assertEquals(AddonKind.TRANSPORT, t.info().kind());
        assertEquals(AddonState.ACTIVE, t.state());
        InetSocketAddress first = testTransportAddress("1.0.0");
        await("the node sends through the add-on", () -> first.equals(network.transport().localAddress()));
        assertEquals("datagrams leave from the add-on's socket", first, sentFrom(network));

        Addon updated = manager.update(t.id(), jar("transport-2.jar"));
        assertEquals("2.0.0", updated.info().version());
        InetSocketAddress second = testTransportAddress("2.0.0");
        await("the node sends through the updated add-on", () -> second.equals(network.transport().localAddress()));
        assertEquals(second, sentFrom(network));

        manager.uninstall(t.id());
        await("the built-in UDP transport again", () -> network.udpAvailable()
                && network.transport().localAddress().getPort() == builtIn.getPort());
        assertEquals(0, count(DatagramTransport.class, "(" + DatagramTransport.KIND + "=" + TestTransport.KIND_NAME + ")"));
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), second.getPort()))) {
            assertEquals("the add-on's socket is closed: its port is free", second.getPort(), s.getLocalPort());
        }
    }

    /** The address of the test transport add-on's socket, once its service of that version is there. */
    private InetSocketAddress testTransportAddress(String version) throws Exception {
        String filter = "(&(" + DatagramTransport.KIND + "=" + TestTransport.KIND_NAME + ")(version=" + version + "))";
        await("the test transport " + version, () -> count(DatagramTransport.class, filter) == 1);
        ServiceReference<DatagramTransport> r = context.getServiceReferences(DatagramTransport.class, filter).iterator().next();
        try {
            return context.getService(r).localAddress();
        } finally {
            context.ungetService(r);
        }
    }

    /** Where a datagram the packet network sends comes from, as a loopback socket receives it. */
    private static InetSocketAddress sentFrom(PacketNetwork network) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout((int) DEADLINE_MILLIS);
            assertTrue(network.send((InetSocketAddress) s.getLocalSocketAddress(), new byte[] {2, 0}));
            DatagramPacket p = new DatagramPacket(new byte[64], 64);
            s.receive(p);
            return (InetSocketAddress) p.getSocketAddress();
        }
    }

    @Test
    public void theDarkThemeComesAndGoes() throws Exception {
        Addon theme = manager.install(sample("parley-dark-theme"));
        assertEquals(AddonKind.THEME, theme.info().kind());
        await("the theme service", () -> count(Theme.class) == 1);
        ServiceReference<Theme> ref = context.getServiceReference(Theme.class);
        Theme t = context.getService(ref);
        assertEquals("dark", t.style().id());
        assertTrue(t.style().dark());
        assertTrue(t.style().color("background").isPresent());
        assertNotNull("icons are bundle resources", t.style().icon("status.online").orElseThrow().openStream().readAllBytes());
        assertEquals(10, ref.getProperty("service.ranking"));
        context.ungetService(ref);

        manager.disable(theme.id());
        assertEquals(0, count(Theme.class));
        manager.enable(theme.id());
        await("the theme is back", () -> count(Theme.class) == 1);
        manager.update(theme.id(), sample("parley-dark-theme"));
        await("the theme after the update", () -> count(Theme.class) == 1);
        manager.uninstall(theme.id());
        assertEquals(0, count(Theme.class));
    }

    @Test
    public void aThrowingBotIsDisabledAndReported() throws Exception {
        Addon echo = manager.install(jar("echo-1.jar"));
        Addon thrower = manager.install(jar("throwing.jar"));
        await("both bots", () -> botNamed("testecho") != null && botNamed("thrower") != null);
        assertEquals("one (1.0.0)", say("one"));
        await("the thrower disabled", () -> manager.get(thrower.id()).orElseThrow().state() == AddonState.DISABLED);
        Addon after = manager.get(thrower.id()).orElseThrow();
        assertEquals(Optional.of("bot thrower threw java.lang.IllegalStateException: test bot throws on one in message"),
                after.error());
        assertNull(botNamed("thrower"));
        assertEquals(Bundle.RESOLVED, bundle("org.example.throwing").getState());
        assertEquals("two (1.0.0)", say("two"));
        assertEquals(AddonState.ACTIVE, manager.get(echo.id()).orElseThrow().state());
        await("the thrower's thread ends", () -> !botThreads().contains("parley-bot-thrower"));
    }

    @Test
    public void aBlockingBotCannotHoldUpTheCallerOrOtherBots() throws Exception {
        Addon echo = manager.install(jar("echo-1.jar"));
        Addon blocker = manager.install(jar("blocking.jar"));
        await("both bots", () -> botNamed("testecho") != null && botNamed("blocker") != null);
        ChatListener dispatcher = dispatcher();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            dispatcher.received(new IncomingMessage(ALICE, MessageKind.NORMAL, "m" + i, Instant.now()));
        }
        long postingMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("posting 200 events took " + postingMillis + " ms", postingMillis < 500);
        for (int i = 0; i < 200; i++) {
            assertEquals("m" + i + " (1.0.0)", sent.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
        }
        await("the blocker disabled", () -> manager.get(blocker.id()).orElseThrow().state() == AddonState.DISABLED);
        assertEquals(Optional.of("bot blocker did not return from message within 1000 ms"),
                manager.get(blocker.id()).orElseThrow().error());
        await("the blocked thread ends (interrupted)", () -> !botThreads().contains("parley-bot-blocker"));
        assertEquals("after (1.0.0)", say("after"));
        assertEquals(AddonState.ACTIVE, manager.get(echo.id()).orElseThrow().state());
    }

    @Test
    public void aLoopingBotIsDisabledAndItsThreadStopped() throws Exception {
        manager.install(jar("echo-1.jar"));
        Addon looper = manager.install(jar("looping.jar"));
        await("both bots", () -> botNamed("testecho") != null && botNamed("looper") != null);
        assertEquals("spin (1.0.0)", say("spin"));
        await("the looper disabled", () -> manager.get(looper.id()).orElseThrow().state() == AddonState.DISABLED);
        assertEquals(Optional.of("bot looper did not return from message within 1000 ms"),
                manager.get(looper.id()).orElseThrow().error());
        assertEquals("still (1.0.0)", say("still"));
        if (Runtime.version().feature() < 20) {
            // Interrupts do not end a spinning thread; the watchdog stops it one budget later.
            await("the spinning thread ends", () -> !botThreads().contains("parley-bot-looper"));
        }
    }

    @Test
    public void anUnresolvableAddonIsReportedAndNothingElseIsAffected() throws Exception {
        Addon echo = manager.install(jar("echo-1.jar"));
        Addon needy = manager.install(jar("needy.jar"));
        assertEquals(AddonState.FAILED, needy.state());
        assertEquals(Optional.of("cannot resolve: missing package org.example.nowhere"), needy.error());
        assertEquals(Bundle.INSTALLED, bundle("org.example.needy").getState());
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.parley.")) {
                assertEquals(b.getSymbolicName() + " still active", Bundle.ACTIVE, b.getState());
            }
        }
        assertEquals("fine (1.0.0)", say("fine"));
        assertEquals(AddonState.ACTIVE, manager.get(echo.id()).orElseThrow().state());
        manager.uninstall(needy.id());
        assertNull(bundle("org.example.needy"));
    }

    @Test
    public void anAddonReachingForParleyInternalsIsRefused() throws Exception {
        try {
            manager.install(jar("sneaky.jar"));
            throw new AssertionError("installed an add-on that imports dev.parley.crypto");
        } catch (dev.parley.api.addon.AddonException e) {
            assertEquals("sneaky.jar uses Parley internals (dev.parley.crypto): add-ons may import dev.parley.api"
                    + " packages only", e.getMessage());
        }
        assertNull(bundle("org.example.sneaky"));
        assertEquals(List.of(), manager.list());
    }

    // ---- helpers ----

    private Path jar(String name) {
        return Path.of(context.getProperty("parley.itest.jars")).resolve(name);
    }

    private Path sample(String artifact) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(context.getProperty("parley.itest.samples")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample " + artifact));
        }
    }

    /** The add-on manager's dispatcher, as the Messenger finds it. */
    private ChatListener dispatcher() throws Exception {
        for (ServiceReference<ChatListener> r : context.getServiceReferences(ChatListener.class, null)) {
            if ("dev.parley.addons".equals(r.getBundle().getSymbolicName())) {
                return context.getService(r);
            }
        }
        throw new AssertionError("no dispatcher");
    }

    private String say(String text) throws Exception {
        String answer = say(text, DEADLINE_MILLIS);
        assertNotNull("no answer to " + text, answer);
        return answer;
    }

    private String say(String text, long waitMillis) throws Exception {
        dispatcher().received(new IncomingMessage(ALICE, MessageKind.NORMAL, text, Instant.now()));
        return sent.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    private ServiceReference<Bot> botNamed(String name) {
        try {
            var refs = context.getServiceReferences(Bot.class, "(" + Bot.NAME + "=" + name + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private int count(Class<?> type) {
        return count(type, null);
    }

    private int count(Class<?> type, String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(type.getName(), filter);
            return refs == null ? 0 : refs.length;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static List<String> botThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("parley-bot-") && !t.getName().equals("parley-bots-watchdog")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
