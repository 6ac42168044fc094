package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.ThreadEventLoop;
import dev.parley.relay.proxy.Proxy;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpRelayConnectorTest {

    /**
     * A node that restarts its Messenger closes the old connector while its clients still connect:
     * what the closed connector cannot do is no proxy failure (it was logged and counted as one).
     */
    @Test
    void aConnectEndedByTheConnectorsOwnCloseIsNoProxyFailure() throws Exception {
        try (ThreadEventLoop loop = new ThreadEventLoop("relay-client")) {
            TcpRelayConnector connector = new TcpRelayConnector(loop, 10_000,
                    Optional.of(Proxy.parse("socks5://127.0.0.1:9")));
            connector.close();
            KeyPair mine = KeyPair.generate();
            KeyPair relay = KeyPair.generate();
            SharedKey k = SharedKey.precompute(mine, relay.publicKey()).orElseThrow();
            CountDownLatch closed = new CountDownLatch(1);
            loop.call(() -> {
                RelayClient c = new RelayClient(loop, mine.publicKey(), k, relay.publicKey(), RelayClient.Options.defaults(),
                        new Random(7), new RelayClient.Listener() {
                            @Override
                            public void closed(RelayClient client, String reason) {
                                closed.countDown();
                            }
                        });
                connector.connect(new InetSocketAddress("127.0.0.1", 9), c);
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            // At once, not after the client's own connect timeout (10 s here).
            assertTrue(closed.await(5, TimeUnit.SECONDS), "the client was not told that its connection ended");
            assertEquals(Map.of("connects cancelled", 1L), connector.counters());
        }
    }
}
