package dev.parley.itests.relay;

import dev.parley.crypto.KeyPair;
import dev.parley.net.ThreadEventLoop;
import dev.parley.relay.RelayServer;
import dev.parley.relay.TcpRelayTransport;
import dev.parley.relay.UdpOnionBridge;
import dev.parley.net.UdpTransport;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Parley TCP relay server in the test JVM, on loopback, on one free port; optionally with onion forwarding over UDP. */
final class ParleyRelay implements AutoCloseable {
    final ThreadEventLoop loop = new ThreadEventLoop("parley-relay");
    final KeyPair keys = KeyPair.generate();
    final RelayServer server = new RelayServer(loop, keys, RelayServer.Options.defaults(), new SecureRandom());
    final TcpRelayTransport transport;
    final UdpOnionBridge onion;

    ParleyRelay(boolean onionBridge) throws Exception {
        onion = onionBridge ? new UdpOnionBridge(loop, UdpTransport.bind(
                new UdpTransport.Options(InetAddress.getLoopbackAddress(), 0, 0, false)), server) : null;
        loop.call(() -> {
            server.start();
            if (onion != null) {
                onion.start();
            }
            return null;
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = TcpRelayTransport.listen(loop, server, InetAddress.getLoopbackAddress(), List.of(0));
    }

    int port() {
        return transport.localAddresses().get(0).getPort();
    }

    String publicKeyHex() {
        return HexFormat.of().withUpperCase().formatHex(keys.publicKey());
    }

    Map<String, Long> counters() throws Exception {
        return loop.call(server::counters).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    long counter(String name) throws Exception {
        return counters().getOrDefault(name, 0L);
    }

    /** Polls until the counter reaches {@code atLeast}; false on the deadline. */
    boolean awaitCounter(String name, long atLeast, long timeoutMillis) throws Exception {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (counter(name) >= atLeast) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Override
    public void close() {
        try {
            loop.call(() -> {
                server.stop();
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        transport.close();
        if (onion != null) {
            try {
                onion.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        loop.close();
    }
}
