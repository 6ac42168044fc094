package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.net.VirtualEventLoop;
import dev.parley.relay.wire.ClientHandshake;
import dev.parley.relay.wire.HandshakePayload;
import dev.parley.relay.wire.SecureFrames;
import dev.parley.relay.wire.ServerHandshake;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;

/**
 * Fuzz targets for the relay client: whatever a relay sends, the client never throws; input that
 * does not authenticate or decode closes the connection and is counted. In a normal build they run
 * in Jazzer's regression mode; to fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/relay test -Dtest=RelayClientFuzzTest#framedPackets -Djazzer.hooks=true}.
 */
class RelayClientFuzzTest {
    private static final KeyPair SERVER = KeyPair.fromSecretKey(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    private static final KeyPair CLIENT = KeyPair.fromSecretKey(new byte[] {
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

    /** Raw bytes from the start of the stream (where the server handshake belongs). */
    @FuzzTest(maxDuration = "30s")
    void rawStream(byte[] data) {
        VirtualEventLoop loop = new VirtualEventLoop(1);
        RelayClient c = RelayClient.of(loop, CLIENT, SERVER.publicKey(), RelayClient.Options.defaults(), new Random(1),
                new RelayClient.Listener() {
                });
        RelayClientTest.SilentLink link = new RelayClientTest.SilentLink();
        c.connected(link);
        c.received(data);
        if (data.length >= ServerHandshake.SIZE) {
            assertEquals(RelayClient.State.CLOSED, c.state(), "random bytes never open as a server handshake");
            assertEquals(1, c.malformed());
            assertTrue(link.closed);
        }
    }

    /**
     * A genuine handshake, then each chunk of the input (split at 0xff bytes) sealed as one frame:
     * whatever plain packet it holds, the client handles or rejects it without throwing.
     */
    @FuzzTest(maxDuration = "30s")
    void framedPackets(byte[] data) {
        VirtualEventLoop loop = new VirtualEventLoop(1);
        RelayClient c = RelayClient.of(loop, CLIENT, SERVER.publicKey(), RelayClient.Options.defaults(), new Random(1),
                new RelayClient.Listener() {
                });
        RelayClientTest.SilentLink link = new RelayClientTest.SilentLink();
        c.connected(link);
        ClientHandshake h = ClientHandshake.decode(Unpooled.wrappedBuffer(link.written.get(0)));
        SharedKey k = SharedKey.precompute(SERVER, CLIENT.publicKey()).orElseThrow();
        HandshakePayload theirs = h.open(k).orElseThrow();
        KeyPair temp = KeyPair.fromSecretKey(Arrays.copyOf(new byte[] {7}, 32));
        Nonce base = Nonce.zero();
        c.received(ServerHandshake.seal(k, new HandshakePayload(temp.publicKey(), base)).toBytes());
        assertEquals(RelayClient.State.READY, c.state());
        SecureFrames frames = new SecureFrames(SharedKey.precompute(temp, theirs.tempPublicKey()).orElseThrow(), base,
                theirs.baseNonce());
        for (byte[] plain : FuzzInput.packets(data)) {
            if (c.state() == RelayClient.State.CLOSED) {
                break;
            }
            c.received(frames.seal(plain));
        }
        if (c.state() == RelayClient.State.CLOSED) {
            assertTrue(c.malformed() > 0, "closed only for malformed input: " + c.counters());
        }
    }
}
