package dev.parley.relay.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import java.util.Optional;

/**
 * The framing after the handshake, one direction each way (c-toxcore's TCP_common.c).
 *
 * <pre>
 * | length | contents                                                              |
 * |--------|-----------------------------------------------------------------------|
 * | 2      | n + 16, big-endian; at most {@link RelaySizes#MAX_FRAME}               |
 * | n + 16 | crypto_box_afternm(session key, nonce) of one {@link RelayPacket}      |
 * </pre>
 *
 * Each direction's nonce starts at the base nonce its sender announced in the handshake
 * and is incremented by one after every frame. Instances are stateful and
 * belong to one connection's thread.
 */
public final class SecureFrames {
    private final SharedKey key;
    private Nonce sendNonce;
    private Nonce recvNonce;

    /**
     * @param key the key shared between the two temporary keys
     * @param sendNonce the base nonce this side announced
     * @param recvNonce the base nonce the other side announced
     */
    public SecureFrames(SharedKey key, Nonce sendNonce, Nonce recvNonce) {
        this.key = key;
        this.sendNonce = sendNonce;
        this.recvNonce = recvNonce;
    }

    /** Encrypts one plain packet into a whole frame (length prefix included). */
    public byte[] seal(byte[] plain) {
        if (plain.length == 0 || plain.length > RelaySizes.MAX_PLAIN) {
            throw new IllegalArgumentException("relay packet of " + plain.length + " bytes");
        }
        byte[] out = new byte[2 + plain.length + RelaySizes.MAC];
        int n = plain.length + RelaySizes.MAC;
        out[0] = (byte) (n >>> 8);
        out[1] = (byte) n;
        key.seal(sendNonce.toBytes(), 0, plain, 0, plain.length, out, 2);
        sendNonce = sendNonce.increment();
        return out;
    }

    /**
     * Decrypts one frame body (without its length prefix). Failure means the stream is out of
     * step and the connection must be closed.
     */
    public Optional<byte[]> open(byte[] body) {
        Optional<byte[]> p = key.open(recvNonce, body);
        if (p.isPresent()) {
            recvNonce = recvNonce.increment();
        }
        return p;
    }
}
