package dev.parley.onion.wire;

/** Packet kinds and sizes of the onion layer, after c-toxcore's network.h, onion.h and onion_announce.h. */
public final class OnionKind {
    private OnionKind() {
    }

    public static final int SEND_INITIAL = 0x80;
    public static final int SEND_1 = 0x81;
    public static final int SEND_2 = 0x82;
    /** The older announce request, which c-toxcore 0.2.18 and 0.2.20 clients send. */
    public static final int ANNOUNCE_REQUEST_OLD = 0x83;
    public static final int ANNOUNCE_RESPONSE_OLD = 0x84;
    public static final int DATA_REQUEST = 0x85;
    public static final int DATA_RESPONSE = 0x86;
    /** The newer announce request (node count in the answer, optional group-announce extra data). */
    public static final int ANNOUNCE_REQUEST = 0x87;
    public static final int ANNOUNCE_RESPONSE = 0x88;
    public static final int RECV_3 = 0x8c;
    public static final int RECV_2 = 0x8d;
    public static final int RECV_1 = 0x8e;

    /** Inner onion data kinds (first byte of the decrypted data). */
    public static final int DATA_FRIEND_REQUEST = 0x20;
    public static final int DATA_DHT_PK = 0x9c;

    public static final int KEY = 32;
    public static final int NONCE = 24;
    public static final int MAC = 16;
    public static final int IP_PORT = OnionIpPort.SIZE;
    public static final int MAX_PACKET = 1400;
    public static final int RETURN_1 = NONCE + IP_PORT + MAC;
    public static final int RETURN_2 = NONCE + IP_PORT + MAC + RETURN_1;
    public static final int RETURN_3 = NONCE + IP_PORT + MAC + RETURN_2;
    public static final int SEND_BASE = KEY + IP_PORT + MAC;
    public static final int SEND_3_SIZE = NONCE + SEND_BASE + RETURN_2;
    public static final int SEND_2_SIZE = NONCE + SEND_BASE * 2 + RETURN_1;
    public static final int SEND_1_SIZE = NONCE + SEND_BASE * 3;
    /** Most data the innermost layer can carry (1174). */
    public static final int MAX_DATA = MAX_PACKET - (SEND_1_SIZE + 1);
    public static final int RESPONSE_MAX_DATA = MAX_PACKET - (1 + RETURN_3);
    public static final int PING_ID = 32;
    public static final int SENDBACK = 8;
    /** Most extra (group announce) data the newer announce request carries. */
    public static final int MAX_EXTRA_DATA = 136;
    public static final int ANNOUNCE_REQUEST_SIZE = 1 + NONCE + KEY + PING_ID + KEY + KEY + SENDBACK + MAC;
    public static final int DATA_REQUEST_MIN = 1 + KEY + NONCE + KEY + MAC;
    public static final int DATA_RESPONSE_MIN = 1 + NONCE + KEY + MAC;
    /** Most payload of a data request (1069). */
    public static final int MAX_DATA_REQUEST_PAYLOAD = MAX_DATA - DATA_REQUEST_MIN;
    /** Most onion data a client sends to a friend, before its own encryption (1021). */
    public static final int MAX_CLIENT_DATA = MAX_DATA_REQUEST_PAYLOAD - (KEY + MAC);
    /** c-toxcore's TOX_MAX_FRIEND_REQUEST_LENGTH (1016). */
    public static final int MAX_FRIEND_REQUEST_MESSAGE = MAX_CLIENT_DATA - (1 + 4);
}
