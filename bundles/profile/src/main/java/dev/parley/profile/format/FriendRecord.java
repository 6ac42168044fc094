package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;

/**
 * One fixed-size friend record of the Friends section (c-toxcore {@code struct Saved_Friend}),
 * {@value #SIZE} bytes. Unlike the rest of the save, its integers are big-endian.
 *
 * <pre>
 * offset size  field
 * 0      1     status, see {@link FriendStatus}
 * 1      32    friend's long-term public key
 * 33     1024  friend request message we send (only for status 1 and 2), zero-filled
 * 1057   1     padding
 * 1058   2     u16 BE request message length (at most 1024)
 * 1060   128   friend's name, zero-filled
 * 1188   2     u16 BE name length (at most 128)
 * 1190   1007  friend's status message, zero-filled
 * 2197   1     padding
 * 2198   2     u16 BE status message length (at most 1007)
 * 2200   1     friend's user status
 * 2201   3     padding
 * 2204   4     nospam of the address the request goes to, the 4 Tox ID bytes (status 1 and 2)
 * 2208   8     u64 BE last seen, Unix seconds (0: never)
 * </pre>
 * c-toxcore fills the request and nospam only for pending requests and the name, status message,
 * user status and last seen only for confirmed friends, zeroing the rest; this record keeps every
 * field whatever the status. Padding and bytes past a length are not kept: they are written as
 * zero, as c-toxcore writes them. A length larger than its field is reported corrupt. Status and
 * user status bytes are kept as they are, even values c-toxcore does not define.
 *
 * @param status the raw status byte
 * @param publicKey the friend's 32-byte long-term public key
 * @param requestMessage friend request message, at most 1024 bytes
 * @param name the friend's name, at most 128 bytes
 * @param statusMessage the friend's status message, at most 1007 bytes
 * @param userStatus the raw user status byte
 * @param nospam the nospam of the friend's Tox ID, read big-endian as a Tox ID shows it
 * @param lastSeen Unix seconds, unsigned
 */
public record FriendRecord(int status, byte[] publicKey, byte[] requestMessage, byte[] name,
                           byte[] statusMessage, int userStatus, int nospam, long lastSeen) {
    public static final int SIZE = 2216;
    public static final int MAX_REQUEST_LENGTH = 1024;
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_STATUS_MESSAGE_LENGTH = 1007;

    public FriendRecord {
        Bytes.unsigned(status, 8, "status");
        publicKey = Bytes.exact(publicKey, Bytes.KEY_SIZE, "public key");
        requestMessage = Bytes.atMost(requestMessage, MAX_REQUEST_LENGTH, "request message");
        name = Bytes.atMost(name, MAX_NAME_LENGTH, "name");
        statusMessage = Bytes.atMost(statusMessage, MAX_STATUS_MESSAGE_LENGTH, "status message");
        Bytes.unsigned(userStatus, 8, "user status");
    }

    /** A confirmed friend as c-toxcore saves it. */
    public static FriendRecord confirmed(byte[] publicKey, String name, String statusMessage, UserStatus userStatus,
                                         long lastSeen) {
        return new FriendRecord(FriendStatus.CONFIRMED.code(), publicKey, new byte[0],
                name.getBytes(StandardCharsets.UTF_8), statusMessage.getBytes(StandardCharsets.UTF_8),
                userStatus.code(), 0, lastSeen);
    }

    /** A friend we sent a request to, as c-toxcore saves it. */
    public static FriendRecord requestSent(byte[] publicKey, int nospam, String message) {
        return new FriendRecord(FriendStatus.REQUEST_SENT.code(), publicKey,
                message.getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0], 0, nospam, 0);
    }

    /** The status, or null for a byte c-toxcore does not define. */
    public FriendStatus friendStatus() {
        return FriendStatus.fromCode(status);
    }

    public String nameText() {
        return new String(name, StandardCharsets.UTF_8);
    }

    public String statusMessageText() {
        return new String(statusMessage, StandardCharsets.UTF_8);
    }

    public String requestMessageText() {
        return new String(requestMessage, StandardCharsets.UTF_8);
    }

    static FriendRecord decode(Input in, String what) throws CorruptProfileException {
        long start = in.offset();
        int status = in.u8(what + " status");
        byte[] pk = in.bytes(Bytes.KEY_SIZE, what + " public key");
        byte[] info = in.bytes(MAX_REQUEST_LENGTH, what + " request message");
        in.skip(1, what + " padding");
        int infoLength = in.u16be(what + " request message length");
        byte[] name = in.bytes(MAX_NAME_LENGTH, what + " name");
        int nameLength = in.u16be(what + " name length");
        byte[] message = in.bytes(MAX_STATUS_MESSAGE_LENGTH, what + " status message");
        in.skip(1, what + " padding");
        int messageLength = in.u16be(what + " status message length");
        int userStatus = in.u8(what + " user status");
        in.skip(3, what + " padding");
        int nospam = (int) in.u32be(what + " nospam");
        long lastSeen = in.u64be(what + " last seen");
        check(in, start + 1058, what + " request message length", infoLength, MAX_REQUEST_LENGTH);
        check(in, start + 1188, what + " name length", nameLength, MAX_NAME_LENGTH);
        check(in, start + 2198, what + " status message length", messageLength, MAX_STATUS_MESSAGE_LENGTH);
        return new FriendRecord(status, pk, java.util.Arrays.copyOf(info, infoLength),
                java.util.Arrays.copyOf(name, nameLength), java.util.Arrays.copyOf(message, messageLength),
                userStatus, nospam, lastSeen);
    }

    private static void check(Input in, long at, String what, int value, int max) throws CorruptProfileException {
        if (value > max) {
            throw in.errorAt(at, what + " is " + value + ", the maximum is " + max);
        }
    }

    void encode(Output out) {
        out.u8(status).bytes(publicKey).padded(requestMessage, MAX_REQUEST_LENGTH).zeros(1)
                .u16be(requestMessage.length).padded(name, MAX_NAME_LENGTH).u16be(name.length)
                .padded(statusMessage, MAX_STATUS_MESSAGE_LENGTH).zeros(1).u16be(statusMessage.length)
                .u8(userStatus).zeros(3).u32be(nospam & 0xFFFF_FFFFL).u64be(lastSeen);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] requestMessage() {
        return requestMessage.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] statusMessage() {
        return statusMessage.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FriendRecord f && f.status == status && f.userStatus == userStatus
                && f.nospam == nospam && f.lastSeen == lastSeen && Bytes.eq(f.publicKey, publicKey)
                && Bytes.eq(f.requestMessage, requestMessage) && Bytes.eq(f.name, name)
                && Bytes.eq(f.statusMessage, statusMessage);
    }

    @Override
    public int hashCode() {
        int h = status;
        h = 31 * h + Bytes.hash(publicKey);
        h = 31 * h + Bytes.hash(requestMessage);
        h = 31 * h + Bytes.hash(name);
        h = 31 * h + Bytes.hash(statusMessage);
        h = 31 * h + userStatus;
        h = 31 * h + nospam;
        return 31 * h + Long.hashCode(lastSeen);
    }

    @Override
    public String toString() {
        return String.format("FriendRecord[status=%d, publicKey=%s, name=%s, statusMessage=%s, userStatus=%d, "
                        + "nospam=%08X, lastSeen=%d, requestMessage=%s]", status, Bytes.hex(publicKey), nameText(),
                statusMessageText(), userStatus, nospam, lastSeen, requestMessageText());
    }
}
