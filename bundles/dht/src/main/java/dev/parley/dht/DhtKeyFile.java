package dev.parley.dht;

import dev.parley.crypto.KeyPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * A persistent DHT key pair, so that a bootstrap node keeps its address. The file holds 64 bytes:
 * the public key, then the secret key, as tox-bootstrapd's keys file does (so one can be moved
 * between the two). It is created with mode 0600 by writing a temporary file and renaming it; a
 * file that is not a valid key pair is reported and never overwritten.
 */
public final class DhtKeyFile {

    public static final int SIZE = KeyPair.PUBLIC_KEY_SIZE + KeyPair.SECRET_KEY_SIZE;

    /** A key file that exists but cannot be used; the message says why and where. */
    public static final class KeyFileException extends IOException {
        private static final long serialVersionUID = 1L;

        public KeyFileException(String message) {
            super(message);
        }
    }

    private DhtKeyFile() {
    }

    /** Loads the key pair from {@code file}, or creates the file with a new key pair if there is none. */
    public static KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair keys = KeyPair.generate();
        create(file, keys);
        return keys;
    }

    /** Loads an existing key file. */
    public static KeyPair load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new KeyFileException("key file " + file + " is not a regular file");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            if (bytes.length != SIZE) {
                throw new KeyFileException("key file " + file + " is corrupt: " + bytes.length + " bytes, expected "
                        + SIZE + " (public key then secret key); it was left unchanged");
            }
            KeyPair keys = KeyPair.fromSecretKey(Arrays.copyOfRange(bytes, KeyPair.PUBLIC_KEY_SIZE, SIZE));
            if (!Arrays.equals(keys.publicKey(), Arrays.copyOf(bytes, KeyPair.PUBLIC_KEY_SIZE))) {
                keys.destroy();
                throw new KeyFileException("key file " + file
                        + " is corrupt: its public key does not belong to its secret key; it was left unchanged");
            }
            return keys;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Writes {@code keys} to a new file; fails if the file exists. */
    public static void create(Path file, KeyPair keys) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
        byte[] bytes = new byte[SIZE];
        try {
            keys.writePublicKey(bytes, 0);
            keys.writeSecretKey(bytes, KeyPair.PUBLIC_KEY_SIZE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }
}
