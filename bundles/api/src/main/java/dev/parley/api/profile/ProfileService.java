package dev.parley.api.profile;

/**
 * The user's own profile. Every method may be called from any thread and never blocks on the
 * network; changes are sent to online friends and persisted with the profile.
 */
public interface ProfileService {
    /** Longest name in UTF-8 bytes (c-toxcore's {@code MAX_NAME_LENGTH}). */
    int MAX_NAME_BYTES = 128;
    /** Longest status message in UTF-8 bytes (c-toxcore's {@code MAX_STATUSMESSAGE_LENGTH}). */
    int MAX_STATUS_MESSAGE_BYTES = 1007;

    /** Our Tox ID (address) with the current nospam: 76 upper-case hex digits. */
    String toxId();

    /** Our long-term public key: 64 upper-case hex digits. */
    String publicKey();

    String name();

    /** @throws IllegalArgumentException if longer than {@link #MAX_NAME_BYTES} in UTF-8 */
    void setName(String name);

    UserStatus status();

    void setStatus(UserStatus status);

    String statusMessage();

    /** @throws IllegalArgumentException if longer than {@link #MAX_STATUS_MESSAGE_BYTES} in UTF-8 */
    void setStatusMessage(String message);

    /** The nospam of our Tox ID (its 4 bytes read big-endian). */
    int nospam();

    /** Changes the nospam, and so the Tox ID: requests to older IDs are ignored; friends stay. */
    void setNospam(int nospam);
}
