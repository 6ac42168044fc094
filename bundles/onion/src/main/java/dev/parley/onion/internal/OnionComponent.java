package dev.parley.onion.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionRelay;
import dev.parley.onion.OnionService;
import dev.parley.profile.LoadedProfile;
import dev.parley.profile.ProfileStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The node's onion next to its {@link DhtService}, on the same {@link PacketNetwork}.
 *
 * <p>The node side (onion hop and announce store) needs only the DHT key and always runs: every
 * Parley runtime, {@code bin/parley-node} included, serves onion like {@code tox-bootstrapd}. It
 * is published as {@link OnionRelay}.
 *
 * <p>The client side (announcing our long-term key, friend finding, friend requests) needs a
 * long-term identity. It runs, and {@link OnionService} is published, only when configuration
 * {@value #PID} names a profile: {@code profile} (a profile name), {@code profile_dir} (its
 * directory; default {@link ProfileStore#defaultDirectory()}) and, for an encrypted profile,
 * the private property {@code .passphrase}. The secret key is read here and stays in this
 * bundle. A profile that does not load is logged and leaves the node side running.
 */
@Component(service = {}, configurationPid = OnionComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public final class OnionComponent {

    public static final String PID = "dev.parley.onion";

    private static final Logger LOG = Logger.getLogger(OnionComponent.class.getName());

    private final PacketNetwork network;
    private final OnionRelay relay;
    private final ServiceRegistration<OnionRelay> relayRegistration;
    private final OnionEngine client;
    private final ServiceRegistration<OnionService> clientRegistration;

    @Activate
    public OnionComponent(BundleContext context, Map<String, Object> config, @Reference PacketNetwork network,
            @Reference DhtService dht) {
        this.network = network;
        SecureRandom random = new SecureRandom();
        OnionRelayImpl r = new OnionRelayImpl(network, dht, random);
        network.loop().execute(r::start);
        this.relay = r;
        Hashtable<String, Object> relayProps = new Hashtable<>();
        relayProps.put("dht.key", dht.selfKey().toHex());
        this.relayRegistration = context.registerService(OnionRelay.class, relay, relayProps);

        OnionEngine engine = null;
        ServiceRegistration<OnionService> reg = null;
        String profile = string(config.get("profile"));
        if (profile != null && !profile.isBlank()) {
            KeyPair keys = null;
            try {
                String dir = string(config.get("profile_dir"));
                ProfileStore store = ProfileStore.open(dir == null || dir.isBlank()
                        ? ProfileStore.defaultDirectory() : Path.of(dir));
                String pass = string(config.get(".passphrase"));
                LoadedProfile loaded = store.load(profile, pass == null ? null : pass.toCharArray());
                keys = loaded.save().keyPair();
                engine = new OnionEngine(network, dht, keys, loaded.save().nospam(), random,
                        new OnionOptions(OnionOptions.defaults().tickMillis(), false));
                network.loop().execute(engine::start);
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("onion.profile", profile);
                props.put("onion.public_key", engine.publicKey().toHex());
                props.put(OnionService.CONFIG_STAMP, OnionService.configStamp(config));
                reg = context.registerService(OnionService.class, engine, props);
                LOG.info(() -> "onion client for profile " + profile);
            } catch (Exception | Error e) {
                LOG.log(Level.SEVERE, "onion: profile " + profile + " did not load; serving as onion node only: "
                        + e.getMessage(), e);
                if (keys != null) {
                    keys.destroy();
                }
                engine = null;
            }
        }
        this.client = engine;
        this.clientRegistration = reg;
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {clientRegistration, relayRegistration}) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // The bundle is stopping and the framework took it down already.
                }
            }
        }
        if (client != null) {
            network.loop().execute(client::stop);
        }
        relay.stop();
    }
}
