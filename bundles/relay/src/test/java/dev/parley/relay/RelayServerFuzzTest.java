package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.KeyPair;
import dev.parley.net.VirtualEventLoop;
import dev.parley.relay.wire.ClientHandshake;
import dev.parley.relay.wire.RelayPacket;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fuzz targets for the relay server: whatever one client sends, the server never throws, a
 * stream it closes was closed for input it counted as bad, and two other clients linked to each
 * other go on exchanging data. In a normal build they run in Jazzer's regression mode; to fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/relay test -Dtest=RelayServerFuzzTest#framedPackets -Djazzer.hooks=true}.
 */
class RelayServerFuzzTest {

    /** What the server counts when it closes a stream for what the client sent. */
    private static final List<String> REJECTIONS = List.of("handshakes not authenticated", "bad frame length",
            "frames not authenticated", "packets not decoded", "disconnects for unknown ids", "zero pongs",
            "data on unknown ids", "protocol errors");

    /** A server with two clients linked to each other, who must not notice the third. */
    private static final class Bystanders {
        final RelayServer server;
        final TestClient a;
        final TestClient b;
        final int ab;
        final int ba;

        Bystanders() {
            VirtualEventLoop loop = new VirtualEventLoop(3);
            server = new RelayServer(loop, KeyPair.fromSecretKey(seed(1)), RelayServer.Options.defaults(), new Random(3));
            server.start();
            a = new TestClient(server, KeyPair.fromSecretKey(seed(2))).connect();
            b = new TestClient(server, KeyPair.fromSecretKey(seed(3))).connect();
            ab = RelayServerTest.route(a, b);
            ba = RelayServerTest.route(b, a);
        }

        /** The two still reach each other, both ways. */
        void stillTalk() {
            assertFalse(a.closed || b.closed, "a bystander was closed: " + server.counters());
            int before = b.got(RelayPacket.Data.class).size();
            a.send(new RelayPacket.Data(ab, new byte[] {1, 2}));
            assertEquals(before + 1, b.got(RelayPacket.Data.class).size(), server.counters().toString());
            before = a.got(RelayPacket.Data.class).size();
            b.send(new RelayPacket.Data(ba, new byte[] {3}));
            assertEquals(before + 1, a.got(RelayPacket.Data.class).size(), server.counters().toString());
        }

        long rejections() {
            return REJECTIONS.stream().mapToLong(server::counter).sum();
        }
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** Raw bytes from the start of the stream, where the client handshake belongs. */
    @FuzzTest(maxDuration = "30s")
    void rawStream(byte[] data) {
        Bystanders net = new Bystanders();
        TestClient junk = new TestClient(net.server, KeyPair.fromSecretKey(seed(4)));
        junk.sendRaw(data);
        if (data.length >= ClientHandshake.SIZE) {
            assertTrue(junk.closed, "random bytes never authenticate as a client handshake");
            assertEquals(1, net.server.counter("handshakes not authenticated"));
        } else {
            assertFalse(junk.closed, "a partial handshake waits for the rest (or its timeout)");
        }
        net.stillTalk();
    }

    /**
     * A genuine handshake, then each chunk of the input (split at 0xff bytes) sealed as one frame:
     * whatever plain packet it holds, the server handles or rejects it without throwing.
     */
    @FuzzTest(maxDuration = "30s")
    void framedPackets(byte[] data) {
        Bystanders net = new Bystanders();
        TestClient fuzzer = new TestClient(net.server, KeyPair.fromSecretKey(seed(5))).connect();
        for (byte[] plain : FuzzInput.packets(data)) {
            if (fuzzer.closed) {
                break;
            }
            fuzzer.sendRaw(fuzzer.frames().seal(plain));
        }
        if (fuzzer.closed) {
            assertTrue(net.rejections() > 0, "closed only for input counted as bad: " + net.server.counters());
        }
        net.stillTalk();
    }
}
