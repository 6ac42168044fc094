package dev.parley.node;

import dev.parley.api.ParleyRuntime;
import dev.parley.api.account.AccountService;
import dev.parley.api.transport.DatagramTransport;
import dev.parley.api.chat.ChatListener;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.BootstrapNode;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtKeyFile;
import dev.parley.dht.DhtService;
import dev.parley.onion.OnionRelay;
import dev.parley.relay.TcpRelayService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code bin/parley-node}: reads the flags and config, keeps the DHT key pair in its key file,
 * configures the node's UDP transport and DHT through Config Admin, announces itself ({@code ready}),
 * bootstraps and reports {@code self_connection} changes and, as onion hop and announce node
 * (the onion's node side runs beside every DHT), {@code onion_announcements} changes, and the TCP relay
 * server's counters ({@code relay}) while they change. With
 * {@code --profile} it is a Tox client too, reporting friend and chat events. It acts only when the launcher started
 * the {@code node} feature or the lean {@code bootstrap} one (no profile, no console); inside a test framework it
 * stays idle. Bad settings end the process
 * with one error line and exit code 2.
 */
@Component(service = {}, immediate = true)
public final class NodeComponent {

    static final String UDP_PID = "dev.parley.net.udp";
    static final String DHT_PID = "dev.parley.dht";
    static final String RELAY_PID = "dev.parley.relay";
    /** The onion client's and the Messenger's configuration: which profile the node runs as. */
    static final String ONION_PID = "dev.parley.onion";
    static final long SERVICE_DEADLINE_MILLIS = 20_000;
    static final long CONNECTION_POLL_MILLIS = 1000;
    /**
     * A pure bootstrap node's poll: its status changes rarely (its events come at most 2 s late), and each poll
     * wakes this thread and hops onto the event loop twice (about a third of its idle CPU).
     */
    static final long BOOTSTRAP_NODE_POLL_MILLIS = 2000;
    static final long BOOTSTRAP_NODE_TICK_MILLIS = 1000;
    /** The features the node runs in: all of it, or the lean one without Messenger, add-ons and Gogo. */
    static final String NODE_FEATURE = "node";
    static final String BOOTSTRAP_FEATURE = "bootstrap";

    private final BundleContext context;
    private final ParleyRuntime runtime;
    private final ConfigurationAdmin configAdmin;
    private final Thread main;
    private volatile boolean stopping;
    private volatile EventLog events;
    /** The node's TCP relay server, when it runs one. */
    private volatile TcpRelayService relayServer;
    private final java.util.List<ServiceRegistration<?>> clientRegistrations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<ServiceTracker<?, ?>> clientTrackers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public NodeComponent(BundleContext context, @Reference ParleyRuntime runtime, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.runtime = runtime;
        this.configAdmin = configAdmin;
        if (runtime.installDirectory().isPresent() && (NODE_FEATURE.equals(runtime.feature())
                || BOOTSTRAP_FEATURE.equals(runtime.feature()))) {
            main = new Thread(this::run, "parley-node");
            main.setDaemon(true);
            main.start();
        } else {
            main = null;
        }
    }

    private void run() {
        NodeSettings settings;
        try {
            settings = NodeSettings.from(runtime.arguments(), runtime.dataDirectory());
        } catch (NodeSettingsException e) {
            fatal(e.getMessage() + " (try --help)");
            return;
        }
        if (settings.profile().isPresent() && BOOTSTRAP_FEATURE.equals(runtime.feature())) {
            // bin/parley-node picks the node feature whenever a profile is asked for; this is --feature bootstrap.
            fatal("a profile needs the node feature, which has the Messenger (not --feature " + BOOTSTRAP_FEATURE + ")");
            return;
        }
        DhtKey key;
        try {
            KeyPair keys = DhtKeyFile.loadOrCreate(settings.keysFile());
            key = DhtKey.of(keys.publicKey());
            keys.destroy();
        } catch (IOException e) {
            fatal(e instanceof DhtKeyFile.KeyFileException ? e.getMessage() : "key file " + settings.keysFile() + ": " + e);
            return;
        }
        // No check here that the port is free: until the settings below are applied, the runtime's
        // default socket may itself sit on it (the first port of 33445-33545).
        try {
            events = EventLog.open(settings.events(), System.out, System.err);
        } catch (IOException e) {
            fatal("cannot write events to " + settings.events().orElse("") + ": " + e.getMessage());
            return;
        }
        try {
            runNode(settings, key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            if (!stopping) {
                fatal("failed: " + e);
            }
        }
    }

    private void runNode(NodeSettings settings, DhtKey key) throws IOException, InterruptedException, InvalidSyntaxException {
        String session = UUID.randomUUID().toString();
        Dictionary<String, Object> udp = new Hashtable<>();
        udp.put("port_start", settings.port().orElse(33445));
        udp.put("port_end", settings.port().orElse(33545));
        udp.put("ipv6", settings.ipv6());
        settings.bindAddress().ifPresent(b -> udp.put("bind_address", b));
        udp.put("node.session", session);
        if (!settings.udp()) {
            udp.put("enabled", false); // no socket at all: the node runs on TCP relays only
        }
        configAdmin.getConfiguration(UDP_PID, "?").update(udp);
        if (settings.udp() && awaitService("(&(objectClass=" + DatagramTransport.class.getName() + ")(node.session="
                + session + "))") == null) {
            fatal("could not open a UDP socket on port " + (settings.port().isPresent()
                    ? settings.port().get() + " (is it in use?)" : "33445-33545 (are they all in use?)"));
            return;
        }
        Dictionary<String, Object> dht = new Hashtable<>();
        dht.put("key_file", settings.keysFile().toAbsolutePath().toString());
        dht.put("motd", settings.motd());
        dht.put("lan_discovery", settings.lanDiscovery());
        if (settings.profile().isEmpty()) {
            // A bootstrap node only: the DHT's periodic work once a second, as c-toxcore's do_dht
            // (its clock is in seconds); a client keeps the default, for faster friend searches.
            dht.put("tick_ms", BOOTSTRAP_NODE_TICK_MILLIS);
        }
        dht.put("node.session", session);
        configAdmin.getConfiguration(DHT_PID, "?").update(dht);
        Object service = awaitService("(&(objectClass=" + DhtService.class.getName() + ")(node.session=" + session
                + ")(dht.key=" + key.toHex() + "))");
        if (!(service instanceof DhtService node)) {
            fatal("the DHT did not start");
            return;
        }
        int port = node.localAddress().getPort();
        java.util.List<Integer> tcpPorts = startRelay(settings, session);
        if (tcpPorts == null) {
            return;
        }
        String passphrase = System.getenv(NodeProfile.PASSPHRASE_VARIABLE);
        NodeProfile profile = null;
        if (settings.profile().isPresent()) {
            try {
                profile = NodeProfile.openOrCreate(settings.profile().get(), settings.newProfileName(),
                        passphrase == null || passphrase.isEmpty() ? null : passphrase.toCharArray());
            } catch (NodeSettingsException e) {
                fatal(e.getMessage());
                return;
            }
        }
        events.emit("ready", EventLog.fields("dht_id", key.toHex(), "udp_port", port,
                "address", profile == null ? null : profile.toxId(), "tcp_ports", tcpPorts));
        // The onion's node side (hop and announce store) runs beside every DHT; it needs no profile.
        Object relay = awaitService("(&(objectClass=" + OnionRelay.class.getName() + ")(dht.key=" + key.toHex() + "))");
        boolean onion = relay instanceof OnionRelay;
        if (onion) {
            events.emit("onion", EventLog.fields("serving", true));
        }
        if (settings.lanDiscovery()) {
            events.log("LAN discovery is on");
        }
        if (profile != null && !startClient(profile, passphrase, settings)) {
            return;
        }
        if (settings.udp()) {
            for (BootstrapNode b : settings.bootstrap()) {
                bootstrap(node, b);
            }
        } else {
            events.log("UDP off: the DHT is not joined; bootstrap nodes serve as onion path nodes");
        }
        String status = "none";
        int stored = 0;
        ServiceTracker<AccountService, AccountService> account = new ServiceTracker<>(context, AccountService.class, null);
        account.open();
        clientTrackers.add(account);
        Object transport = currentTransport();
        RelayEvents relayEvents = new RelayEvents();
        // A pure bootstrap node polls less often; a relay server keeps the 1 s period of its relay event.
        long poll = BOOTSTRAP_FEATURE.equals(runtime.feature()) && relayServer == null ? BOOTSTRAP_NODE_POLL_MILLIS
                : CONNECTION_POLL_MILLIS;
        while (!stopping) {
            Object t = currentTransport();
            if (!java.util.Objects.equals(t, transport)) {
                transport = t;
                transportChanged(settings, node);
            }
            String now = selfConnection(node, account.getService());
            if (!now.equals(status)) {
                status = now;
                events.emit("self_connection", EventLog.fields("status", status));
            }
            if (onion) {
                int count = announcements((OnionRelay) relay);
                if (count >= 0 && count != stored) {
                    stored = count;
                    events.emit("onion_announcements", EventLog.fields("count", count));
                }
            }
            TcpRelayService r = relayServer;
            if (r != null) {
                relayEvents.poll(r, events);
            }
            Thread.sleep(poll); // the polling period of the connection status
        }
    }

    /** The service id of the transport provider the node runs on (the best-ranked one), or null. */
    private Object currentTransport() {
        org.osgi.framework.ServiceReference<DatagramTransport> r = context.getServiceReference(DatagramTransport.class);
        return r == null ? null : r.getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /**
     * The transport provider changed (the UDP bundle stopped or started, an add-on came): say so,
     * and on a transport that carries datagrams, bootstrap again (the socket, maybe the port, is
     * new; the DHT's nodes may have timed out meanwhile).
     */
    private void transportChanged(NodeSettings settings, DhtService node) {
        org.osgi.framework.ServiceReference<DatagramTransport> r = context.getServiceReference(DatagramTransport.class);
        DatagramTransport t = r == null ? null : context.getService(r);
        try {
            boolean datagrams = t != null && t.carriesDatagrams();
            Object kind = r == null ? null : r.getProperty(DatagramTransport.KIND);
            events.emit("transport", EventLog.fields("kind", kind == null ? "none" : String.valueOf(kind),
                    "udp_port", datagrams ? t.localAddress().getPort() : 0));
            if (datagrams && settings.udp()) {
                for (BootstrapNode b : settings.bootstrap()) {
                    bootstrap(node, b);
                }
            }
        } finally {
            if (t != null) {
                context.ungetService(r);
            }
        }
    }

    /** {@code udp}, {@code tcp} or {@code none}: the account's view with a Messenger, else the DHT's. */
    private static String selfConnection(DhtService node, AccountService account) {
        if (account != null) {
            return account.connection().name().toLowerCase(java.util.Locale.ROOT);
        }
        try {
            return node.isConnected().toCompletableFuture().get(5, TimeUnit.SECONDS) ? "udp" : "none";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "none";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "none";
        }
    }

    /**
     * Starts the TCP relay server (bundle parley-relay) on the configured TCP ports, with the DHT
     * key, and waits for it: its ports, an empty list when none are configured, or null after a
     * fatal error.
     */
    private java.util.List<Integer> startRelay(NodeSettings settings, String session)
            throws IOException, InterruptedException, InvalidSyntaxException {
        if (settings.tcpPorts().isEmpty()) {
            return java.util.List.of();
        }
        Dictionary<String, Object> relay = new Hashtable<>();
        relay.put("tcp_ports", settings.tcpPorts().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        relay.put("key_file", settings.keysFile().toAbsolutePath().toString());
        relay.put("bind_address", settings.bindAddress().orElse(settings.ipv6() ? "::" : "0.0.0.0"));
        relay.put("node.session", session);
        configAdmin.getConfiguration(RELAY_PID, "?").update(relay);
        Object service = awaitService("(&(objectClass=" + TcpRelayService.class.getName() + ")(node.session=" + session + "))");
        if (!(service instanceof TcpRelayService r)) {
            fatal("could not start the TCP relay on ports " + settings.tcpPorts());
            return null;
        }
        relayServer = r;
        return r.tcpPorts();
    }

    /**
     * Runs the node as a Tox client too: listens to the Messenger's events, configures the onion
     * client and Messenger with the profile (both use {@value #ONION_PID}) and waits for the
     * Messenger's services. False after a fatal error.
     */
    private boolean startClient(NodeProfile profile, String passphrase, NodeSettings settings)
            throws IOException, InterruptedException,
            InvalidSyntaxException {
        ServiceTracker<FriendsService, FriendsService> friends = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + FriendsService.class.getName() + ")(parley.profile=" + profile.name() + "))"), null);
        friends.open();
        clientTrackers.add(friends);
        ProfileEvents listener = new ProfileEvents(events, () -> java.util.Optional.ofNullable(friends.getService()));
        clientRegistrations.add(context.registerService(new String[] {FriendListener.class.getName(),
            ChatListener.class.getName()}, listener, null));
        Dictionary<String, Object> client = new Hashtable<>();
        client.put("profile", profile.name());
        client.put("profile_dir", profile.directory().toString());
        if (!settings.relays().isEmpty()) {
            client.put("relays", settings.relays().stream().map(NodeComponent::relaySpec)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        client.put("udp_enabled", settings.udp());
        if (settings.proxy().isPresent()) {
            client.put("proxy", settings.proxy().get().toString());
            events.log("TCP relay connections go through the proxy " + settings.proxy().get()
                    + (settings.udp() ? "; UDP is on and is not proxied (add --no-udp to send nothing directly)" : ""));
        }
        if (!settings.udp()) {
            client.put("path_nodes", settings.bootstrap().stream().map(NodeComponent::relaySpec)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (passphrase != null && !passphrase.isEmpty()) {
            client.put(".passphrase", passphrase);
        }
        configAdmin.getConfiguration(ONION_PID, "?").update(client);
        Object service = awaitService("(&(objectClass=" + ProfileService.class.getName() + ")(parley.profile="
                + profile.name() + "))");
        if (!(service instanceof ProfileService p)) {
            fatal("the Tox client for profile " + profile.name() + " did not start (see the log above)");
            return false;
        }
        events.emit("profile", EventLog.fields("name", p.name(), "address", p.toxId(), "created", profile.created(),
                "friends", friends.getService() == null ? 0 : friends.getService().friends().size()));
        return true;
    }

    /** HOST:PORT:KEY, an IPv6 host in brackets. */
    private static String relaySpec(BootstrapNode b) {
        String host = b.host().contains(":") ? "[" + b.host() + "]" : b.host();
        return host + ":" + b.port() + ":" + b.key().toHex();
    }

    /** How many announcements the node's announce store holds, or -1 if it did not say in time. */
    private static int announcements(OnionRelay relay) throws InterruptedException {
        try {
            return relay.announcements().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        }
    }

    private void bootstrap(DhtService node, BootstrapNode b) {
        try {
            InetSocketAddress a = b.resolve();
            if (a.getAddress().getAddress().length == 16 && !node.localAddress().getAddress().isAnyLocalAddress()
                    && a.getAddress().getAddress().length != node.localAddress().getAddress().getAddress().length) {
                events.log("bootstrap " + b + " skipped: the socket cannot reach that address family");
                return;
            }
            node.bootstrap(a, b.key());
            events.log("bootstrap " + b);
        } catch (IOException e) {
            events.log("bootstrap " + b + " failed: " + e.getMessage());
        }
    }

    private Object awaitService(String filter) throws InvalidSyntaxException, InterruptedException {
        Filter f = FrameworkUtil.createFilter(filter);
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, f, null);
        tracker.open(true);
        try {
            return tracker.waitForService(SERVICE_DEADLINE_MILLIS);
        } finally {
            tracker.close();
        }
    }

    /** Whether the port is free on the wildcard address (checked so a clash is a clear error). */

    private void fatal(String message) {
        System.err.println("parley-node: " + message);
        System.err.flush();
        if (!stopping) {
            // Exit from a thread of our own: stopping the framework must not wait for this one.
            Thread exit = new Thread(() -> System.exit(2), "parley-node-exit");
            exit.start();
        }
    }

    private static void unregisterQuietly(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        if (main != null) {
            main.interrupt();
            try {
                main.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clientRegistrations.forEach(NodeComponent::unregisterQuietly);
        clientTrackers.forEach(ServiceTracker::close);
        EventLog e = events;
        if (e != null) {
            e.close();
        }
    }

}
