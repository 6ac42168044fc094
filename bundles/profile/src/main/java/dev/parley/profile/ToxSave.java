package dev.parley.profile;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.PassphraseEncryption;
import dev.parley.crypto.ToxId;
import dev.parley.crypto.WrongPassphraseException;
import dev.parley.profile.format.Conference;
import dev.parley.profile.format.ConferencesSection;
import dev.parley.profile.format.DhtSection;
import dev.parley.profile.format.FriendRecord;
import dev.parley.profile.format.FriendsSection;
import dev.parley.profile.format.GroupsSection;
import dev.parley.profile.format.NameSection;
import dev.parley.profile.format.NospamKeysSection;
import dev.parley.profile.format.PackedNode;
import dev.parley.profile.format.PathNodesSection;
import dev.parley.profile.format.SaveFile;
import dev.parley.profile.format.Section;
import dev.parley.profile.format.SectionType;
import dev.parley.profile.format.StatusMessageSection;
import dev.parley.profile.format.StatusSection;
import dev.parley.profile.format.TcpRelaysSection;
import dev.parley.profile.format.UnknownSection;
import dev.parley.profile.format.UserStatus;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Tox profile as stored in a save file: identity, own profile, friends, cached network nodes,
 * conferences and groups, plus whatever sections Parley does not interpret.
 *
 * <p>Immutable. It is a view over a {@link SaveFile}: the {@code with...} methods replace one
 * section and keep every other section, unknown ones included, in its place, so a profile loaded
 * and saved again without changes is written back byte for byte (for data written by c-toxcore).
 * A section that did not exist is inserted where c-toxcore would write it.
 *
 * <p>Rules checked beyond the per-section layout, as c-toxcore loads a save: the NospamKeys
 * section must be present and its public key must belong to its secret key; each known section
 * type may occur at most once (c-toxcore never writes duplicates). Unknown section types may
 * repeat.
 *
 * <p>The secret key is held in memory as long as this object is; {@link #toString()} never shows
 * it.
 */
public final class ToxSave {
    /** Order in which c-toxcore writes the sections it knows. */
    private static final int[] CANONICAL_ORDER = {
        SectionType.NOSPAM_KEYS, SectionType.DHT, SectionType.FRIENDS, SectionType.NAME,
        SectionType.STATUS_MESSAGE, SectionType.STATUS, SectionType.GROUPS, SectionType.TCP_RELAYS,
        SectionType.PATH_NODES, SectionType.CONFERENCES,
    };

    private final SaveFile file;

    private ToxSave(SaveFile file) {
        this.file = file;
    }

    /**
     * A new profile with these keys and nothing else, laid out as c-toxcore lays out a fresh save
     * (every section it always writes, empty).
     */
    public static ToxSave create(KeyPair keys, int nospam) {
        byte[] secret = new byte[32];
        keys.writeSecretKey(secret, 0);
        try {
            return new ToxSave(SaveFile.of(List.of(
                    new NospamKeysSection(nospam, keys.publicKey(), secret),
                    DhtSection.ofNodes(List.of()),
                    new FriendsSection(List.of()),
                    new NameSection(new byte[0]),
                    new StatusMessageSection(new byte[0]),
                    new StatusSection(0),
                    new TcpRelaysSection(List.of()),
                    new PathNodesSection(List.of()),
                    new ConferencesSection(List.of()))));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** A new profile with a fresh key pair and a random nospam. */
    public static ToxSave generate() {
        KeyPair keys = KeyPair.generate();
        try {
            return create(keys, new SecureRandom().nextInt());
        } finally {
            keys.destroy();
        }
    }

    /**
     * Decodes a plain save.
     *
     * @throws CorruptProfileException for malformed data, including an encrypted save (use
     *     {@link #decode(byte[], char[])} for those)
     */
    public static ToxSave decode(byte[] data) throws CorruptProfileException {
        return of(SaveFile.decode(data));
    }

    /**
     * Decodes a plain or encrypted save; {@code passphrase} is used only if the data is encrypted.
     *
     * @throws PassphraseRequiredException if the data is encrypted and {@code passphrase} is null
     * @throws IncorrectPassphraseException if the passphrase does not open it
     * @throws CorruptProfileException if the (decrypted) data is malformed
     */
    public static ToxSave decode(byte[] data, char[] passphrase) throws ProfileException {
        return decode(decrypt(data, passphrase));
    }

    /**
     * The plain save bytes of {@code data}: decrypted if it is encrypted, else {@code data} itself.
     *
     * @throws PassphraseRequiredException if the data is encrypted and {@code passphrase} is null
     * @throws IncorrectPassphraseException if the passphrase does not open it
     * @throws CorruptProfileException if encrypted data is cut short
     */
    public static byte[] decrypt(byte[] data, char[] passphrase) throws ProfileException {
        Objects.requireNonNull(data, "data");
        if (!isEncrypted(data)) {
            return data;
        }
        if (passphrase == null) {
            throw new PassphraseRequiredException("the profile is encrypted; a passphrase is needed to open it");
        }
        if (data.length <= PassphraseEncryption.EXTRA_LENGTH) {
            throw new CorruptProfileException("the encrypted save is " + data.length + " bytes, but its header and "
                    + "tag alone take " + PassphraseEncryption.EXTRA_LENGTH + " (file truncated?)",
                    CorruptProfileException.NO_SECTION, data.length);
        }
        try {
            return PassphraseEncryption.decrypt(data, passphrase);
        } catch (WrongPassphraseException e) {
            // magic and length were checked above, so authentication failed
            throw new IncorrectPassphraseException("wrong passphrase, or the encrypted profile is damaged", e);
        } catch (IllegalArgumentException e) {
            throw new IncorrectPassphraseException("the passphrase cannot be encoded as UTF-8: " + e.getMessage(), e);
        }
    }

    /** Whether {@code data} is a passphrase-encrypted save ({@code toxEsave} magic). */
    public static boolean isEncrypted(byte[] data) {
        return PassphraseEncryption.isEncrypted(data);
    }

    /**
     * Wraps a decoded save file after checking the rules described in the class comment.
     *
     * @throws CorruptProfileException when a rule is broken; the offset is where the section
     *     starts when the file is encoded
     */
    public static ToxSave of(SaveFile file) throws CorruptProfileException {
        Map<Integer, Long> seen = new HashMap<>();
        NospamKeysSection keys = null;
        long keysOffset = -1;
        long offset = SaveFile.HEADER_SIZE;
        for (Section s : file.sections()) {
            int length = s.encodePayload().length;
            if (!(s instanceof UnknownSection)) {
                Long first = seen.putIfAbsent(s.type(), offset);
                if (first != null) {
                    throw new CorruptProfileException("a second " + SectionType.name(s.type())
                            + " section; the first one is at offset " + first, s.type(), offset);
                }
            }
            if (s instanceof NospamKeysSection k) {
                keys = k;
                keysOffset = offset;
            }
            offset += SectionType.HEADER_SIZE + length;
        }
        if (keys == null) {
            throw new CorruptProfileException("there is no NospamKeys section, so no identity",
                    CorruptProfileException.NO_SECTION, -1);
        }
        byte[] secret = keys.secretKey();
        KeyPair pair = KeyPair.fromSecretKey(secret);
        try {
            if (!MessageDigest.isEqual(pair.publicKey(), keys.publicKey())) {
                throw new CorruptProfileException("the stored public key does not belong to the stored secret key",
                        SectionType.NOSPAM_KEYS, keysOffset + SectionType.HEADER_SIZE + 4);
            }
        } finally {
            pair.destroy();
            java.util.Arrays.fill(secret, (byte) 0);
        }
        return new ToxSave(file);
    }

    /** The plain save bytes. */
    public byte[] encode() {
        return file.encode();
    }

    /** The save bytes, encrypted with {@code passphrase} unless it is null. */
    public byte[] encode(char[] passphrase) {
        byte[] plain = encode();
        if (passphrase == null) {
            return plain;
        }
        try {
            return PassphraseEncryption.encrypt(plain, passphrase);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** The underlying sections, EOF flag and trailer. */
    public SaveFile saveFile() {
        return file;
    }

    /** The sections in file order. */
    public List<Section> sections() {
        return file.sections();
    }

    /** The first section of this class, if any. */
    public <T extends Section> Optional<T> section(Class<T> type) {
        for (Section s : file.sections()) {
            if (type.isInstance(s)) {
                return Optional.of(type.cast(s));
            }
        }
        return Optional.empty();
    }

    public NospamKeysSection keys() {
        return section(NospamKeysSection.class).orElseThrow();
    }

    public byte[] publicKey() {
        return keys().publicKey();
    }

    /** A new copy of the secret key; wipe it after use. */
    public byte[] secretKey() {
        return keys().secretKey();
    }

    /** A new key pair object for the stored keys; destroy it after use. */
    public KeyPair keyPair() {
        byte[] secret = secretKey();
        try {
            return KeyPair.fromSecretKey(secret);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** The nospam, as the Tox ID shows it. */
    public int nospam() {
        return keys().nospam();
    }

    /** Our Tox ID (address): public key, nospam and checksum. */
    public ToxId toxId() {
        return ToxId.of(publicKey(), nospam());
    }

    /** Our name as UTF-8 text; empty if not set. */
    public String name() {
        return section(NameSection.class).map(NameSection::text).orElse("");
    }

    public byte[] nameBytes() {
        return section(NameSection.class).map(NameSection::name).orElse(new byte[0]);
    }

    /** Our status message as UTF-8 text; empty if not set. */
    public String statusMessage() {
        return section(StatusMessageSection.class).map(StatusMessageSection::text).orElse("");
    }

    public byte[] statusMessageBytes() {
        return section(StatusMessageSection.class).map(StatusMessageSection::message).orElse(new byte[0]);
    }

    public UserStatus userStatus() {
        return section(StatusSection.class).map(StatusSection::status).orElse(UserStatus.NONE);
    }

    /** Friends and pending friend requests, in friend number order. */
    public List<FriendRecord> friends() {
        return section(FriendsSection.class).map(FriendsSection::friends).orElse(List.of());
    }

    public List<PackedNode> dhtNodes() {
        return section(DhtSection.class).map(DhtSection::nodes).orElse(List.of());
    }

    public List<PackedNode> tcpRelays() {
        return section(TcpRelaysSection.class).map(TcpRelaysSection::relays).orElse(List.of());
    }

    public List<PackedNode> pathNodes() {
        return section(PathNodesSection.class).map(PathNodesSection::nodes).orElse(List.of());
    }

    public List<Conference> conferences() {
        return section(ConferencesSection.class).map(ConferencesSection::conferences).orElse(List.of());
    }

    /** The NGC groups section, kept as stored; see {@link GroupsSection#groups()} to decode it. */
    public Optional<GroupsSection> groups() {
        return section(GroupsSection.class);
    }

    public List<UnknownSection> unknownSections() {
        List<UnknownSection> out = new ArrayList<>();
        for (Section s : file.sections()) {
            if (s instanceof UnknownSection u) {
                out.add(u);
            }
        }
        return List.copyOf(out);
    }

    public ToxSave withName(String name) {
        return withSection(NameSection.of(name));
    }

    public ToxSave withStatusMessage(String message) {
        return withSection(StatusMessageSection.of(message));
    }

    public ToxSave withUserStatus(UserStatus status) {
        return withSection(StatusSection.of(status));
    }

    public ToxSave withNospam(int nospam) {
        NospamKeysSection k = keys();
        return withSection(new NospamKeysSection(nospam, k.publicKey(), k.secretKey()));
    }

    public ToxSave withFriends(List<FriendRecord> friends) {
        return withSection(new FriendsSection(friends));
    }

    /** Replaces the DHT section by one holding just these nodes. */
    public ToxSave withDhtNodes(List<PackedNode> nodes) {
        return withSection(DhtSection.ofNodes(nodes));
    }

    public ToxSave withTcpRelays(List<PackedNode> relays) {
        return withSection(new TcpRelaysSection(relays));
    }

    public ToxSave withPathNodes(List<PackedNode> nodes) {
        return withSection(new PathNodesSection(nodes));
    }

    public ToxSave withConferences(List<Conference> conferences) {
        return withSection(new ConferencesSection(conferences));
    }

    /**
     * Replaces the section of the same type (the first one, for unknown types), or inserts it
     * where c-toxcore would write it (unknown types go last).
     *
     * @throws IllegalArgumentException for a NospamKeys section whose keys do not match
     */
    public ToxSave withSection(Section section) {
        Objects.requireNonNull(section, "section");
        List<Section> list = new ArrayList<>(file.sections());
        int at = indexOfType(list, section.type());
        if (at >= 0) {
            list.set(at, section);
        } else {
            list.add(insertionPoint(list, section.type()), section);
        }
        return checked(new SaveFile(list, file.endMarker(), file.trailer()));
    }

    /**
     * Removes every section of this type.
     *
     * @throws IllegalArgumentException for the NospamKeys type, which a save cannot do without
     */
    public ToxSave withoutSection(int type) {
        if (type == SectionType.NOSPAM_KEYS) {
            throw new IllegalArgumentException("a save needs its NospamKeys section");
        }
        List<Section> list = new ArrayList<>(file.sections());
        list.removeIf(s -> s.type() == type);
        return new ToxSave(new SaveFile(list, file.endMarker(), file.trailer()));
    }

    private static ToxSave checked(SaveFile f) {
        try {
            return of(f);
        } catch (CorruptProfileException e) {
            throw new IllegalArgumentException(e.problem(), e);
        }
    }

    private static int indexOfType(List<Section> list, int type) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    private static int rank(int type) {
        for (int i = 0; i < CANONICAL_ORDER.length; i++) {
            if (CANONICAL_ORDER[i] == type) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int insertionPoint(List<Section> list, int type) {
        int r = rank(type);
        if (r == Integer.MAX_VALUE) {
            return list.size();
        }
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            if (rank(list.get(i).type()) < r) {
                at = i + 1;
            }
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToxSave t && t.file.equals(file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return "ToxSave[" + toxId() + ", name=" + name() + ", " + friends().size() + " friends, sections="
                + file.sections().stream().map(s -> SectionType.name(s.type())).toList() + "]";
    }
}
