package dev.parley.relay;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.net.EventLoop;
import dev.parley.net.Transport;
import dev.parley.relay.wire.OnionHop;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.RelayWireException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Onion forwarding for a {@link RelayServer}: the relay is onion node 0 of its TCP clients' paths
 * and sends their requests on over UDP, from a UDP socket of its own; responses to that socket
 * go back to the client named in the return data (see {@link OnionHop}). The return data is
 * sealed with a key only this bridge holds, and names the client by its session handle, so a
 * response reaches the same stream or nobody.
 */
public final class UdpOnionBridge implements RelayOnion, AutoCloseable {
    private static final int MARK = 0xA5;

    private final EventLoop loop;
    private final Transport udp;
    private final RelayServer server;
    private final SecretBox key = SecretBox.generate();
    private long sent;
    private long returned;
    private long dropped;

    public UdpOnionBridge(EventLoop loop, Transport udp, RelayServer server) {
        this.loop = loop;
        this.udp = udp;
        this.server = server;
    }

    /** Starts receiving and installs this bridge in the server. Call on the loop. */
    public void start() {
        server.setOnion(this);
        udp.start((from, data) -> loop.execute(() -> received(from, data)));
    }

    @Override
    public boolean send(long client, RelayPacket.OnionRequest request) {
        try {
            InetSocketAddress to = OnionHop.firstHop(request.payload());
            byte[] plain = new byte[OnionHop.RETURN_PLAIN];
            plain[0] = (byte) MARK;
            for (int i = 0; i < 8; i++) {
                plain[1 + i] = (byte) (client >>> (56 - 8 * i));
            }
            Nonce n = Nonce.random();
            byte[] box = key.seal(n, plain);
            byte[] ret = new byte[OnionHop.RETURN];
            n.writeTo(ret, 0);
            System.arraycopy(box, 0, ret, 24, box.length);
            boolean ok = udp.send(to, OnionHop.send1(request, ret));
            if (ok) {
                sent++;
            }
            return ok;
        } catch (RelayWireException e) {
            dropped++;
            return false;
        }
    }

    private void received(InetSocketAddress from, byte[] data) {
        OnionHop.Recv1 r;
        try {
            r = OnionHop.Recv1.decode(data);
        } catch (RelayWireException e) {
            dropped++;
            return;
        }
        Optional<byte[]> plain = key.open(Nonce.read(r.ret(), 0), Arrays.copyOfRange(r.ret(), 24, r.ret().length));
        if (plain.isEmpty() || (plain.get()[0] & 0xff) != MARK) {
            dropped++;
            return;
        }
        long client = 0;
        for (int i = 0; i < 8; i++) {
            client = (client << 8) | (plain.get()[1 + i] & 0xff);
        }
        if (server.onionResponse(client, r.response())) {
            returned++;
        } else {
            dropped++;
        }
    }

    /** Requests sent, responses returned, packets dropped. Read on the loop. */
    public long[] counters() {
        return new long[] {sent, returned, dropped};
    }

    public InetSocketAddress localAddress() {
        return udp.localAddress();
    }

    @Override
    public void close() throws Exception {
        udp.close();
    }
}
