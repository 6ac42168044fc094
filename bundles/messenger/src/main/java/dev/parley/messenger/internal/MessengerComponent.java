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
import dev.parley.messenger.RelayTcpPaths;
import dev.parley.dht.NodeInfo;
import dev.parley.relay.RelayConnections;
import dev.parley.relay.RelayPaths;
import dev.parley.relay.TcpRelayConnector;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * {@code profile_dir}, {@code .passphrase}) names a profile and the onion client for that
 * identity is up, this loads the profile, attaches a net_crypto to the node's packet network
 * (the DHT secret key stays in the DHT: the net_crypto asks {@link DhtService#sharedKey}), starts
 * a {@link Messenger} on the node's loop and publishes it as {@link ProfileService},
 * {@link FriendsService} and {@link ChatService}.
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
 * While relays are configured, a {@link RelayStatus} service says whether one is connected.
 * {@code proxy} ({@code socks5://HOST:PORT} or {@code http://HOST:PORT}) sends every relay
 * connection through that proxy.
 *
 * <p>Without a profile, or when it does not load, the component is active and publishes nothing.
 *
 * <p>A change of {@value #PID} restarts the onion client (it has no modified method), and this
 * component with it (a static reference), which then reads the new configuration: so this
 * component does not restart for the change itself as well (a settings save once restarted the
 * Messenger twice). Only when the onion client had restarted before this component was told of
 * the change (its {@code onion.config} stamp is the new configuration's) does it restart itself.
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
    private final ExecutorService events;
    private final ProfileStore store;
    private final String profile;
    private final char[] passphrase;
    private final NetCrypto netCrypto;
    private final RelayPaths relayPaths;
    private final TcpRelayConnector relayConnector;
    private final KeyPair keys;
    private final Messenger messenger;
    private final ServiceRegistration<?> registration;
    private final Runnable transportListener;
    private final ServiceRegistration<RelayStatus> relayStatusRegistration;
    private final BundleContext context;
    private final Map<String, Object> config;
    private volatile ToxSave latest;

    @Activate
    public MessengerComponent(BundleContext context, Map<String, Object> config, @Reference PacketNetwork network,
            @Reference DhtService dht,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            OnionService onion) {
        this.network = network;
        this.context = context;
        this.config = Map.copyOf(config);
        String name = string(config.get("profile"));
        ExecutorService ev = null;
        ProfileStore st = null;
        char[] pass = null;
        NetCrypto nc = null;
        RelayPaths paths = null;
        TcpRelayConnector connector = null;
        KeyPair kp = null;
        Messenger m = null;
        ServiceRegistration<?> reg = null;
        Runnable onTransport = null;
        ServiceRegistration<RelayStatus> relayReg = null;
        if (name != null && !name.isBlank() && onion != null) {
            try {
                String dir = string(config.get("profile_dir"));
                st = ProfileStore.open(dir == null || dir.isBlank() ? ProfileStore.defaultDirectory() : Path.of(dir));
                String p = string(config.get(".passphrase"));
                LoadedProfile loaded = st.load(name, p == null ? null : p.toCharArray());
                pass = loaded.encrypted() && p != null ? p.toCharArray() : null;
                ToxSave save = loaded.save();
                if (!onion.publicKey().equals(DhtKey.of(save.publicKey()))) {
                    throw new IdentityMismatch();
                }
                latest = save;
                ev = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "parley-messenger-events");
                    t.setDaemon(true);
                    return t;
                });
                kp = save.keyPair();
                KeyPair realKeys = kp;
                byte[] dhtPublic = dht.selfKey().toBytes();
                List<NodeInfo> relays = RelayTcpPaths.parse(string(config.get("relays")));
                boolean udp = !"false".equalsIgnoreCase(String.valueOf(config.get("udp_enabled")).trim());
                List<NodeInfo> pathNodes = RelayTcpPaths.parse(string(config.get("path_nodes")));
                if (relays.isEmpty() && udp) {
                    nc = network.loop().call(() -> NetCrypto.attach(network, realKeys, dhtPublic,
                            peer -> dht.sharedKey(DhtKey.of(peer)), NetCrypto.Options.defaults()))
                            .toCompletableFuture().get(10, TimeUnit.SECONDS);
                } else {
                    // TCP relays under net_crypto and the onion; with UDP off, the only path.
                    String proxySpec = string(config.get("proxy"));
                    TcpRelayConnector conn = new TcpRelayConnector(network.loop(), 10_000,
                            proxySpec == null || proxySpec.isBlank() ? Optional.empty() : Optional.of(Proxy.parse(proxySpec)));
                    connector = conn;
                    RelayPaths rp = network.loop().call(() -> new RelayPaths(network.loop(), dhtPublic,
                            peer -> dht.sharedKey(DhtKey.of(peer)), conn, RelayConnections.Options.defaults(),
                            new SecureRandom())).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    paths = rp;
                    nc = network.loop().call(() -> {
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
                        NetCrypto sessions = nc;
                        onTransport = () -> {
                            boolean available = network.udpAvailable();
                            if (!available) {
                                sessions.directPathsLost();
                            }
                            onion.useTcp(rp, available);
                            LOG.info(() -> "messenger: UDP " + (available ? "available again" : "gone: relays only"));
                        };
                        network.onTransportChange(onTransport);
                    }
                }
                ProfileStore target = st;
                char[] savePass = pass;
                Path outbox = st.fileOf(name).resolveSibling(name + ".outbox");
                m = new Messenger(network.loop(), dht, onion, nc, save, s -> {
                    latest = s;
                    saveNow(target, name, s, savePass);
                }, OutboxStore.file(outbox), ev, Messenger.Options.defaults());
                if (paths != null) {
                    m.setTcpPaths(new RelayTcpPaths(paths));
                }
                m.addFriendListener(new FriendFanout(friendListeners));
                m.addChatListener(new ChatFanout(chatListeners));
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("parley.profile", name);
                props.put("parley.public_key", m.publicKey());
                if (paths != null) {
                    RelayPaths rp = paths;
                    relayReg = context.registerService(RelayStatus.class, () -> anyRelayReady(rp), props);
                }
                reg = context.registerService(new String[] {ProfileService.class.getName(),
                    FriendsService.class.getName(), ChatService.class.getName()}, m, props);
                LOG.info(() -> "messenger for profile " + name);
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (e instanceof IdentityMismatch) {
                    // Reconfiguration in progress: we start again when the onion of this profile is up.
                    LOG.info(() -> "messenger: waiting for the onion client of profile " + name);
                } else {
                    LOG.log(Level.SEVERE, "messenger: profile " + name + " did not start: " + e.getMessage(), e);
                }
                if (onTransport != null) {
                    network.removeTransportListener(onTransport);
                    onTransport = null;
                }
                if (relayReg != null) {
                    unregisterQuietly(relayReg);
                    relayReg = null;
                }
                if (m != null) {
                    closeQuietly(m);
                }
                if (nc != null) {
                    detach(nc);
                }
                closeRelays(paths, connector);
                paths = null;
                connector = null;
                if (ev != null) {
                    ev.shutdown();
                }
                if (kp != null) {
                    kp.destroy();
                }
                kp = null;
                m = null;
                nc = null;
                ev = null;
                reg = null;
            }
        }
        this.events = ev;
        this.store = st;
        this.profile = name;
        this.passphrase = pass;
        this.netCrypto = nc;
        this.relayPaths = paths;
        this.relayConnector = connector;
        this.keys = kp;
        this.messenger = m;
        this.registration = reg;
        this.transportListener = onTransport;
        this.relayStatusRegistration = relayReg;
    }

    /** See the class comment: restarts only when the onion client restarted for this change already. */
    @Modified
    void modified(ComponentContext component, Map<String, Object> next) {
        if (OnionService.publicConfig(next).equals(OnionService.publicConfig(config)) && Objects.equals(
                next.get(".passphrase"), config.get(".passphrase"))) {
            return;
        }
        try {
            ServiceReference<?>[] restarted = context.getServiceReferences(OnionService.class.getName(),
                    "(" + OnionService.CONFIG_STAMP + "=" + OnionService.configStamp(next) + ")");
            if (restarted != null) {
                String self = String.valueOf(config.get("component.name"));
                LOG.fine(() -> "messenger: the onion client restarted first; restarting for the new configuration");
                component.disableComponent(self);
                component.enableComponent(self);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
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

    /** The onion client found runs another identity than the configured profile (for a moment, on reconfiguration). */
    private static final class IdentityMismatch extends RuntimeException {
        IdentityMismatch() {
            super("the onion client runs another identity", null, false, false);
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
    void deactivate() {
        if (messenger == null) {
            return;
        }
        unregisterQuietly(registration);
        if (relayStatusRegistration != null) {
            unregisterQuietly(relayStatusRegistration);
        }
        if (transportListener != null) {
            network.removeTransportListener(transportListener);
        }
        closeQuietly(messenger);
        detach(netCrypto);
        closeRelays(relayPaths, relayConnector);
        keys.destroy();
        events.execute(() -> saveNow(store, profile, latest, passphrase));
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("messenger: the last save of profile " + profile + " did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
