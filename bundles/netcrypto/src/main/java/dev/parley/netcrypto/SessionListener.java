package dev.parley.netcrypto;

/** What a {@link CryptoSession} reports, on the node's event loop. Every method may be left out. */
public interface SessionListener {

    /** The peer proved it holds the session key: data may flow. */
    default void established(CryptoSession session) {
    }

    /** A lossless packet (id 16-191), exactly once and in order. The array is the listener's. */
    default void lossless(CryptoSession session, byte[] data) {
    }

    /** A lossy packet (id 192-254). The array is the listener's. */
    default void lossy(CryptoSession session, byte[] data) {
    }

    /** The peer confirmed more of our lossless packets; see {@link CryptoSession#isDelivered}. */
    default void delivered(CryptoSession session) {
    }

    /** The session ended; it sends and receives nothing more. */
    default void closed(CryptoSession session, CloseReason reason) {
    }

    /** Why a session ended. */
    enum CloseReason {
        /** {@link CryptoSession#kill()} or {@link NetCrypto#close()}. */
        KILLED_LOCALLY,
        /** The peer sent a kill packet. */
        KILLED_BY_PEER,
        /** Cookie request or handshake unanswered after {@link NetCrypto.Options#maxHandshakeTries} tries. */
        HANDSHAKE_TIMEOUT,
        /** Nothing received for {@link NetCrypto.Options#idleTimeoutMillis}. */
        IDLE_TIMEOUT,
        /** The peer handshook with another DHT key: it restarted; connect again with the new key. */
        PEER_DHT_KEY_CHANGED
    }
}
