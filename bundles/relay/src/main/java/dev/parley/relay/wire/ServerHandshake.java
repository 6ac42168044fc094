package dev.parley.relay.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * The relay's answer to a {@link ClientHandshake} (c-toxcore's {@code TCP_SERVER_HANDSHAKE_SIZE},
 * 96 bytes). No length prefix. After it, both sides encrypt frames with the key shared between
 * the two temporary keys, starting at the base nonces they sent.
 *
 * <pre>
 * | length | contents                                                                   |
 * |--------|----------------------------------------------------------------------------|
 * | 24     | nonce                                                                      |
 * | 72     | crypto_box(server DHT key, client DHT key) of a {@link HandshakePayload}   |
 * </pre>
 */
public record ServerHandshake(Nonce nonce, byte[] box) {
    public static final int SIZE = RelaySizes.SERVER_HANDSHAKE;

    public ServerHandshake {
        RelayWireException.check(box.length == HandshakePayload.SIZE + RelaySizes.MAC, "server handshake: box size");
        box = box.clone();
    }

    @Override
    public byte[] box() {
        return box.clone();
    }

    public static ServerHandshake seal(SharedKey serverClient, HandshakePayload payload) {
        Nonce n = Nonce.random();
        return new ServerHandshake(n, serverClient.seal(n, payload.toBytes()));
    }

    public static ServerHandshake decode(ByteBuf in) {
        RelayWireException.check(in.readableBytes() == SIZE, "server handshake: size " + in.readableBytes());
        Nonce n = Nonce.of(RelayWireException.read(in, RelaySizes.NONCE, "server handshake"));
        return new ServerHandshake(n, RelayWireException.read(in, in.readableBytes(), "server handshake"));
    }

    public void encode(ByteBuf out) {
        out.writeBytes(nonce.toBytes());
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(SIZE);
        encode(b);
        return b.array();
    }

    public Optional<HandshakePayload> open(SharedKey serverClient) {
        return serverClient.open(nonce, box).map(p -> HandshakePayload.decode(Unpooled.wrappedBuffer(p)));
    }
}
