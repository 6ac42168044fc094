package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.profile.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProfileTest {

    @TempDir
    Path dir;

    @Test
    void flagsNameTheProfile() throws Exception {
        NodeSettings s = NodeSettings.from(List.of("--profile", "bot.tox", "--name", "Echo"), dir);
        assertEquals(Optional.of(Path.of("bot.tox")), s.profile());
        assertEquals(Optional.of("Echo"), s.newProfileName());
        assertEquals(Optional.empty(), NodeSettings.from(List.of(), dir).profile(), "a bootstrap node has no profile");
        NodeSettingsException e = assertThrows(NodeSettingsException.class,
                () -> NodeSettings.from(List.of("--name", "Echo"), dir));
        assertTrue(e.getMessage().contains("--name needs --profile"), e.getMessage());
    }

    @Test
    void configNamesTheProfileRelativeToItself() throws Exception {
        Path config = dir.resolve("node.json");
        Files.writeString(config, "{ \"profile\": \"me.tox\" }");
        assertEquals(Optional.of(dir.resolve("me.tox")), NodeSettings.from(List.of("--config", config.toString()), dir).profile());
    }

    @Test
    void createsOnceThenLoadsTheSameIdentity() throws Exception {
        Path file = dir.resolve("profiles/bot.tox");
        NodeProfile created = NodeProfile.openOrCreate(file, Optional.of("Echo bot"), null);
        assertTrue(created.created());
        assertEquals("bot", created.name());
        assertEquals(76, created.toxId().length());
        assertTrue(Files.isRegularFile(file));
        assertEquals("Echo bot", ProfileStore.open(file.getParent()).load("bot", null).save().name());

        NodeProfile again = NodeProfile.openOrCreate(file, Optional.empty(), null);
        assertFalse(again.created());
        assertEquals(created.toxId(), again.toxId());
        NodeSettingsException e = assertThrows(NodeSettingsException.class,
                () -> NodeProfile.openOrCreate(file, Optional.of("Other"), null));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }

    @Test
    void encryptedProfileNeedsItsPassphrase() throws Exception {
        Path file = dir.resolve("secret.tox");
        String id = NodeProfile.openOrCreate(file, Optional.empty(), "hunter2".toCharArray()).toxId();
        assertTrue(ProfileStore.open(dir).isEncrypted("secret"));
        NodeSettingsException missing = assertThrows(NodeSettingsException.class,
                () -> NodeProfile.openOrCreate(file, Optional.empty(), null));
        assertTrue(missing.getMessage().contains("$" + NodeProfile.PASSPHRASE_VARIABLE), missing.getMessage());
        NodeSettingsException wrong = assertThrows(NodeSettingsException.class,
                () -> NodeProfile.openOrCreate(file, Optional.empty(), "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("secret.tox"), wrong.getMessage());
        assertEquals(id, NodeProfile.openOrCreate(file, Optional.empty(), "hunter2".toCharArray()).toxId());
    }

    @Test
    void damagedProfileIsReportedAndLeftAlone() throws Exception {
        Path file = dir.resolve("broken.tox");
        byte[] junk = "not a tox save at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(file, junk);
        NodeSettingsException e = assertThrows(NodeSettingsException.class,
                () -> NodeProfile.openOrCreate(file, Optional.empty(), null));
        assertTrue(e.getMessage().contains("left as it is"), e.getMessage());
        assertArrayEquals(junk, Files.readAllBytes(file));
    }

    @Test
    void fileMustBeAToxFile() {
        NodeSettingsException e = assertThrows(NodeSettingsException.class,
                () -> NodeProfile.openOrCreate(dir.resolve("bot.txt"), Optional.empty(), null));
        assertTrue(e.getMessage().contains("ends in .tox"), e.getMessage());
    }
}
