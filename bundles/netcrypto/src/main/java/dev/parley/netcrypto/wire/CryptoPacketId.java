package dev.parley.netcrypto.wire;

/**
 * The first byte of the data inside a crypto data packet. 0 is padding; 1-15 are net_crypto's own;
 * 16-191 are lossless (delivered once, in order); 192-254 are lossy.
 */
public final class CryptoPacketId {
    public static final int PADDING = 0;
    /** {@link PacketRequest}: which packets the sender is missing. */
    public static final int REQUEST = 1;
    /** Ends the session at once. */
    public static final int KILL = 2;

    public static final int LOSSLESS_START = 16;
    public static final int LOSSLESS_END = 191;
    public static final int LOSSY_START = 192;
    public static final int LOSSY_END = 254;

    private CryptoPacketId() {
    }

    public static boolean isLossless(int id) {
        return id >= LOSSLESS_START && id <= LOSSLESS_END;
    }

    public static boolean isLossy(int id) {
        return id >= LOSSY_START && id <= LOSSY_END;
    }
}
