package dev.parley.relay;

import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.RelaySizes;
import dev.parley.relay.wire.RelayWireException;
import dev.parley.relay.wire.SecureFrames;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * What one end of a relay connection reads, the same for client and server: the other side's
 * handshake (a fixed number of bytes), then frames of a 2-byte big-endian length and a body sealed
 * with the session's {@link SecureFrames}. Chunks go in as the socket delivers them; whole pieces
 * come out, so a frame split over many reads, or many frames in one read, are both fine.
 */
final class IncomingStream {

    /** What {@link #nextPacket} found. */
    sealed interface Next {
    }

    /** Not enough bytes yet. */
    record NeedMore() implements Next {
    }

    /** A packet that authenticated and decoded. */
    record Packet(RelayPacket packet) implements Next {
    }

    /**
     * Bad input: the connection should be closed.
     *
     * @param counter what to count it as ({@code bad frame length}, {@code frames not
     *     authenticated}, {@code packets not decoded})
     * @param reason the close reason
     */
    record Bad(String counter, String reason) implements Next {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Bytes of the first chunk already read. */
    private int headOffset;
    private int buffered;
    private int frameLength = -1;

    void add(byte[] chunk) {
        if (chunk.length > 0) {
            chunks.add(chunk);
            buffered += chunk.length;
        }
    }

    /** The next {@code n} bytes (a handshake), or empty until that many have arrived. */
    Optional<byte[]> take(int n) {
        return buffered < n ? Optional.empty() : Optional.of(read(n));
    }

    /** The next packet, opened with {@code frames}. */
    Next nextPacket(SecureFrames frames) {
        if (frameLength < 0) {
            if (buffered < 2) {
                return NEED_MORE;
            }
            byte[] l = read(2);
            frameLength = ((l[0] & 0xff) << 8) | (l[1] & 0xff);
            if (frameLength > RelaySizes.MAX_FRAME || frameLength <= RelaySizes.MAC) {
                return new Bad("bad frame length", "bad frame length " + frameLength);
            }
        }
        if (buffered < frameLength) {
            return NEED_MORE;
        }
        byte[] body = read(frameLength);
        frameLength = -1;
        Optional<byte[]> plain = frames.open(body);
        if (plain.isEmpty()) {
            return new Bad("frames not authenticated", "frame did not authenticate");
        }
        try {
            return new Packet(RelayPacket.decode(plain.get()));
        } catch (RelayWireException e) {
            return new Bad("packets not decoded", e.getMessage());
        }
    }

    void clear() {
        chunks.clear();
        headOffset = 0;
        buffered = 0;
        frameLength = -1;
    }

    private byte[] read(int n) {
        byte[] out = new byte[n];
        int at = 0;
        while (at < n) {
            byte[] head = chunks.peek();
            int use = Math.min(head.length - headOffset, n - at);
            System.arraycopy(head, headOffset, out, at, use);
            at += use;
            headOffset += use;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        buffered -= n;
        return out;
    }
}
