package dev.parley.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;

/**
 * Fuzz targets for the proxy handshakes: whatever a proxy answers, in whatever pieces, a
 * handshake only ever asks for more, sends, opens the tunnel or fails with a reason; it never
 * throws, and it ends within a bounded number of bytes. Regression mode in a normal build; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/relay test -Dtest=ProxyHandshakeFuzzTest -Djazzer.hooks=true}.
 */
class ProxyHandshakeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void socks5Replies(FuzzedDataProvider data) {
        InetSocketAddress target = data.consumeBoolean() ? InetSocketAddress.createUnresolved("relay.test", 33445)
                : new InetSocketAddress("127.0.0.1", 33445);
        run(new Socks5Handshake(target), data, 2 + 4 + 1 + 255 + 2);
    }

    @FuzzTest(maxDuration = "30s")
    void httpReplies(FuzzedDataProvider data) {
        run(new HttpConnectHandshake(new InetSocketAddress("127.0.0.1", 33445)), data, HttpConnectHandshake.MAX_HEAD + 1);
    }

    /** Feeds chunks until the handshake ends; it must end by the time {@code bound} bytes came (plus one chunk). */
    private static void run(ProxyHandshake h, FuzzedDataProvider data, int bound) {
        h.start();
        int fed = 0;
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 64));
            fed += chunk.length;
            ProxyHandshake.Step step = h.received(chunk);
            if (step instanceof ProxyHandshake.Done || step instanceof ProxyHandshake.Failed) {
                return;
            }
            assertTrue(fed <= bound, "still waiting after " + fed + " bytes");
        }
    }
}
