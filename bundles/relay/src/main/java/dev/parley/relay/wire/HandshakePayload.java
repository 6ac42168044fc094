package dev.parley.relay.wire;

import dev.parley.crypto.Nonce;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The plain part of both handshake messages.
 *
 * <pre>
 * | length | contents                                              |
 * |--------|-------------------------------------------------------|
 * | 32     | temporary public key of the sender for this session    |
 * | 24     | base nonce: the nonce of the sender's first data frame |
 * </pre>
 */
public record HandshakePayload(byte[] tempPublicKey, Nonce baseNonce) {
    public static final int SIZE = RelaySizes.KEY + RelaySizes.NONCE;

    public HandshakePayload {
        RelayWireException.check(tempPublicKey.length == RelaySizes.KEY, "handshake: key size");
        tempPublicKey = tempPublicKey.clone();
    }

    @Override
    public byte[] tempPublicKey() {
        return tempPublicKey.clone();
    }

    public static HandshakePayload decode(ByteBuf in) {
        RelayWireException.check(in.readableBytes() == SIZE, "handshake payload: size " + in.readableBytes());
        byte[] k = RelayWireException.read(in, RelaySizes.KEY, "handshake payload");
        return new HandshakePayload(k, Nonce.of(RelayWireException.read(in, RelaySizes.NONCE, "handshake payload")));
    }

    public void encode(ByteBuf out) {
        out.writeBytes(tempPublicKey);
        out.writeBytes(baseNonce.toBytes());
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(SIZE);
        encode(b);
        return b.array();
    }
}
