package dev.parley.relay;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.relay.wire.ClientHandshake;
import dev.parley.relay.wire.HandshakePayload;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.SecureFrames;
import dev.parley.relay.wire.ServerHandshake;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A relay client for tests: a {@link RelayLink} that plays the client side in memory. */
final class TestClient implements RelayLink {
    final KeyPair keys;
    final RelayServer server;
    final RelayServer.Session session;
    private final KeyPair temp = KeyPair.generate();
    private final Nonce base = Nonce.random();
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private SecureFrames frames;
    final List<RelayPacket> received = new ArrayList<>();
    boolean closed;
    long queued;

    TestClient(RelayServer server) {
        this(server, KeyPair.generate());
    }

    TestClient(RelayServer server, KeyPair keys) {
        this.keys = keys;
        this.server = server;
        this.session = server.open(this);
    }

    byte[] publicKey() {
        return keys.publicKey();
    }

    TestClient handshake() {
        session.received(ClientHandshake.seal(keys, server.publicKey(), new HandshakePayload(temp.publicKey(), base)).toBytes());
        return this;
    }

    TestClient connect() {
        handshake();
        send(new RelayPacket.Ping(99));
        return this;
    }

    void send(RelayPacket p) {
        sendRaw(frames.seal(p.toBytes()));
    }

    void sendRaw(byte[] bytes) {
        session.received(bytes);
    }

    SecureFrames frames() {
        return frames;
    }

    @SuppressWarnings("unchecked")
    <T extends RelayPacket> List<T> got(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (RelayPacket p : received) {
            if (kind.isInstance(p)) {
                out.add((T) p);
            }
        }
        return out;
    }

    <T extends RelayPacket> T last(Class<T> kind) {
        List<T> l = got(kind);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    @Override
    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        in.writeBytes(bytes);
        byte[] buf = in.toByteArray();
        int at = 0;
        if (frames == null) {
            if (buf.length < ServerHandshake.SIZE) {
                return;
            }
            SharedKey k = SharedKey.precompute(keys, server.publicKey()).orElseThrow();
            HandshakePayload p = ServerHandshake.decode(Unpooled.wrappedBuffer(Arrays.copyOf(buf, ServerHandshake.SIZE)))
                    .open(k).orElseThrow();
            frames = new SecureFrames(SharedKey.precompute(temp, p.tempPublicKey()).orElseThrow(), base, p.baseNonce());
            at = ServerHandshake.SIZE;
        }
        while (buf.length - at >= 2) {
            int len = ((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff);
            if (buf.length - at - 2 < len) {
                break;
            }
            byte[] plain = frames.open(Arrays.copyOfRange(buf, at + 2, at + 2 + len)).orElseThrow();
            received.add(RelayPacket.decode(plain));
            at += 2 + len;
        }
        in.reset();
        in.write(buf, at, buf.length - at);
    }

    @Override
    public long queuedBytes() {
        return queued;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.closed();
        }
    }

    @Override
    public String describe() {
        return "test client";
    }
}
