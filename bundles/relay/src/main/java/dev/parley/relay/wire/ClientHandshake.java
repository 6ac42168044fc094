package dev.parley.relay.wire;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * The first bytes a client writes on a new TCP connection to a relay (c-toxcore's
 * {@code TCP_CLIENT_HANDSHAKE_SIZE}, 128 bytes). No length prefix.
 *
 * <pre>
 * | length | contents                                                                    |
 * |--------|-----------------------------------------------------------------------------|
 * | 32     | the client's long-term (DHT) public key                                     |
 * | 24     | nonce                                                                       |
 * | 72     | crypto_box(client DHT key, server DHT key) of a {@link HandshakePayload}    |
 * </pre>
 */
public record ClientHandshake(byte[] publicKey, Nonce nonce, byte[] box) {
    public static final int SIZE = RelaySizes.CLIENT_HANDSHAKE;

    public ClientHandshake {
        RelayWireException.check(publicKey.length == RelaySizes.KEY, "client handshake: key size");
        RelayWireException.check(box.length == HandshakePayload.SIZE + RelaySizes.MAC, "client handshake: box size");
        publicKey = publicKey.clone();
        box = box.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] box() {
        return box.clone();
    }

    /** Seals {@code payload} from {@code client} to the server's DHT key. */
    public static ClientHandshake seal(KeyPair client, byte[] serverPublicKey, HandshakePayload payload) {
        SharedKey k = SharedKey.precompute(client, serverPublicKey)
                .orElseThrow(() -> new IllegalArgumentException("server key is a low-order point"));
        Nonce n = Nonce.random();
        return new ClientHandshake(client.publicKey(), n, k.seal(n, payload.toBytes()));
    }

    /**
     * Seals {@code payload} with {@code clientServer}, the key shared between the client's DHT key
     * (public part {@code clientPublicKey}) and the server's, for owners that keep the secret key.
     */
    public static ClientHandshake seal(byte[] clientPublicKey, SharedKey clientServer, HandshakePayload payload) {
        Nonce n = Nonce.random();
        return new ClientHandshake(clientPublicKey, n, clientServer.seal(n, payload.toBytes()));
    }

    public static ClientHandshake decode(ByteBuf in) {
        RelayWireException.check(in.readableBytes() == SIZE, "client handshake: size " + in.readableBytes());
        byte[] pk = RelayWireException.read(in, RelaySizes.KEY, "client handshake");
        Nonce n = Nonce.of(RelayWireException.read(in, RelaySizes.NONCE, "client handshake"));
        return new ClientHandshake(pk, n, RelayWireException.read(in, in.readableBytes(), "client handshake"));
    }

    public void encode(ByteBuf out) {
        out.writeBytes(publicKey);
        out.writeBytes(nonce.toBytes());
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(SIZE);
        encode(b);
        return b.array();
    }

    /** Opens the box with the key shared between the client's DHT key and the server's. */
    public Optional<HandshakePayload> open(SharedKey clientServer) {
        return clientServer.open(nonce, box).map(p -> HandshakePayload.decode(Unpooled.wrappedBuffer(p)));
    }
}
