package dev.parley.api.account;

import dev.parley.api.friends.Connection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The profiles of this Parley installation and which one runs. Opening a profile (re)starts the
 * node's Messenger with it: the api's {@code ProfileService}, {@code FriendsService} and
 * {@code ChatService} appear once it is up (a second or so) and go when another is opened.
 * Methods may block briefly on disk; call them off a user interface thread where that matters.
 */
public interface AccountService {

    /** The profiles in the data folder, sorted by name; empty on a first run. */
    List<ProfileSummary> profiles();

    /** The profile opened in this session, if any. */
    Optional<String> current();

    /**
     * The profile the person opened last, in this or an earlier session, if it still exists: a
     * returning person goes straight to it (to its password prompt when it is encrypted).
     *
     * @since 0.2.0
     */
    default Optional<String> lastOpened() {
        return Optional.empty();
    }

    /**
     * Creates a new Tox identity (new key pair and nospam) named {@code displayName}, saves it as
     * profile {@code profile} (encrypted when a password is given) and opens it.
     *
     * @param password null or empty for an unencrypted profile
     * @throws AccountException {@link AccountException.Reason#EXISTS} or
     *     {@link AccountException.Reason#INVALID_NAME} or {@link AccountException.Reason#IO}
     */
    void create(String profile, String displayName, char[] password) throws AccountException;

    /** Whether a {@code .tox} file is passphrase-encrypted (so importing it needs the password). */
    boolean isEncrypted(Path file) throws AccountException;

    /**
     * Copies a save file from another client into the data folder, unchanged (an encrypted one
     * stays encrypted), after checking it opens with {@code password}. The profile is named after
     * the file (without {@code .tox}), with a number added when that name is taken.
     *
     * @return the new profile's name, ready for {@link #open}
     * @throws AccountException PASSWORD_REQUIRED, WRONG_PASSWORD, DAMAGED or IO
     */
    String importProfile(Path file, char[] password) throws AccountException;

    /**
     * Opens a profile: checks that it loads with {@code password}, then restarts the Messenger
     * with it. Returns before the Messenger's services are up.
     *
     * @throws AccountException PASSWORD_REQUIRED, WRONG_PASSWORD, DAMAGED, NOT_FOUND or IO
     */
    void open(String profile, char[] password) throws AccountException;

    /**
     * Closes the open profile, if any (log out, to switch to another): the Messenger saves it a
     * last time and stops, friends see us go offline, and the api's {@code ProfileService},
     * {@code FriendsService} and {@code ChatService} go. The node keeps running without an
     * identity until {@link #open} or {@link #create}. The profile stays the one
     * {@link #lastOpened opened last}. Returns once the node is told, before the services are
     * gone.
     *
     * @throws AccountException {@link AccountException.Reason#IO} when the node cannot be told
     * @since 0.3.0
     */
    default void close() throws AccountException {
        throw new AccountException(AccountException.Reason.IO, "closing a profile is not supported here");
    }

    /**
     * Our own connection to the Tox network now: {@link Connection#NONE} while offline,
     * {@link Connection#UDP} when the DHT has live nodes, {@link Connection#TCP} when only TCP
     * relays connect us.
     */
    Connection connection();
}
