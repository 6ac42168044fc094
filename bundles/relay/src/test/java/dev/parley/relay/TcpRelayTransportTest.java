package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.ThreadEventLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's TCP transport over loopback: how much it reads ahead of a busy server loop. */
class TcpRelayTransportTest {
    ThreadEventLoop serverLoop;
    RelayServer server;
    KeyPair serverKeys;
    TcpRelayTransport transport;
    InetSocketAddress address;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        serverLoop = new ThreadEventLoop("relay-server");
        serverKeys = KeyPair.generate();
        server = new RelayServer(serverLoop, serverKeys, RelayServer.Options.defaults(), new Random(5));
        transport = TcpRelayTransport.listen(serverLoop, server, InetAddress.getLoopbackAddress(), List.of(0));
        address = transport.localAddresses().get(0);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        transport.close();
        serverLoop.close();
    }

    private void blockServerLoop() {
        serverLoop.execute(() -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private long counter(String name) throws Exception {
        return serverLoop.call(() -> server.counter(name)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientCannotPileUpBytesOnABusyServerLoop() throws Exception {
        blockServerLoop();
        long total = 0;
        try (SocketChannel ch = SocketChannel.open(address)) {
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024); // zeros: a handshake with an unusable key
            long limit = 64L << 20;
            long lastProgress = System.nanoTime();
            while (total < limit && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(2)) {
                chunk.clear();
                int n = ch.write(chunk);
                if (n > 0) {
                    total += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(5);
                }
            }
            // What the socket took: both kernel buffers (a few MiB on loopback) and the transport's
            // read-ahead; without the bound, the transport reads all 64 MiB onto the blocked loop.
            assertTrue(total < 24L << 20, "the relay read " + total + " bytes ahead of its loop");
            assertEquals(1, transport.readPauses());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (counter("handshakes not authenticated") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, counter("handshakes not authenticated"));
        }
    }

    @Test
    void readingResumesOnceTheLoopCaughtUp() throws Exception {
        try (ThreadEventLoop clientLoop = new ThreadEventLoop("relay-client");
                TcpRelayConnector connector = new TcpRelayConnector(clientLoop, 10_000)) {
            KeyPair mine = KeyPair.generate();
            SharedKey k = SharedKey.precompute(mine, serverKeys.publicKey()).orElseThrow();
            CountDownLatch ready = new CountDownLatch(1);
            AtomicBoolean closed = new AtomicBoolean();
            RelayClient client = clientLoop.call(() -> {
                RelayClient c = new RelayClient(clientLoop, mine.publicKey(), k, serverKeys.publicKey(),
                        RelayClient.Options.defaults(), new Random(6), new RelayClient.Listener() {
                            @Override
                            public void ready(RelayClient c) {
                                ready.countDown();
                            }

                            @Override
                            public void closed(RelayClient c, String reason) {
                                closed.set(true);
                            }
                        });
                connector.connect(address, c);
                return c;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(ready.await(20, TimeUnit.SECONDS), "the client did not get ready");
            blockServerLoop();
            // 12 MB out of band to a client that is not there: far more than the read-ahead and
            // the kernel buffers, so the transport must pause reading and resume it.
            int packets = 12_000;
            byte[] absent = KeyPair.generate().publicKey();
            byte[] data = new byte[1000];
            int sent = clientLoop.call(() -> {
                int n = 0;
                for (int i = 0; i < packets; i++) {
                    if (client.sendOob(absent, data)) {
                        n++;
                    }
                }
                return n;
            }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(packets, sent);
            // With the loop blocked the transport reads what it may, then has to pause.
            long pauseDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (transport.readPauses() == 0 && System.nanoTime() < pauseDeadline) {
                Thread.sleep(10);
            }
            assertTrue(transport.readPauses() > 0, "reading was not paused while the loop was blocked");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (counter("oob to absent clients") < packets && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(packets, counter("oob to absent clients"));
            assertTrue(transport.readPauses() > 0, "reading was paused");
            assertTrue(!closed.get(), "the client's stream was closed");
        }
    }

    /** Whether this machine (the test's network namespace) has an IPv6 loopback to try. */
    private static boolean ipv6Loopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theIpv4WildcardListensOnIpv4Only() throws Exception {
        try (TcpRelayTransport v4 = TcpRelayTransport.listen(serverLoop, server, InetAddress.getByName("0.0.0.0"),
                List.of(0))) {
            InetSocketAddress bound = v4.localAddresses().get(0);
            assertTrue(bound.getAddress() instanceof Inet4Address && bound.getAddress().isAnyLocalAddress(),
                    "bound to " + bound);
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", bound.getPort()))) {
                assertTrue(ch.isConnected());
            }
            if (ipv6Loopback()) {
                assertThrows(ConnectException.class,
                        () -> SocketChannel.open(new InetSocketAddress("::1", bound.getPort())).close(),
                        "no IPv6 client gets in");
            }
        }
    }

    @Test
    void theIpv6WildcardIsDualStack() throws Exception {
        if (!ipv6Loopback()) {
            return; // nothing to bind IPv6 to here; the IPv4 case above still ran
        }
        try (TcpRelayTransport any = TcpRelayTransport.listen(serverLoop, server, InetAddress.getByName("::"),
                List.of(0))) {
            InetSocketAddress bound = any.localAddresses().get(0);
            assertTrue(bound.getAddress() instanceof Inet6Address, "bound to " + bound);
            for (String client : List.of("127.0.0.1", "::1")) {
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(client, bound.getPort()))) {
                    assertTrue(ch.isConnected(), client);
                }
            }
        }
    }
}
