package dev.parley.profile.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.ParleyRuntime;
import dev.parley.profile.CorruptProfileException;
import dev.parley.profile.DamagedProfileException;
import dev.parley.profile.IncorrectPassphraseException;
import dev.parley.profile.LoadedProfile;
import dev.parley.profile.PassphraseRequiredException;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ProfileStore.SaveOption;
import dev.parley.profile.ToxSave;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProfileStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path dir;
    ProfileStore store;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("data/parley");
        store = ProfileStore.open(dir, CLOCK);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FileProfileStoreTest.class.getResourceAsStream("/dev/parley/profile/" + name)) {
            return in.readAllBytes();
        }
    }

    List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveLoadListAndBackup() throws Exception {
        assertEquals(List.of(), store.list());
        ToxSave first = ToxSave.generate().withName("first");
        store.save("alice", first, null);
        assertEquals(List.of("alice"), store.list());
        assertTrue(store.exists("alice"));
        assertFalse(store.hasBackup("alice"));
        assertEquals(List.of("alice.tox"), filesInDir());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.tox"))));

        ToxSave second = first.withName("second");
        store.save("alice", second, null);
        assertEquals(List.of("alice.tox", "alice.tox.bak"), filesInDir());
        assertArrayEquals(second.encode(), Files.readAllBytes(dir.resolve("alice.tox")));
        assertArrayEquals(first.encode(), Files.readAllBytes(dir.resolve("alice.tox.bak")));

        LoadedProfile loaded = store.load("alice", null);
        assertEquals(second, loaded.save());
        assertFalse(loaded.encrypted());
        assertFalse(loaded.fromBackup());
        LoadedProfile backup = store.loadBackup("alice", null);
        assertEquals(first, backup.save());
        assertTrue(backup.fromBackup());
        assertEquals(List.of("alice"), store.list());
    }

    @Test
    void encryptedRoundTripAndWrongPassphrase() throws Exception {
        ToxSave save = ToxSave.generate().withName("secret");
        store.save("bob", save, "open sesame".toCharArray());
        assertTrue(store.isEncrypted("bob"));
        assertTrue(ToxSave.isEncrypted(Files.readAllBytes(dir.resolve("bob.tox"))));

        ProfileStore other = ProfileStore.open(dir, CLOCK);
        LoadedProfile loaded = other.load("bob", "open sesame".toCharArray());
        assertTrue(loaded.encrypted());
        assertEquals(save, loaded.save());

        ProfileStore third = ProfileStore.open(dir, CLOCK);
        IncorrectPassphraseException wrong = assertThrows(IncorrectPassphraseException.class,
                () -> third.load("bob", "open sesam".toCharArray()));
        assertTrue(wrong.getMessage().contains("bob.tox") && wrong.getMessage().contains("wrong passphrase"));
        assertThrows(PassphraseRequiredException.class, () -> third.load("bob", null));
        assertEquals(Set.of("bob"), third.damagedProfiles());
        byte[] before = Files.readAllBytes(dir.resolve("bob.tox"));
        assertThrows(DamagedProfileException.class, () -> third.save("bob", ToxSave.generate(), null));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("bob.tox")));
        third.load("bob", "open sesame".toCharArray()); // the right passphrase clears the mark
        third.save("bob", save.withName("changed"), "new pass".toCharArray());
        assertEquals("changed", ProfileStore.open(dir).load("bob", "new pass".toCharArray()).save().name());
    }

    @Test
    void corruptFileIsReportedAndNeverOverwritten() throws Exception {
        ToxSave good = ToxSave.generate().withName("good");
        store.save("carol", good, null);
        store.save("carol", good.withName("newer"), null); // backup now holds "good"
        byte[] full = Files.readAllBytes(dir.resolve("carol.tox"));
        byte[] truncated = Arrays.copyOf(full, full.length - 100);
        Files.write(dir.resolve("carol.tox"), truncated);

        ProfileStore session = ProfileStore.open(dir, CLOCK);
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> session.load("carol", null));
        assertTrue(e.getMessage().contains("carol.tox"), e.getMessage());
        assertTrue(e.getMessage().contains("remain (file truncated?)"), e.getMessage());
        assertEquals(dir.resolve("carol.tox"), e.file().orElseThrow());
        assertEquals(Set.of("carol"), session.damagedProfiles());

        DamagedProfileException refused = assertThrows(DamagedProfileException.class,
                () -> session.save("carol", ToxSave.generate(), null));
        assertInstanceOf(CorruptProfileException.class, refused.getCause());
        assertArrayEquals(truncated, Files.readAllBytes(dir.resolve("carol.tox")));
        assertEquals(List.of("carol.tox", "carol.tox.bak"), filesInDir());

        LoadedProfile backup = session.loadBackup("carol", null);
        assertEquals("good", backup.save().name());

        session.save("carol", backup.save(), null, SaveOption.REPLACE_DAMAGED);
        assertEquals(List.of("carol.tox", "carol.tox.bak", "carol.tox.damaged-20250304T050607Z"), filesInDir());
        assertArrayEquals(truncated, Files.readAllBytes(dir.resolve("carol.tox.damaged-20250304T050607Z")));
        assertEquals("good", session.load("carol", null).save().name());
        assertEquals("good", session.loadBackup("carol", null).save().name()); // backup not replaced by damage
        assertEquals(Set.of(), session.damagedProfiles());
        assertEquals(List.of("carol"), session.list());
    }

    @Test
    void existingFileThatWasNeverLoadedIsCheckedBeforeReplacing() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("dave.tox"), new byte[] {0, 0, 0, 0, 1, 2, 3, 4});
        DamagedProfileException e = assertThrows(DamagedProfileException.class,
                () -> store.save("dave", ToxSave.generate(), null));
        assertTrue(e.getMessage().contains("save cookie"), e.getMessage());
        assertEquals(Set.of("dave"), store.damagedProfiles());

        ToxSave valid = ToxSave.generate();
        Files.write(dir.resolve("erin.tox"), valid.encode());
        store.save("erin", valid.withName("x"), null); // valid: replaced, previous version backed up
        assertArrayEquals(valid.encode(), Files.readAllBytes(dir.resolve("erin.tox.bak")));

        Files.write(dir.resolve("fay.tox"), valid.encode("one".toCharArray()));
        store.save("fay", valid, "two".toCharArray()); // encrypted under another passphrase: not damage
        assertEquals(valid, store.load("fay", "two".toCharArray()).save());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        ToxSave save = ToxSave.generate();
        for (int i = 0; i < 5; i++) {
            store.save("gus", save.withName("v" + i), i % 2 == 0 ? null : "p".toCharArray());
        }
        assertEquals(List.of("gus.tox", "gus.tox.bak"), filesInDir());
        assertEquals("v3", store.loadBackup("gus", "p".toCharArray()).save().name());
    }

    @Test
    void importsFromElsewhere() throws Exception {
        Path qtox = Files.createDirectories(tmp.resolve("qtox"));
        Path plain = qtox.resolve("someone.tox");
        Files.write(plain, fixture("toxcore-0.2.18.tox"));
        LoadedProfile p = store.importProfile(plain, "imported", null);
        assertEquals("Parley Fixture", p.save().name());
        assertArrayEquals(fixture("toxcore-0.2.18.tox"), Files.readAllBytes(dir.resolve("imported.tox")));
        assertThrows(FileAlreadyExistsException.class, () -> store.importProfile(plain, "imported", null));

        Path enc = qtox.resolve("enc.tox");
        Files.write(enc, fixture("toxcore-0.2.18-encrypted.tox"));
        assertThrows(IncorrectPassphraseException.class, () -> store.importProfile(enc, "enc", "nope".toCharArray()));
        LoadedProfile e = store.importProfile(enc, "enc", "correct horse".toCharArray());
        assertTrue(e.encrypted());
        assertArrayEquals(fixture("toxcore-0.2.18-encrypted.tox"), Files.readAllBytes(dir.resolve("enc.tox")));

        Path broken = qtox.resolve("broken.tox");
        Files.write(broken, Arrays.copyOf(fixture("toxcore-0.2.18.tox"), 500));
        CorruptProfileException c = assertThrows(CorruptProfileException.class,
                () -> store.importProfile(broken, "broken", null));
        assertTrue(c.getMessage().contains("broken.tox"));
        assertFalse(store.exists("broken"));
        assertEquals(List.of("enc", "imported"), store.list());
        store.save("imported", p.save().withName("edited"), null); // imported files count as loaded
    }

    @Test
    void missingProfile() {
        assertThrows(NoSuchFileException.class, () -> store.load("nobody", null));
        assertEquals(Set.of(), store.damagedProfiles());
    }

    @Test
    void profileNamesAreFileNamesOnly() {
        for (String bad : new String[] {"", ".hidden", "a/b", "a\\b", "nul\0", "tab\t", "x".repeat(201)}) {
            assertThrows(IllegalArgumentException.class, () -> store.fileOf(bad), bad);
        }
        assertEquals(dir.resolve("Ünïcode name.tox"), store.fileOf("Ünïcode name"));
    }

    @Test
    void listIgnoresOtherFiles() throws Exception {
        Files.createDirectories(dir.resolve("sub.tox"));
        Files.write(dir.resolve("a.tox.bak"), new byte[1]);
        Files.write(dir.resolve(".a.tox.123.tmp"), new byte[1]);
        Files.write(dir.resolve(".tox"), new byte[1]);
        Files.write(dir.resolve("b.tox"), new byte[1]);
        assertEquals(List.of("b"), store.list());
    }

    @Test
    void dataDirectoryFollowsXdg() {
        assertEquals(Path.of("/x/data/parley"), DataDirectory.resolve(Map.of("XDG_DATA_HOME", "/x/data"), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/parley"), DataDirectory.resolve(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/parley"),
                DataDirectory.resolve(Map.of("XDG_DATA_HOME", "relative"), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/parley"),
                DataDirectory.resolve(Map.of("XDG_DATA_HOME", ""), "/home/u"));
        assertTrue(ProfileStore.defaultDirectory().endsWith("parley"));
    }

    @Test
    void theServiceUsesTheRuntimesDataDirectoryUnlessConfigured() {
        Path data = dir.resolve("data");
        ParleyRuntime runtime = new ParleyRuntime() {
            @Override public String version() { return "1"; }
            @Override public String feature() { return "test"; }
            @Override public Path dataDirectory() { return data; }
            @Override public java.util.Optional<Path> installDirectory() { return java.util.Optional.empty(); }
            @Override public List<String> arguments() { return List.of(); }
        };
        assertEquals(data, new FileProfileStore(runtime, Map.of()).directory());
        Path configured = dir.resolve("elsewhere");
        assertEquals(configured, new FileProfileStore(runtime,
                Map.of(FileProfileStore.DIRECTORY_PROPERTY, configured.toString())).directory());
    }
}
