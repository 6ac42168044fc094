package dev.parley.profile.internal;

import dev.parley.api.ParleyRuntime;
import dev.parley.crypto.PassphraseEncryption;
import dev.parley.profile.CorruptProfileException;
import dev.parley.profile.DamagedProfileException;
import dev.parley.profile.IncorrectPassphraseException;
import dev.parley.profile.LoadedProfile;
import dev.parley.profile.PassphraseRequiredException;
import dev.parley.profile.ProfileException;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link ProfileStore} on a directory of the default or any other file system.
 *
 * <p>Also published as an OSGi service: configuration PID {@value #PID}, property
 * {@value #DIRECTORY_PROPERTY} (default: the runtime's data directory, which the launcher's
 * {@code --data-dir} sets and which is otherwise the XDG one).
 */
@Component(service = ProfileStore.class, configurationPid = FileProfileStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FileProfileStore implements ProfileStore {
    public static final String PID = "dev.parley.profile";
    public static final String DIRECTORY_PROPERTY = "directory";
    /** Larger files are refused unread; a save with ten thousand friends is about 22 MiB. */
    static final long MAX_FILE_SIZE = 256L << 20;
    private static final int MAX_NAME_LENGTH = 200;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;
    /** Names whose files failed to load, with the failure. */
    private final Map<String, Exception> damaged = new HashMap<>();
    /** Names whose files this session loaded or wrote. */
    private final Set<String> trusted = new HashSet<>();

    /** The DS constructor: the directory comes from configuration, or the runtime's data directory. */
    @Activate
    public FileProfileStore(@Reference ParleyRuntime runtime, Map<String, Object> properties) {
        this(directoryFrom(properties, runtime), Clock.systemUTC());
    }

    private static Path directoryFrom(Map<String, Object> properties, ParleyRuntime runtime) {
        Object dir = properties.get(DIRECTORY_PROPERTY);
        return dir == null || dir.toString().isBlank() ? runtime.dataDirectory() : Path.of(dir.toString());
    }

    public FileProfileStore(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public Path fileOf(String name) {
        checkName(name);
        return directory.resolve(name + SUFFIX);
    }

    private Path backupOf(String name) {
        return directory.resolve(name + SUFFIX + BACKUP_SUFFIX);
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a profile name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.charAt(0) == '.') {
            throw new IllegalArgumentException("a profile name must not start with a dot: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("a profile name must not contain path separators or control "
                        + "characters: " + name);
            }
        }
    }

    @Override
    public List<String> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : entries) {
                String file = p.getFileName().toString();
                String name = file.substring(0, file.length() - SUFFIX.length());
                if (!name.isEmpty() && name.charAt(0) != '.' && Files.isRegularFile(p)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(fileOf(name));
    }

    @Override
    public boolean hasBackup(String name) {
        checkName(name);
        return Files.exists(backupOf(name));
    }

    @Override
    public boolean isEncrypted(String name) throws IOException {
        byte[] head = new byte[8];
        try (FileChannel ch = FileChannel.open(fileOf(name), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(head);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading until the magic's length or end of file
            }
            return PassphraseEncryption.isEncrypted(Arrays.copyOf(head, buf.position()));
        }
    }

    @Override
    public synchronized LoadedProfile load(String name, char[] passphrase) throws IOException, ProfileException {
        Path file = fileOf(name);
        try {
            LoadedProfile p = read(name, file, passphrase, false);
            damaged.remove(name);
            trusted.add(name);
            return p;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | ProfileException e) {
            damaged.put(name, e);
            trusted.remove(name);
            throw e;
        }
    }

    @Override
    public synchronized LoadedProfile loadBackup(String name, char[] passphrase) throws IOException, ProfileException {
        checkName(name);
        return read(name, backupOf(name), passphrase, true);
    }

    private static LoadedProfile read(String name, Path file, char[] passphrase, boolean backup)
            throws IOException, ProfileException {
        byte[] data = readBytes(file);
        boolean encrypted = ToxSave.isEncrypted(data);
        return new LoadedProfile(name, file, decode(file, data, passphrase), encrypted, backup);
    }

    /** Decodes file content, naming the file in every error. */
    private static ToxSave decode(Path file, byte[] data, char[] passphrase) throws ProfileException {
        try {
            return ToxSave.decode(data, passphrase);
        } catch (CorruptProfileException e) {
            throw e.inFile(file);
        } catch (PassphraseRequiredException e) {
            PassphraseRequiredException named = new PassphraseRequiredException(file + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (IncorrectPassphraseException e) {
            throw new IncorrectPassphraseException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    private static byte[] readBytes(Path file) throws IOException, CorruptProfileException {
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new CorruptProfileException("the file is " + size + " bytes, more than the " + MAX_FILE_SIZE
                    + " bytes any Tox save could need", CorruptProfileException.NO_SECTION, -1).inFile(file);
        }
        return Files.readAllBytes(file);
    }

    @Override
    public synchronized void save(String name, ToxSave save, char[] passphrase, SaveOption... options)
            throws IOException, ProfileException {
        Path link = fileOf(name);
        Objects.requireNonNull(save, "save");
        boolean replaceDamaged = Arrays.asList(options).contains(SaveOption.REPLACE_DAMAGED);

        Exception failure = damaged.get(name);
        if (failure != null && !replaceDamaged) {
            throw new DamagedProfileException(link, failure);
        }
        Path target = Files.isSymbolicLink(link) ? link.toRealPath() : link;
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && failure == null && !trusted.contains(name)) {
            failure = checkBeforeReplacing(target, passphrase);
            if (failure != null) {
                damaged.put(name, failure);
                if (!replaceDamaged) {
                    throw new DamagedProfileException(link, failure);
                }
            }
        }

        byte[] plain = save.encode();
        byte[] content = plain;
        try {
            ToxSave.decode(plain);
            if (passphrase != null) {
                content = PassphraseEncryption.encrypt(plain, passphrase);
            }
        } catch (CorruptProfileException e) {
            throw new IllegalStateException("encoded save does not decode: " + e.getMessage(), e);
        } finally {
            if (content != plain) {
                Arrays.fill(plain, (byte) 0);
            }
        }

        Path dir = target.getParent();
        createDirectory(dir);
        Path temp = writeTemp(dir, target.getFileName().toString(), content);
        try {
            if (exists && failure != null) {
                moveAsideDamaged(target);
            } else if (exists) {
                backUp(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
            Arrays.fill(content, (byte) 0);
        }
        damaged.remove(name);
        trusted.add(name);
    }

    /** Null if the existing file may be replaced, else why not. */
    private static Exception checkBeforeReplacing(Path file, char[] passphrase) {
        try {
            byte[] data = readBytes(file);
            if (ToxSave.isEncrypted(data) && passphrase == null) {
                if (data.length <= PassphraseEncryption.EXTRA_LENGTH) {
                    throw new CorruptProfileException("the encrypted save is only " + data.length + " bytes",
                            CorruptProfileException.NO_SECTION, data.length).inFile(file);
                }
                return null; // cannot look inside; nothing says it is damaged
            }
            decode(file, data, passphrase);
            return null;
        } catch (IncorrectPassphraseException e) {
            return null; // another passphrase than the new one: a passphrase change, not damage
        } catch (IOException | ProfileException e) {
            return e;
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (supportsPosix(dir.getFileSystem())) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean supportsPosix(java.nio.file.FileSystem fs) {
        return fs.supportedFileAttributeViews().contains("posix");
    }

    /** Writes {@code content} to a new hidden temporary file in {@code dir} and flushes it to disk. */
    private static Path writeTemp(Path dir, String baseName, byte[] content) throws IOException {
        FileAttribute<?>[] attrs = supportsPosix(dir.getFileSystem())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + baseName + ".", ".tmp", attrs);
        boolean ok = false;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
        return temp;
    }

    /** Copies the current file to {@code <file>.bak}, atomically replacing the previous backup. */
    private static void backUp(Path file) throws IOException {
        Path dir = file.getParent();
        Path temp = writeTemp(dir, file.getFileName() + BACKUP_SUFFIX, Files.readAllBytes(file));
        try {
            Files.move(temp, dir.resolve(file.getFileName() + BACKUP_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void moveAsideDamaged(Path file) throws IOException {
        String base = file.getFileName() + ".damaged-" + STAMP.format(clock.instant());
        Path aside = file.resolveSibling(base);
        for (int i = 1; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
            aside = file.resolveSibling(base + "-" + i);
        }
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, aside);
        }
    }

    /** Makes the directory entries durable; file systems that cannot do this are left alone. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows and some non-default file systems cannot open or sync a directory.
        }
    }

    @Override
    public synchronized LoadedProfile importProfile(Path source, String name, char[] passphrase)
            throws IOException, ProfileException {
        Path target = fileOf(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a profile of this name exists");
        }
        byte[] data = readBytes(source);
        ToxSave save = decode(source, data, passphrase);
        createDirectory(directory);
        Path temp = writeTemp(directory, target.getFileName().toString(), data);
        try {
            Files.move(temp, target);
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
        damaged.remove(name);
        trusted.add(name);
        return new LoadedProfile(name, target, save, ToxSave.isEncrypted(data), false);
    }

    @Override
    public synchronized Set<String> damagedProfiles() {
        return Set.copyOf(damaged.keySet());
    }

    @Override
    public String toString() {
        return "FileProfileStore[" + directory + "]";
    }
}
