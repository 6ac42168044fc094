package dev.parley.relay;

import dev.parley.net.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RelayConnections.Connector} that joins {@link RelayClient}s to in-memory
 * {@link RelayServer}s by address; bytes cross on the loop, one task per write, so the two sides
 * never run inside each other.
 */
final class MemoryRelays implements RelayConnections.Connector {
    private final EventLoop loop;
    private final Map<InetSocketAddress, RelayServer> servers = new HashMap<>();
    private final Map<InetSocketAddress, List<Pipe>> pipes = new HashMap<>();
    int connects;

    MemoryRelays(EventLoop loop) {
        this.loop = loop;
    }

    void add(InetSocketAddress address, RelayServer server) {
        servers.put(address, server);
    }

    /** The relay at {@code address} goes away: every stream to it ends and new ones fail. */
    void kill(InetSocketAddress address) {
        servers.remove(address);
        for (Pipe p : pipes.getOrDefault(address, List.of())) {
            p.close();
        }
        pipes.remove(address);
    }

    @Override
    public void connect(InetSocketAddress relay, RelayClient client) {
        connects++;
        RelayServer server = servers.get(relay);
        if (server == null) {
            loop.execute(client::closed);
            return;
        }
        Pipe p = new Pipe(client);
        pipes.computeIfAbsent(relay, k -> new ArrayList<>()).add(p);
        loop.execute(() -> {
            p.session = server.open(p.serverSide);
            client.connected(p.clientSide);
        });
    }

    final class Pipe {
        final RelayClient client;
        RelayServer.Session session;
        boolean closed;

        Pipe(RelayClient client) {
            this.client = client;
        }

        void close() {
            if (!closed) {
                closed = true;
                loop.execute(client::closed);
                loop.execute(() -> session.closed());
            }
        }

        final RelayLink clientSide = new RelayLink() {
            @Override
            public void write(byte[] bytes) {
                byte[] copy = bytes.clone();
                loop.execute(() -> {
                    if (!closed) {
                        session.received(copy);
                    }
                });
            }

            @Override
            public long queuedBytes() {
                return 0;
            }

            @Override
            public void close() {
                Pipe.this.close();
            }

            @Override
            public String describe() {
                return "memory client side";
            }
        };

        final RelayLink serverSide = new RelayLink() {
            @Override
            public void write(byte[] bytes) {
                byte[] copy = bytes.clone();
                loop.execute(() -> {
                    if (!closed) {
                        client.received(copy);
                    }
                });
            }

            @Override
            public long queuedBytes() {
                return 0;
            }

            @Override
            public void close() {
                Pipe.this.close();
            }

            @Override
            public String describe() {
                return "memory server side";
            }
        };
    }
}
