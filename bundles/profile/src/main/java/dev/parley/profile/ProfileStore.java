package dev.parley.profile;

import dev.parley.profile.internal.DataDirectory;
import dev.parley.profile.internal.FileProfileStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Profiles on disk: one {@code <name>.tox} file per profile in one directory, in the format
 * c-toxcore clients (qTox, toxic, uTox) use, plain or passphrase-encrypted.
 *
 * <p>Saving is atomic: the new content goes to a temporary file in the same directory, which is
 * flushed to disk and renamed over the profile; the previous version is kept as
 * {@code <name>.tox.bak}. A file that failed to load in this session (damaged, truncated, wrong
 * passphrase) is never replaced by a save unless {@link SaveOption#REPLACE_DAMAGED} is given, and
 * an existing file this session has not loaded is checked before it is replaced. Replacing a
 * damaged file moves it aside as {@code <name>.tox.damaged-<UTC time>} rather than over the
 * backup.
 *
 * <p>Profile names are file names without the {@code .tox} suffix: non-empty, at most 200
 * characters, no path separators, no control characters, not starting with a dot.
 *
 * <p>Instances are safe for use by several threads of one process; they do not coordinate with
 * other processes using the same directory.
 */
public interface ProfileStore {
    /** File name suffix of a profile. */
    String SUFFIX = ".tox";
    /** Suffix appended to a profile file name for its backup. */
    String BACKUP_SUFFIX = ".bak";

    /** Options of {@link #save}. */
    enum SaveOption {
        /**
         * Replace the file even though it failed to load in this session, or failed the check
         * before replacement. The damaged file is renamed to {@code <name>.tox.damaged-<time>}.
         */
        REPLACE_DAMAGED
    }

    /** A store on {@code directory}, created on first save if missing. */
    static ProfileStore open(Path directory) {
        return new FileProfileStore(directory, Clock.systemUTC());
    }

    /** A store on {@code directory} using {@code clock} to name moved-aside damaged files. */
    static ProfileStore open(Path directory, Clock clock) {
        return new FileProfileStore(directory, clock);
    }

    /** A store on {@link #defaultDirectory()}. */
    static ProfileStore openDefault() {
        return open(defaultDirectory());
    }

    /**
     * {@code $XDG_DATA_HOME/parley} if XDG_DATA_HOME is set to an absolute path, else
     * {@code ~/.local/share/parley}.
     */
    static Path defaultDirectory() {
        return DataDirectory.resolve(System.getenv(), System.getProperty("user.home"));
    }

    /** The directory holding the profiles. */
    Path directory();

    /**
     * The file of profile {@code name}.
     *
     * @throws IllegalArgumentException if the name is not a valid profile name
     */
    Path fileOf(String name);

    /** Names of the profiles in the directory, sorted; empty if the directory does not exist. */
    List<String> list() throws IOException;

    boolean exists(String name);

    boolean hasBackup(String name);

    /** Whether the profile's file is passphrase-encrypted. */
    boolean isEncrypted(String name) throws IOException;

    /**
     * Loads a profile. A failure other than a missing file marks the file as not to be replaced
     * by {@link #save} in this session.
     *
     * @param passphrase the passphrase if the file is encrypted, else ignored; may be null
     * @throws java.nio.file.NoSuchFileException if there is no such profile
     * @throws CorruptProfileException if the file is damaged or truncated
     * @throws PassphraseRequiredException if it is encrypted and no passphrase was given
     * @throws IncorrectPassphraseException if the passphrase does not open it
     */
    LoadedProfile load(String name, char[] passphrase) throws IOException, ProfileException;

    /** Loads {@code <name>.tox.bak}, the version before the last save; same errors as {@link #load}. */
    LoadedProfile loadBackup(String name, char[] passphrase) throws IOException, ProfileException;

    /**
     * Saves a profile atomically, keeping the previous version as the backup.
     *
     * @param passphrase encrypt with this passphrase, or write plain if null
     * @throws DamagedProfileException if the existing file failed to load or to pass the check
     *     before replacement and {@link SaveOption#REPLACE_DAMAGED} was not given
     */
    void save(String name, ToxSave save, char[] passphrase, SaveOption... options)
            throws IOException, ProfileException;

    /**
     * Copies a save file from elsewhere (e.g. a qTox, toxic or uTox profile) into the store
     * unchanged, after checking that it loads.
     *
     * @param passphrase needed if the source is encrypted; the copy stays encrypted
     * @throws java.nio.file.FileAlreadyExistsException if profile {@code name} exists
     */
    LoadedProfile importProfile(Path source, String name, char[] passphrase) throws IOException, ProfileException;

    /** Names whose files failed to load in this session and so are protected from {@link #save}. */
    Set<String> damagedProfiles();
}
