package dev.parley.net;

import java.net.InetSocketAddress;

/** Handles the datagrams of one packet kind (the first byte), on the node's event loop. */
@FunctionalInterface
public interface PacketHandler {

    /** What became of a packet; {@link PacketNetwork} counts each outcome per kind. */
    enum Verdict {
        /** Decoded and acted on (or deliberately ignored as a valid packet). */
        HANDLED,
        /** Well-formed but unwanted: not for us, unknown ping id, from ourselves... */
        DROPPED,
        /** Did not decode or did not authenticate. */
        MALFORMED
    }

    /** Handles {@code packet} (its first byte is the kind). Must not throw on bad input. */
    Verdict handle(InetSocketAddress from, byte[] packet);
}
