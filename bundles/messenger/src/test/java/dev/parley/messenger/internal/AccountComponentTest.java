package dev.parley.messenger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.ParleyRuntime;
import dev.parley.api.account.AccountException;
import dev.parley.api.account.ProfileSummary;
import dev.parley.api.friends.Connection;
import dev.parley.api.settings.BootstrapNode;
import dev.parley.api.settings.Settings;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class AccountComponentTest {
    @TempDir
    Path dir;

    /** Config Admin in memory: PID -> the last properties given to update. */
    final Map<String, Dictionary<String, Object>> configs = new HashMap<>();
    /** How many times each PID was updated (each update restarts the components configured by it). */
    final Map<String, Integer> updates = new HashMap<>();

    ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> {
                    if (m.getName().equals("getConfiguration")) {
                        String pid = (String) a[0];
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                                (p2, m2, a2) -> switch (m2.getName()) {
                                    case "getProperties" -> configs.get(pid);
                                    case "update" -> {
                                        @SuppressWarnings("unchecked")
                                        Dictionary<String, Object> d = (Dictionary<String, Object>) a2[0];
                                        configs.put(pid, d);
                                        updates.merge(pid, 1, Integer::sum);
                                        yield null;
                                    }
                                    default -> throw new UnsupportedOperationException(m2.getName());
                                });
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    ParleyRuntime runtime(String... args) {
        return new ParleyRuntime() {
            @Override
            public String version() {
                return "test";
            }

            @Override
            public String feature() {
                return "desktop";
            }

            @Override
            public Path dataDirectory() {
                return dir;
            }

            @Override
            public Optional<Path> installDirectory() {
                return Optional.empty();
            }

            @Override
            public List<String> arguments() {
                return List.of(args);
            }
        };
    }

    AccountComponent account(ProfileStore store, String... args) {
        return new AccountComponent(store, configAdmin(), runtime(args));
    }

    @Test
    void createSavesAndOpensTheProfile() throws Exception {
        ProfileStore store = ProfileStore.open(dir.resolve("profiles"));
        AccountComponent a = account(store);
        assertTrue(a.profiles().isEmpty());
        assertTrue(a.current().isEmpty());
        a.create("dana", "Dana Parley", "secret".toCharArray());
        assertEquals(List.of(new ProfileSummary("dana", true)), a.profiles());
        assertEquals(Optional.of("dana"), a.current());
        Dictionary<String, Object> onion = configs.get(MessengerComponent.PID);
        assertEquals("dana", onion.get("profile"));
        assertEquals(store.directory().toString(), onion.get("profile_dir"));
        assertEquals("secret", onion.get(".passphrase"));
        assertEquals("Dana Parley", store.load("dana", "secret".toCharArray()).save().name());
        AccountException exists = assertThrows(AccountException.class, () -> a.create("dana", "x", null));
        assertEquals(AccountException.Reason.EXISTS, exists.reason());
        assertEquals(AccountException.Reason.INVALID_NAME,
                assertThrows(AccountException.class, () -> a.create("../evil", "x", null)).reason());
        // unconfigured DHT: offline
        assertEquals(Connection.NONE, a.connection());
    }

    @Test
    void openTellsPasswordProblemsApart() throws Exception {
        ProfileStore store = ProfileStore.open(dir);
        store.save("locked", ToxSave.generate(), "pw".toCharArray());
        AccountComponent a = account(store);
        assertEquals(AccountException.Reason.PASSWORD_REQUIRED,
                assertThrows(AccountException.class, () -> a.open("locked", null)).reason());
        assertEquals(AccountException.Reason.WRONG_PASSWORD,
                assertThrows(AccountException.class, () -> a.open("locked", "nope".toCharArray())).reason());
        assertEquals(AccountException.Reason.NOT_FOUND,
                assertThrows(AccountException.class, () -> a.open("missing", null)).reason());
        assertFalse(configs.containsKey(MessengerComponent.PID));
        a.open("locked", "pw".toCharArray());
        assertEquals("locked", configs.get(MessengerComponent.PID).get("profile"));
    }

    @Test
    void importCopiesAnEncryptedSaveUnderAFreeName() throws Exception {
        Path other = Files.createDirectories(dir.resolve("qtox"));
        ToxSave save = ToxSave.generate().withName("From qTox");
        Files.write(other.resolve("me.tox"), save.encode("pw".toCharArray()));
        Files.write(dir.resolve("garbage.tox"), new byte[] {1, 2, 3});
        ProfileStore store = ProfileStore.open(dir.resolve("profiles"));
        store.save("me", ToxSave.generate(), null);
        AccountComponent a = account(store);
        Path file = other.resolve("me.tox");
        assertTrue(a.isEncrypted(file));
        assertEquals(AccountException.Reason.PASSWORD_REQUIRED,
                assertThrows(AccountException.class, () -> a.importProfile(file, null)).reason());
        assertEquals(AccountException.Reason.WRONG_PASSWORD,
                assertThrows(AccountException.class, () -> a.importProfile(file, "bad".toCharArray())).reason());
        String name = a.importProfile(file, "pw".toCharArray());
        assertEquals("me-2", name);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(store.fileOf(name)));
        assertEquals("From qTox", store.load(name, "pw".toCharArray()).save().name());
        assertEquals(AccountException.Reason.DAMAGED,
                assertThrows(AccountException.class, () -> a.importProfile(dir.resolve("garbage.tox"), null)).reason());
    }

    @Test
    void bootstrapArgumentsConfigureTheDht() {
        account(ProfileStore.open(dir), "--bootstrap", "127.0.0.1:33445:" + "A".repeat(64), "--other");
        assertArrayEquals(new String[] {"127.0.0.1:33445:" + "A".repeat(64)},
                (String[]) configs.get(AccountComponent.DHT_PID).get("bootstrap"));
    }

    @Test
    void eachProfileKeepsItsSettingsAndTheLastOneIsRemembered() throws Exception {
        ProfileStore store = ProfileStore.open(dir.resolve("profiles"));
        String key = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";
        AccountComponent a = account(store, "--bootstrap", "127.0.0.1:33445:" + key);
        assertEquals(Optional.empty(), a.lastOpened());
        assertThrows(IllegalStateException.class, () -> a.update(Settings.defaults()), "no profile open");
        a.create("ann", "Ann", null);
        // a new profile starts from the command line's nodes, saved beside it
        Settings first = a.settings();
        assertEquals(List.of(BootstrapNode.parse("127.0.0.1:33445:" + key)), first.bootstrap());
        assertTrue(Files.exists(store.directory().resolve("ann.settings")));
        assertEquals("true", configs.get(MessengerComponent.PID).get("udp_enabled"));
        assertEquals(Optional.of("ann"), a.lastOpened());

        Settings changed = first.withLanDiscovery(true).withIpv6(false).withUdp(false).withTheme("dark");
        a.update(changed);
        assertEquals("true", configs.get(AccountComponent.DHT_PID).get("lan_discovery"));
        assertEquals("false", configs.get(AccountComponent.UDP_PID).get("ipv6"));
        assertEquals("false", configs.get(MessengerComponent.PID).get("udp_enabled"));
        assertEquals("ann", configs.get(MessengerComponent.PID).get("profile"), "the profile stays configured");

        a.create("bob", "Bob", null);
        assertEquals(first.bootstrap(), a.settings().bootstrap());
        assertFalse(a.settings().lanDiscovery(), "bob has his own settings");
        assertEquals("false", configs.get(AccountComponent.DHT_PID).get("lan_discovery"), "and they are applied");
        assertEquals(Optional.of("bob"), a.lastOpened());

        // a new session: ann again, with her settings
        AccountComponent again = account(store);
        assertEquals(Optional.of("bob"), again.lastOpened());
        again.open("ann", null);
        assertEquals(changed, again.settings());
        assertEquals("true", configs.get(AccountComponent.DHT_PID).get("lan_discovery"));
    }

    @Test
    void closeTakesTheProfileOutOfTheMessengersConfigurationAndKeepsItsNetwork() throws Exception {
        ProfileStore store = ProfileStore.open(dir.resolve("profiles"));
        String key = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";
        AccountComponent a = account(store);
        a.close(); // nothing open: nothing to do
        assertTrue(configs.get(MessengerComponent.PID) == null);
        a.create("cid", "Cid", "pw".toCharArray());
        BootstrapNode relay = BootstrapNode.parse("127.0.0.1:3389:" + key);
        a.update(a.settings().withRelays(List.of(relay)));
        assertEquals("127.0.0.1:3389:" + key, configs.get(MessengerComponent.PID).get("relays"));

        a.close();
        Dictionary<String, Object> onion = configs.get(MessengerComponent.PID);
        assertEquals(null, onion.get("profile"), "no identity: the onion client and the Messenger stop");
        assertEquals(null, onion.get("profile_dir"));
        assertEquals(null, onion.get(".passphrase"), "the password is forgotten");
        assertEquals("127.0.0.1:3389:" + key, onion.get("relays"), "the network settings stay");
        assertEquals(Optional.empty(), a.current());
        assertEquals(Optional.of("cid"), a.lastOpened(), "still the profile opened last");
        assertThrows(IllegalStateException.class, () -> a.update(Settings.defaults()), "no profile open");
        assertEquals(List.of(), a.settings().relays(), "no profile: the defaults");

        a.open("cid", "pw".toCharArray());
        assertEquals("cid", configs.get(MessengerComponent.PID).get("profile"));
        assertEquals(List.of(relay), a.settings().relays(), "her relays again");
    }

    @Test
    void aSaveWritesOnlyTheConfigurationsThatChange() throws Exception {
        ProfileStore store = ProfileStore.open(dir.resolve("profiles"));
        String key = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";
        AccountComponent a = account(store);
        a.create("eve", "Eve", null);
        BootstrapNode relay = BootstrapNode.parse("127.0.0.1:3389:" + key);
        a.update(a.settings().withUdp(false).withRelays(List.of(relay)));
        Map<String, Integer> before = new HashMap<>(updates);

        a.update(a.settings().withTheme("dark").withNotifications(false));
        a.update(a.settings().withTheme(Settings.THEME_BUILT_IN));
        assertEquals(before, updates, "the look and notifications restart nothing");

        a.update(a.settings().withUdp(true).withRelays(List.of()));
        assertEquals(before.get(MessengerComponent.PID) + 1, updates.get(MessengerComponent.PID),
                "the Messenger's configuration once");
        assertEquals(before.get(AccountComponent.UDP_PID) + 1, updates.get(AccountComponent.UDP_PID));
        assertEquals(before.getOrDefault(AccountComponent.DHT_PID, 0), updates.getOrDefault(AccountComponent.DHT_PID, 0),
                "the DHT's did not change");
    }
}
