package dev.parley.messenger.internal;

import dev.parley.api.ParleyRuntime;
import dev.parley.api.account.AccountException;
import dev.parley.api.account.AccountException.Reason;
import dev.parley.api.account.AccountService;
import dev.parley.api.account.ProfileSummary;
import dev.parley.api.friends.Connection;
import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.Settings;
import dev.parley.api.settings.SettingsService;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.profile.CorruptProfileException;
import dev.parley.profile.IncorrectPassphraseException;
import dev.parley.profile.PassphraseRequiredException;
import dev.parley.profile.ProfileException;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The api's {@link AccountService}: profiles live in the {@link ProfileStore} service's folder
 * (the runtime's data folder); opening one writes configuration {@value MessengerComponent#PID}
 * ({@code profile}, {@code profile_dir}, {@code .passphrase}), which restarts the onion client
 * and the {@link MessengerComponent} with it.
 *
 * <p>Bootstrap nodes given to the application as {@code --bootstrap IP:PORT:DHTKEY} (repeatable,
 * as for {@code parley-node}) are written to configuration {@code dev.parley.dht} when this
 * component starts, and are the first bootstrap list of a profile that has no settings yet.
 *
 * <p>Also the api's {@link SettingsService}: each profile's settings live in {@code NAME.settings}
 * beside it ({@link SettingsFile}) and are applied when it opens and when they change, as
 * configuration of the DHT ({@value #DHT_PID}), the UDP socket ({@value #UDP_PID}) and the onion
 * and Messenger ({@code udp_enabled}) ({@link NetworkConfig}). The profile opened last is
 * remembered in {@value #LAST_PROFILE} in the profiles folder.
 */
@Component(service = {AccountService.class, SettingsService.class})
public final class AccountComponent implements AccountService, SettingsService {

    static final String DHT_PID = "dev.parley.dht";
    static final String UDP_PID = "dev.parley.net.udp";
    static final String LAST_PROFILE = ".last-profile";
    private static final Logger LOG = Logger.getLogger(AccountComponent.class.getName());

    private final ProfileStore store;
    private final ConfigurationAdmin configAdmin;
    private volatile DhtService dht;
    private final List<BootstrapNode> argumentNodes = new ArrayList<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PacketNetwork network;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RelayStatus relays;
    private volatile String current;
    private volatile Settings settings;

    @Activate
    public AccountComponent(@Reference ProfileStore store, @Reference ConfigurationAdmin configAdmin,
            @Reference ParleyRuntime runtime) {
        this.store = store;
        this.configAdmin = configAdmin;
        applyBootstrapArguments(runtime.arguments());
        try {
            Configuration onion = configAdmin.getConfiguration(MessengerComponent.PID, "?");
            Dictionary<String, Object> p = onion.getProperties();
            if (p != null && p.get("profile") != null) {
                current = String.valueOf(p.get("profile"));
                settings = SettingsFile.load(SettingsFile.of(store.directory(), current)).orElse(null);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "account: cannot read configuration: " + e.getMessage(), e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindDht")
    void bindDht(DhtService service) {
        dht = service;
    }

    void unbindDht(DhtService service) {
        if (dht == service) {
            dht = null;
        }
    }

    /** {@code --bootstrap X} arguments, if any, become the DHT's bootstrap list. */
    private void applyBootstrapArguments(List<String> args) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--bootstrap")) {
                nodes.add(args.get(++i));
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            try {
                BootstrapNode n = BootstrapNode.parse(nodes.get(i));
                argumentNodes.add(n);
                // written as the settings write it, so that opening a profile with these changes nothing
                nodes.set(i, n.toString());
            } catch (IllegalArgumentException e) {
                LOG.warning("account: --bootstrap " + nodes.get(i) + " is not in the settings: " + e.getMessage());
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        try {
            Configuration c = configAdmin.getConfiguration(DHT_PID, "?");
            Dictionary<String, Object> p = c.getProperties();
            Object had = p == null ? null : p.get("bootstrap");
            if (had instanceof String[] old && Arrays.asList(old).equals(nodes)) {
                return;
            }
            Hashtable<String, Object> next = new Hashtable<>();
            if (p != null) {
                for (var keys = p.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    next.put(k, p.get(k));
                }
            }
            next.put("bootstrap", nodes.toArray(String[]::new));
            c.update(next);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "account: cannot configure bootstrap nodes: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ProfileSummary> profiles() {
        List<ProfileSummary> result = new ArrayList<>();
        try {
            for (String name : store.list()) {
                boolean encrypted;
                try {
                    encrypted = store.isEncrypted(name);
                } catch (IOException e) {
                    continue;
                }
                result.add(new ProfileSummary(name, encrypted));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "account: cannot list profiles: " + e.getMessage(), e);
        }
        return List.copyOf(result);
    }

    @Override
    public Optional<String> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public void create(String profile, String displayName, char[] password) throws AccountException {
        checkName(profile);
        if (store.exists(profile)) {
            throw new AccountException(Reason.EXISTS, "a profile named " + profile + " exists already");
        }
        char[] pass = password == null || password.length == 0 ? null : password.clone();
        try {
            ToxSave save = ToxSave.generate().withName(displayName == null ? profile : displayName);
            store.save(profile, save, pass == null ? null : pass.clone());
        } catch (IOException | ProfileException e) {
            throw new AccountException(Reason.IO, "cannot save profile " + profile + ": " + e.getMessage(), e);
        }
        try {
            open(profile, pass);
        } finally {
            if (pass != null) {
                Arrays.fill(pass, '\0');
            }
        }
    }

    @Override
    public boolean isEncrypted(Path file) throws AccountException {
        try {
            return ToxSave.isEncrypted(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AccountException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String importProfile(Path file, char[] password) throws AccountException {
        String base = file.getFileName().toString();
        if (base.endsWith(ProfileStore.SUFFIX)) {
            base = base.substring(0, base.length() - ProfileStore.SUFFIX.length());
        }
        if (base.isEmpty() || base.startsWith(".")) {
            base = "imported";
        }
        String name = base;
        for (int n = 2; store.exists(name); n++) {
            name = base + "-" + n;
        }
        checkName(name);
        try {
            store.importProfile(file, name, password == null || password.length == 0 ? null : password.clone());
            return name;
        } catch (IOException | ProfileException e) {
            throw translate(file.toString(), e);
        }
    }

    @Override
    public void open(String profile, char[] password) throws AccountException {
        checkName(profile);
        char[] pass = password == null || password.length == 0 ? null : password;
        try {
            store.load(profile, pass == null ? null : pass.clone());
        } catch (IOException | ProfileException e) {
            throw translate(profile, e);
        }
        Path settingsFile = SettingsFile.of(store.directory(), profile);
        Settings s = SettingsFile.load(settingsFile).orElse(null);
        if (s == null) {
            s = Settings.defaults().withBootstrap(argumentNodes);
            try {
                SettingsFile.save(settingsFile, s);
            } catch (UncheckedIOException e) {
                LOG.warning("account: " + e.getMessage());
            }
        }
        try {
            // The profile's configuration first: Config Admin delivers changes one at a time, and a
            // change for a networking component that is starting waits for that start, so the
            // Messenger (which shows the profile before the network is up) would wait for it too.
            Configuration c = configAdmin.getConfiguration(MessengerComponent.PID, "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("profile", profile);
            p.put("profile_dir", store.directory().toString());
            if (pass != null) {
                p.put(".passphrase", new String(pass));
            }
            c.update(new Hashtable<>(NetworkConfig.onion(p, s)));
            applyNetwork(s);
            current = profile;
            settings = s;
        } catch (IOException e) {
            throw new AccountException(Reason.IO, "cannot configure profile " + profile + ": " + e.getMessage(), e);
        }
        remember(profile);
    }

    /**
     * Takes the profile out of the onion's and Messenger's configuration (their network settings
     * stay): both restart without an identity, the Messenger saving the profile as it stops.
     */
    @Override
    public synchronized void close() throws AccountException {
        String profile = current;
        if (profile == null) {
            return;
        }
        try {
            Configuration c = configAdmin.getConfiguration(MessengerComponent.PID, "?");
            Map<String, Object> p = properties(c);
            p.remove("profile");
            p.remove("profile_dir");
            p.remove(".passphrase");
            c.update(new Hashtable<>(p));
        } catch (IOException e) {
            throw new AccountException(Reason.IO, "cannot close profile " + profile + ": " + e.getMessage(), e);
        }
        current = null;
        settings = null;
        LOG.info(() -> "account: profile " + profile + " closed");
    }

    /** Writes the name of the profile opened last, atomically; a failure only costs the shortcut. */
    private void remember(String profile) {
        Path file = store.directory().resolve(LAST_PROFILE);
        try {
            Path tmp = Files.createTempFile(store.directory(), LAST_PROFILE, ".tmp");
            try {
                Files.writeString(tmp, profile + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warning("account: cannot remember the last profile: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> lastOpened() {
        try {
            String name = Files.readString(store.directory().resolve(LAST_PROFILE), StandardCharsets.UTF_8).strip();
            return !name.isEmpty() && store.exists(name) ? Optional.of(name) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public Settings settings() {
        Settings s = settings;
        return s != null ? s : Settings.defaults().withBootstrap(argumentNodes);
    }

    @Override
    public synchronized Settings update(Settings next) {
        String profile = current;
        if (profile == null) {
            throw new IllegalStateException("no profile is open");
        }
        SettingsFile.save(SettingsFile.of(store.directory(), profile), next);
        settings = next;
        try {
            applyNetwork(next);
            Configuration c = configAdmin.getConfiguration(MessengerComponent.PID, "?");
            Map<String, Object> had = properties(c);
            if (NetworkConfig.onionChanges(had, next)) {
                c.update(new Hashtable<>(NetworkConfig.onion(had, next)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the settings: " + e.getMessage(), e);
        }
        LOG.info(() -> "settings of " + profile + " saved and applied");
        return next;
    }

    /** The DHT's and the UDP socket's configuration, written only where it changes. */
    private void applyNetwork(Settings s) throws IOException {
        Configuration dhtConfig = configAdmin.getConfiguration(DHT_PID, "?");
        Map<String, Object> dhtNext = NetworkConfig.dht(properties(dhtConfig), s);
        if (dhtNext != null) {
            dhtConfig.update(new Hashtable<>(dhtNext));
        }
        Configuration udpConfig = configAdmin.getConfiguration(UDP_PID, "?");
        Map<String, Object> udpNext = NetworkConfig.udpSocket(properties(udpConfig), s);
        if (udpNext != null) {
            udpConfig.update(new Hashtable<>(udpNext));
        }
    }

    private static Map<String, Object> properties(Configuration c) {
        Map<String, Object> m = new HashMap<>();
        Dictionary<String, Object> p = c.getProperties();
        if (p != null) {
            for (var keys = p.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                if (!k.equals("service.pid") && !k.equals("service.factoryPid") && !k.equals("service.bundleLocation")) {
                    m.put(k, p.get(k));
                }
            }
        }
        return m;
    }

    /**
     * UDP while the DHT has live nodes and a transport carries datagrams; else TCP while one of
     * the Messenger's relays is connected; else none.
     */
    @Override
    public Connection connection() {
        PacketNetwork n = network;
        RelayStatus r = relays;
        return SelfConnection.of(dhtConnected(), n != null && n.udpAvailable(), r != null && r.anyRelayReady());
    }

    private boolean dhtConnected() {
        DhtService d = dht;
        if (d == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(d.isConnected().toCompletableFuture().get(2, TimeUnit.SECONDS));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void checkName(String profile) throws AccountException {
        try {
            store.fileOf(profile);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AccountException(Reason.INVALID_NAME, e.getMessage() == null ? "no name" : e.getMessage(), e);
        }
    }

    private static AccountException translate(String what, Exception e) {
        if (e instanceof PassphraseRequiredException) {
            return new AccountException(Reason.PASSWORD_REQUIRED, what + " is encrypted: enter its password", e);
        }
        if (e instanceof IncorrectPassphraseException) {
            return new AccountException(Reason.WRONG_PASSWORD, "the password does not open " + what, e);
        }
        if (e instanceof NoSuchFileException) {
            return new AccountException(Reason.NOT_FOUND, "no profile " + what, e);
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return new AccountException(Reason.EXISTS, what + " exists already", e);
        }
        if (e instanceof CorruptProfileException || e instanceof ProfileException) {
            return new AccountException(Reason.DAMAGED, what + " is not a readable Tox profile: " + e.getMessage(), e);
        }
        return new AccountException(Reason.IO, "cannot read " + what + ": " + e.getMessage(), e);
    }
}
