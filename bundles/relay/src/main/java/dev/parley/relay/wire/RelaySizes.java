package dev.parley.relay.wire;

/** Sizes and limits of the TCP relay protocol, as c-toxcore's TCP_common.h and TCP_server.h have them. */
public final class RelaySizes {
    public static final int KEY = 32;
    public static final int NONCE = 24;
    public static final int MAC = 16;
    /** Client handshake: DHT key, nonce, box of (temporary key, base nonce). */
    public static final int CLIENT_HANDSHAKE = KEY + NONCE + KEY + NONCE + MAC; // 128
    /** Server handshake: nonce, box of (temporary key, base nonce). */
    public static final int SERVER_HANDSHAKE = NONCE + KEY + NONCE + MAC; // 96
    /** Largest encrypted frame body (c-toxcore's MAX_PACKET_SIZE for TCP). */
    public static final int MAX_FRAME = 2048;
    /** Largest plain packet inside a frame. */
    public static final int MAX_PLAIN = MAX_FRAME - MAC;
    /** Largest OOB payload. */
    public static final int MAX_OOB_DATA = 1024;
    /** Connection ids below this are packet kinds. */
    public static final int RESERVED_IDS = 16;
    /** Connections one client may hold (ids 16..255). */
    public static final int CONNECTIONS_PER_CLIENT = 256 - RESERVED_IDS;
    /** c-toxcore's ONION_SEND_BASE: key + packed address + MAC. */
    public static final int ONION_SEND_BASE = KEY + 19 + MAC;

    private RelaySizes() {
    }
}
