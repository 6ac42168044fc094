package dev.parley.messenger.internal;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtService;
import dev.parley.messenger.Messenger;
import dev.parley.messenger.OutboxStore;
import dev.parley.messenger.WriteBehindOutbox;
import dev.parley.messenger.RelayTcpPaths;
import dev.parley.dht.NodeInfo;
import dev.parley.relay.RelayConnections;
import dev.parley.relay.RelayPaths;
import dev.parley.relay.TcpRelayConnector;
import dev.parley.relay.TcpRelayService;
import dev.parley.relay.proxy.Proxy;
import java.util.Optional;
import java.security.SecureRandom;
import dev.parley.net.PacketNetwork;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.wire.PacketKind;
import dev.parley.onion.OnionService;
import dev.parley.profile.LoadedProfile;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The node's Messenger: when configuration {@value #PID} (the onion's: {@code profile},
 * {@code profile_dir}, {@code .passphrase}) names a profile, this loads the profile, starts a
 * {@link Messenger} on the node's loop and publishes it as {@link ProfileService},
 * {@link FriendsService} and {@link ChatService} at once, from the save alone: the user's
 * profile, friends and queued messages are there before the network is. When the node's DHT and
 * the onion client for that identity come (dynamic references), it attaches a net_crypto to the
 * node's packet network (the DHT secret key stays in the DHT: the net_crypto asks
 * {@link DhtService#sharedKey}) and hands the three to the Messenger, which then finds its friends;
 * messages sent meanwhile wait in the outbox and go when their friend comes online. When the
 * attached DHT or onion client goes (its bundle stopped, the DHT reconfigured), the Messenger is
 * closed and saved, and this component starts again from the save (see {@link #restart}).
 *
 * <p>Every change of the profile is saved through {@link ProfileStore} (atomically, keeping a
 * backup), off the loop, in order; deactivation saves it once more. Undelivered messages are kept
 * beside the profile in {@code <profile>.outbox}. {@link FriendListener} and {@link ChatListener}
 * services registered by anyone are called (whiteboard).
 *
 * <p>TCP relays: {@code relays} ({@code HOST:PORT:DHTKEY}, comma-separated) are kept connected and
 * carry friend connections and onion requests (see {@link RelayPaths}); {@code udp_enabled=false}
 * makes them the only path of net_crypto and the onion (the DHT's own UDP traffic is the node's
 * business: a UDP-less node does not bootstrap it, and {@code path_nodes}, in the same form, are
 * then given to the onion to build its paths from). With relays and UDP on, the node's UDP
 * transport may go and come back at run time (its bundle stopped and started): sessions then
 * move to their relay path at once and the onion to relay paths, and back when UDP returns.
 * While relays are configured and the node is attached, a {@link RelayStatus} service says
 * whether one is connected. {@code proxy} ({@code socks5://HOST:PORT} or {@code http://HOST:PORT})
 * sends every relay connection through that proxy.
 *
 * <p>Without a profile, or when it does not load, the component is active and publishes nothing.
 *
 * <p>A change of {@value #PID} (profile or network settings) restarts this component at once (its
 * services go while the change is delivered) and the onion client too (it has no modified
 * method). The new Messenger attaches only to an onion client whose {@code onion.config} stamp
 * is its own configuration's, so the old onion client going does not restart it a second time (a
 * settings save once restarted the Messenger twice).
 */
@Component(service = {}, configurationPid = MessengerComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public final class MessengerComponent {

    /** The onion's configuration: both sides of the node use the same profile. */
    public static final String PID = "dev.parley.onion";

    private static final Logger LOG = Logger.getLogger(MessengerComponent.class.getName());

    private final List<FriendListener> friendListeners = new CopyOnWriteArrayList<>();
    private final List<ChatListener> chatListeners = new CopyOnWriteArrayList<>();
    private final PacketNetwork network;
    private final BundleContext context;
    private final ComponentContext component;
    private final Map<String, Object> config;
    private final ExecutorService events;
    /** Writes the outbox off the events thread; closed after it. */
    private final WriteBehindOutbox outboxWriter;
    private final ProfileStore store;
    private final String profile;
    private final char[] passphrase;
    private final byte[] publicKey;
    private final Messenger messenger;
    private final ServiceRegistration<?> registration;
    private volatile ToxSave latest;

    // the node: guarded by this
    private DhtService dht;
    private OnionService onion;
    /** The {@link OnionService#CONFIG_STAMP} of {@link #onion}: the configuration it runs. */
    private Object onionStamp;
    /** The DHT and onion client the Messenger was given (null: not attached yet). */
    private DhtService attachedDht;
    private OnionService attachedOnion;
    private NetCrypto netCrypto;
    private RelayPaths relayPaths;
    private TcpRelayConnector relayConnector;
    /** Whether the Messenger was attached with that relay among its own. */
    private boolean attachedWithOwnRelay;
    private KeyPair keys;
    private Runnable transportListener;
    private ServiceRegistration<RelayStatus> relayStatusRegistration;
    /** Deactivating, or stopped to restart: the node is not attached any more. */
    private boolean stopped;

    @Activate
    public MessengerComponent(BundleContext context, ComponentContext component, Map<String, Object> config,
            @Reference PacketNetwork network) {
        this.network = network;
        this.context = context;
        this.component = component;
        this.config = Map.copyOf(config);
        String name = string(config.get("profile"));
        ExecutorService ev = null;
        WriteBehindOutbox ob = null;
        ProfileStore st = null;
        char[] pass = null;
        byte[] pk = null;
        Messenger m = null;
        ServiceRegistration<?> reg = null;
        if (name != null && !name.isBlank()) {
            try {
                String dir = string(config.get("profile_dir"));
                st = ProfileStore.open(dir == null || dir.isBlank() ? ProfileStore.defaultDirectory() : Path.of(dir));
                String p = string(config.get(".passphrase"));
                LoadedProfile loaded = st.load(name, p == null ? null : p.toCharArray());
                pass = loaded.encrypted() && p != null ? p.toCharArray() : null;
                ToxSave save = loaded.save();
                pk = save.publicKey();
                latest = save;
                ev = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "parley-messenger-events");
                    t.setDaemon(true);
                    return t;
                });
                ProfileStore target = st;
                char[] savePass = pass;
                Path outbox = st.fileOf(name).resolveSibling(name + ".outbox");
                ob = new WriteBehindOutbox(OutboxStore.file(outbox), "parley-messenger-outbox");
                m = new Messenger(network.loop(), save, s -> {
                    latest = s;
                    saveNow(target, name, s, savePass);
                }, ob, ev, Messenger.Options.defaults());
                m.addFriendListener(new FriendFanout(friendListeners));
                m.addChatListener(new ChatFanout(chatListeners));
                reg = context.registerService(new String[] {ProfileService.class.getName(),
                    FriendsService.class.getName(), ChatService.class.getName()}, m, properties(name, m));
                LOG.info(() -> "messenger for profile " + name);
            } catch (Exception | Error e) {
                LOG.log(Level.SEVERE, "messenger: profile " + name + " did not start: " + e.getMessage(), e);
                if (m != null) {
                    closeQuietly(m);
                }
                if (ev != null) {
                    ev.shutdown();
                }
                if (ob != null) {
                    ob.close();
                }
                m = null;
                ev = null;
                ob = null;
            }
        }
        this.events = ev;
        this.outboxWriter = ob;
        this.store = st;
        this.profile = name;
        this.passphrase = pass;
        this.publicKey = pk;
        this.messenger = m;
        this.registration = reg;
    }

    private static Hashtable<String, Object> properties(String name, Messenger m) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("parley.profile", name);
        props.put("parley.public_key", m.publicKey());
        return props;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDht")
    synchronized void bindDht(DhtService service) {
        dht = service;
        attachIfReady();
    }

    synchronized void unbindDht(DhtService service) {
        if (dht == service) {
            dht = null;
        }
        if (attachedDht == service) {
            restart("the DHT went");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindOnion")
    synchronized void bindOnion(OnionService service, Map<String, Object> properties) {
        onion = service;
        onionStamp = properties.get(OnionService.CONFIG_STAMP);
        attachIfReady();
    }

    synchronized void unbindOnion(OnionService service) {
        if (onion == service) {
            onion = null;
            onionStamp = null;
        }
        if (attachedOnion == service) {
            restart("the onion client went");
        }
    }

    /**
     * This node's own TCP relay server ({@code bin/parley-node --tcp-port} with a profile): shared
     * with friends once attached. One that comes after the Messenger attached without it restarts
     * the Messenger (once, at a node's start); one that goes is left to fail like any relay.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindOwnRelay")
    synchronized void bindOwnRelay(TcpRelayService relay, Map<String, Object> properties) {
        // (the runtime may bind this after the DHT and onion client, when attach saw it already)
        if (attachedDht != null && !attachedWithOwnRelay && ownRelay(properties::get, attachedDht.selfKey()) != null) {
            restart("this node's TCP relay started");
        }
    }

    void unbindOwnRelay(TcpRelayService relay) {
        // its connection fails and is retried as any relay's
    }

    /** This node's relay server under this DHT key, as registered now. */
    private NodeInfo registeredOwnRelay(DhtKey dhtKey) {
        try {
            for (ServiceReference<TcpRelayService> r : context.getServiceReferences(TcpRelayService.class, null)) {
                NodeInfo own = ownRelay(r::getProperty, dhtKey);
                if (own != null) {
                    return own;
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no filter given; or the bundle stops
        }
        return null;
    }

    /** The relay a service with these properties runs, when under this DHT key (else friends could not tell it is ours). */
    static NodeInfo ownRelay(Function<String, Object> property, DhtKey dhtKey) {
        if (!(property.apply("tcp.ports") instanceof int[] ports) || ports.length == 0
                || !dhtKey.toHex().equalsIgnoreCase(String.valueOf(property.apply("dht.key")))) {
            return null;
        }
        Object host = property.apply("tcp.host");
        return new NodeInfo(dhtKey, new InetSocketAddress(host == null ? "127.0.0.1" : String.valueOf(host), ports[0]));
    }

    /** Hands the node to the Messenger when the DHT and the onion client of this identity are both there. */
    private void attachIfReady() {
        if (messenger == null || stopped || attachedOnion != null || dht == null || onion == null) {
            return;
        }
        if (!OnionService.configStamp(config).equals(onionStamp) || !onion.publicKey().equals(DhtKey.of(publicKey))) {
            // Reconfiguration in progress: the onion client of this configuration comes next.
            LOG.fine(() -> "messenger: waiting for the onion client of this configuration of profile " + profile);
            return;
        }
        try {
            attach(dht, onion);
            attachedDht = dht;
            attachedOnion = onion;
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.SEVERE, "messenger: profile " + profile + " did not go online: " + e.getMessage(), e);
            detachNode();
        }
    }

    /** Attaches net_crypto (and the TCP relays, when configured) to the node and gives them to the Messenger. */
    private void attach(DhtService dht, OnionService onion) throws Exception {
        KeyPair realKeys = latest.keyPair();
        keys = realKeys;
        byte[] dhtPublic = dht.selfKey().toBytes();
        List<NodeInfo> relays = new ArrayList<>(RelayTcpPaths.parse(string(config.get("relays"))));
        boolean udp = !"false".equalsIgnoreCase(String.valueOf(config.get("udp_enabled")).trim());
        List<NodeInfo> pathNodes = RelayTcpPaths.parse(string(config.get("path_nodes")));
        String proxySpec = string(config.get("proxy"));
        boolean proxied = proxySpec != null && !proxySpec.isBlank();
        NodeInfo own = proxied ? null : registeredOwnRelay(dht.selfKey());
        if (own != null) {
            // As a c-toxcore client with a TCP server does: use our own relay (over loopback) like
            // any other, so it is among the relays we share with friends, who reach it at our IP.
            relays.add(own);
        }
        attachedWithOwnRelay = own != null;
        if (relays.isEmpty() && udp) {
            netCrypto = network.loop().call(() -> NetCrypto.attach(network, realKeys, dhtPublic,
                    peer -> dht.sharedKey(DhtKey.of(peer)), NetCrypto.Options.defaults()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } else {
            // TCP relays under net_crypto and the onion; with UDP off, the only path.
            TcpRelayConnector conn = new TcpRelayConnector(network.loop(), 10_000,
                    proxied ? Optional.of(Proxy.parse(proxySpec)) : Optional.empty());
            relayConnector = conn;
            RelayPaths rp = network.loop().call(() -> new RelayPaths(network.loop(), dhtPublic,
                    peer -> dht.sharedKey(DhtKey.of(peer)), conn, RelayConnections.Options.defaults(),
                    new SecureRandom())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            relayPaths = rp;
            netCrypto = network.loop().call(() -> {
                NetCrypto n = new NetCrypto(network.loop(), realKeys, dhtPublic,
                        peer -> dht.sharedKey(DhtKey.of(peer)), rp.transport(udp ? network::send : null),
                        NetCrypto.Options.defaults());
                if (udp) {
                    for (int kind = PacketKind.COOKIE_REQUEST; kind <= PacketKind.CRYPTO_DATA; kind++) {
                        network.register(kind, n::receive);
                    }
                }
                rp.attach(n);
                rp.attach(onion, udp && network.udpAvailable());
                rp.addRelays(relays);
                if (!pathNodes.isEmpty()) {
                    onion.addPathNodes(pathNodes);
                }
                return n;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            LOG.info(() -> "messenger: " + relays.size() + " TCP relay(s), UDP " + (udp ? "on" : "off")
                    + conn.proxy().map(x -> ", through proxy " + x).orElse(""));
            if (udp) {
                // The node's transport may go and come back (the UDP bundle stopped and
                // started): move sessions and the onion to the relays at once, and back.
                NetCrypto sessions = netCrypto;
                transportListener = () -> {
                    boolean available = network.udpAvailable();
                    if (!available) {
                        sessions.directPathsLost();
                    }
                    onion.useTcp(rp, available);
                    LOG.info(() -> "messenger: UDP " + (available ? "available again" : "gone: relays only"));
                };
                network.onTransportChange(transportListener);
            }
            messenger.setTcpPaths(new RelayTcpPaths(rp));
            relayStatusRegistration = context.registerService(RelayStatus.class, () -> anyRelayReady(rp),
                    properties(profile, messenger));
        }
        messenger.attach(dht, onion, netCrypto);
        LOG.info(() -> "messenger: profile " + profile + " attached to the node");
    }

    /** Takes the node's parts away from this component (the Messenger is closed or never had them). */
    private void detachNode() {
        if (transportListener != null) {
            network.removeTransportListener(transportListener);
            transportListener = null;
        }
        if (relayStatusRegistration != null) {
            unregisterQuietly(relayStatusRegistration);
            relayStatusRegistration = null;
        }
        if (netCrypto != null) {
            detach(netCrypto);
            netCrypto = null;
        }
        closeRelays(relayPaths, relayConnector);
        relayPaths = null;
        relayConnector = null;
        if (keys != null) {
            keys.destroy();
            keys = null;
        }
        attachedDht = null;
        attachedOnion = null;
    }

    /**
     * The node the Messenger was attached to went, or the configuration changed: stop now, while
     * the DHT and onion client are still usable (friends hear we leave, the profile is saved), and
     * have the runtime start this component again, which publishes the services from the save and
     * waits for the node.
     */
    private void restart(String why) {
        if (stopped) {
            return;
        }
        stop();
        if (context.getBundle(0).getState() == Bundle.STOPPING) {
            return; // Parley stops: the onion client or DHT went first
        }
        if (messenger == null) {
            // Nothing ran (no profile yet, as at every launch before the profile opens): a start, not a restart.
            LOG.fine(() -> "messenger: " + why + "; starting");
        } else {
            LOG.info(() -> "messenger: " + why + "; starting again from the save");
        }
        restartComponent();
    }

    /**
     * Disables and enables this component, on a thread of its own: the runtime waits for a
     * configuration change (or a reference's unbinding) in progress before it disables a
     * component, so doing it on the thread that called us would wait for itself.
     */
    private void restartComponent() {
        String self = String.valueOf(config.get("component.name"));
        Thread t = new Thread(() -> {
            try {
                component.disableComponent(self);
                component.enableComponent(self);
            } catch (IllegalStateException bundleStopping) {
                // the bundle stops: nothing to restart
            }
        }, "parley-messenger-restart");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A change of the profile or the network settings: stop now (the services go at once) and
     * start again with the new configuration, which then waits for the onion client running it
     * (see the class comment). Other changes (the runtime's own properties) are ignored.
     */
    @Modified
    synchronized void modified(Map<String, Object> next) {
        if (stopped || OnionService.publicConfig(next).equals(OnionService.publicConfig(config)) && Objects.equals(
                next.get(".passphrase"), config.get(".passphrase"))) {
            return;
        }
        restart("the configuration changed");
    }

    private boolean anyRelayReady(RelayPaths paths) {
        try {
            return network.loop().call(() -> !paths.readyRelays().isEmpty()).toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private static void unregisterQuietly(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping and the framework took it down already.
        }
    }

    private static void saveNow(ProfileStore store, String name, ToxSave save, char[] passphrase) {
        try {
            store.save(name, save, passphrase == null ? null : passphrase.clone());
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "messenger: saving profile " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeFriendListener")
    void addFriendListener(FriendListener l) {
        friendListeners.add(l);
    }

    void removeFriendListener(FriendListener l) {
        friendListeners.remove(l);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeChatListener")
    void addChatListener(ChatListener l) {
        chatListeners.add(l);
    }

    void removeChatListener(ChatListener l) {
        chatListeners.remove(l);
    }

    /** Whether a Messenger runs (a profile is configured and loaded). */
    boolean running() {
        return messenger != null;
    }

    private void closeQuietly(Messenger m) {
        try {
            m.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "messenger: closing: " + e.getMessage(), e);
        }
    }

    private void closeRelays(RelayPaths paths, TcpRelayConnector connector) {
        if (paths != null) {
            try {
                network.loop().call(() -> {
                    paths.close();
                    return null;
                }).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.log(Level.WARNING, "messenger: closing relay connections: " + e.getMessage(), e);
            }
        }
        if (connector != null) {
            connector.close();
        }
    }

    private void detach(NetCrypto nc) {
        try {
            network.loop().call(() -> {
                nc.close();
                for (int kind = PacketKind.COOKIE_REQUEST; kind <= PacketKind.CRYPTO_DATA; kind++) {
                    network.register(kind, null);
                }
                return null;
            }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.WARNING, "messenger: stopping net_crypto: " + e.getMessage(), e);
        }
    }

    /** Stops the Messenger (friends hear we leave) and saves the profile a last time. */
    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    /** Unpublishes and closes the Messenger, detaches the node, saves the profile a last time (once). */
    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (messenger == null) {
            return;
        }
        unregisterQuietly(registration);
        closeQuietly(messenger);
        detachNode();
        events.execute(() -> saveNow(store, profile, latest, passphrase));
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("messenger: the last save of profile " + profile + " did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outboxWriter.close(); // after the events thread: the Messenger's last store went through it
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
