package dev.parley.netcrypto.wire;

/** First bytes of the UDP packets net_crypto owns, and its size limits. */
public final class PacketKind {
    public static final int COOKIE_REQUEST = 0x18;
    public static final int COOKIE_RESPONSE = 0x19;
    public static final int CRYPTO_HANDSHAKE = 0x1a;
    public static final int CRYPTO_DATA = 0x1b;

    /** Largest packet net_crypto sends or accepts (c-toxcore's {@code MAX_CRYPTO_PACKET_SIZE}). */
    public static final int MAX_PACKET_SIZE = 1400;
    /** Poly1305 tag length. */
    public static final int MAC = 16;
    public static final int PUBLIC_KEY = 32;
    public static final int NONCE = 24;

    private PacketKind() {
    }
}
