package dev.parley.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhtKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void createdOnceWithMode0600AndStableAfterwards() throws Exception {
        Path file = dir.resolve("sub/keys");
        KeyPair first = DhtKeyFile.loadOrCreate(file);
        assertEquals(DhtKeyFile.SIZE, Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyPair again = DhtKeyFile.loadOrCreate(file);
        assertArrayEquals(first.publicKey(), again.publicKey());
        byte[] bytes = Files.readAllBytes(file);
        byte[] pub = new byte[32];
        System.arraycopy(bytes, 0, pub, 0, 32);
        assertArrayEquals(first.publicKey(), pub, "public key first, as tox-bootstrapd writes it");
        assertEquals(List.of("keys"), Files.list(file.getParent()).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left behind");
    }

    @Test
    void aCorruptFileIsAClearErrorAndNeverOverwritten() throws Exception {
        Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[10]);
        DhtKeyFile.KeyFileException e = assertThrows(DhtKeyFile.KeyFileException.class, () -> DhtKeyFile.loadOrCreate(shortFile));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(shortFile.toString()), e.getMessage());
        assertArrayEquals(new byte[10], Files.readAllBytes(shortFile));

        Path mismatched = dir.resolve("mismatched");
        byte[] bytes = new byte[64];
        bytes[0] = 1;
        bytes[40] = 7;
        Files.write(mismatched, bytes);
        e = assertThrows(DhtKeyFile.KeyFileException.class, () -> DhtKeyFile.loadOrCreate(mismatched));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(mismatched));

        assertThrows(DhtKeyFile.KeyFileException.class, () -> DhtKeyFile.loadOrCreate(dir));
    }

    @Test
    void bootstrapNodeSyntax() {
        String key = "AB".repeat(32);
        assertEquals(new BootstrapNode("::1", 5, DhtKey.fromHex(key)), BootstrapNode.parse("[::1]:5:" + key));
        assertEquals("[::1]:5:" + key, BootstrapNode.parse("[::1]:5:" + key.toLowerCase()).toString());
        assertEquals("node.example:33445", BootstrapNode.parse("node.example:33445:" + key).toString().substring(0, 18));
        assertTrue(BootstrapNode.parse("10.0.0.1:1:" + key).isLiteral());
        assertTrue(!BootstrapNode.parse("node.example:1:" + key).isLiteral());
        for (String bad : new String[] {"", key, "h:" + key, "::1:5:" + key, "[h]:5:" + key, "h:5:" + key + "0", "h:65536:" + key}) {
            assertThrows(IllegalArgumentException.class, () -> BootstrapNode.parse(bad), bad);
        }
    }
}
