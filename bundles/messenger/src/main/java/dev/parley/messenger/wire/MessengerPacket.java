package dev.parley.messenger.wire;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The lossless packets friend_connection and Messenger put in a net_crypto session, as c-toxcore
 * (friend_connection.h, Messenger.h) numbers and bounds them. Every packet is its id byte followed
 * by the payload:
 *
 * <pre>
 * id  name           payload
 * 16  ALIVE          none (friend_connection keepalive)
 * 17  SHARE_RELAYS   packed TCP relays ({@link ShareRelays})
 * 18  FRIEND_REQUEST friend request over an existing connection (ignored here)
 * 24  ONLINE         none; the receiver drops everything else until it has seen one
 * 25  OFFLINE        none
 * 48  NICKNAME       UTF-8, at most 128 bytes
 * 49  STATUSMESSAGE  UTF-8, at most 1007 bytes
 * 50  USERSTATUS     1 byte: 0 none, 1 away, 2 busy
 * 51  TYPING         1 byte: 0 or 1
 * 64  MESSAGE        UTF-8, 1 to 1372 bytes
 * 65  ACTION         UTF-8, 1 to 1372 bytes
 * </pre>
 *
 * @param id the packet id
 * @param payload the bytes after the id (a copy is kept)
 */
public record MessengerPacket(int id, byte[] payload) {
    public static final int ALIVE = 16;
    public static final int SHARE_RELAYS = 17;
    public static final int FRIEND_REQUEST = 18;
    public static final int ONLINE = 24;
    public static final int OFFLINE = 25;
    public static final int NICKNAME = 48;
    public static final int STATUSMESSAGE = 49;
    public static final int USERSTATUS = 50;
    public static final int TYPING = 51;
    public static final int MESSAGE = 64;
    public static final int ACTION = 65;

    public static final int MAX_NAME = 128;
    public static final int MAX_STATUS_MESSAGE = 1007;
    /** c-toxcore's {@code MAX_CRYPTO_DATA_SIZE} (1373) minus the id byte. */
    public static final int MAX_MESSAGE = 1372;

    public MessengerPacket {
        payload = payload.clone();
    }

    public static MessengerPacket of(int id) {
        return new MessengerPacket(id, new byte[0]);
    }

    public static MessengerPacket text(int id, String text) {
        return new MessengerPacket(id, text.getBytes(StandardCharsets.UTF_8));
    }

    public static MessengerPacket oneByte(int id, int value) {
        return new MessengerPacket(id, new byte[] {(byte) value});
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int byteValue() {
        return payload[0] & 0xff;
    }

    public byte[] encode() {
        byte[] out = new byte[1 + payload.length];
        out[0] = (byte) id;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    /**
     * Decodes a lossless packet, checking the bounds c-toxcore checks; empty for a packet c-toxcore
     * would ignore (unknown ids decode as they are, for the caller to ignore).
     */
    public static Optional<MessengerPacket> decode(byte[] data) {
        if (data == null || data.length == 0) {
            return Optional.empty();
        }
        int id = data[0] & 0xff;
        int n = data.length - 1;
        boolean ok = switch (id) {
            case ALIVE, ONLINE, OFFLINE -> n == 0;
            case NICKNAME -> n <= MAX_NAME;
            case STATUSMESSAGE -> n <= MAX_STATUS_MESSAGE;
            case USERSTATUS -> n == 1 && (data[1] & 0xff) < 3;
            case TYPING -> n == 1;
            case MESSAGE, ACTION -> n >= 1 && n <= MAX_MESSAGE;
            default -> true;
        };
        if (!ok) {
            return Optional.empty();
        }
        byte[] payload = new byte[n];
        System.arraycopy(data, 1, payload, 0, n);
        return Optional.of(new MessengerPacket(id, payload));
    }
}
