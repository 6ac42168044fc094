package dev.parley.relay.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayWireTest {
    static byte[] key(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    static List<RelayPacket> samples() {
        byte[] onion = new byte[2 * RelaySizes.ONION_SEND_BASE + 5];
        return List.of(
                new RelayPacket.RoutingRequest(key(1)),
                new RelayPacket.RoutingResponse(0, key(2)),
                new RelayPacket.RoutingResponse(255, key(2)),
                new RelayPacket.ConnectNotification(16),
                new RelayPacket.DisconnectNotification(200),
                new RelayPacket.Ping(0x0102030405060708L),
                new RelayPacket.Pong(-1L),
                new RelayPacket.OobSend(key(3), new byte[] {9, 8, 7}),
                new RelayPacket.OobRecv(key(4), new byte[1024]),
                new RelayPacket.OnionRequest(new byte[24], onion),
                new RelayPacket.OnionResponse(new byte[] {(byte) 0x84, 1, 2}),
                new RelayPacket.Data(16, new byte[0]),
                new RelayPacket.Data(255, new byte[2031]));
    }

    @Test
    void everyPacketRoundTrips() {
        for (RelayPacket p : samples()) {
            byte[] b = p.toBytes();
            assertEquals(p.size(), b.length, p.toString());
            assertEquals(p, RelayPacket.decode(b), p.toString());
        }
    }

    @Test
    void byteLayoutMatchesTheSpec() {
        assertArrayEquals(new byte[] {2, 17}, new RelayPacket.ConnectNotification(17).toBytes());
        assertArrayEquals(new byte[] {3, 20}, new RelayPacket.DisconnectNotification(20).toBytes());
        assertArrayEquals(new byte[] {4, 0, 0, 0, 0, 0, 0, 1, 2}, new RelayPacket.Ping(258).toBytes());
        byte[] r = new RelayPacket.RoutingResponse(42, key(7)).toBytes();
        assertEquals(1, r[0]);
        assertEquals(42, r[1]);
        assertEquals(7, r[2]);
        assertArrayEquals(new byte[] {33, 5}, new RelayPacket.Data(33, new byte[] {5}).toBytes());
    }

    @Test
    void truncatedOrOversizedPacketsDoNotDecode() {
        for (RelayPacket p : samples()) {
            byte[] b = p.toBytes();
            if (p instanceof RelayPacket.Data) {
                continue; // any length from 1 is valid data
            }
            for (int len = 0; len < b.length; len++) {
                byte[] cut = Arrays.copyOf(b, len);
                boolean ok;
                try {
                    RelayPacket.decode(cut);
                    ok = true;
                } catch (RelayWireException e) {
                    ok = false;
                }
                boolean variable = p instanceof RelayPacket.OobSend || p instanceof RelayPacket.OobRecv
                        || p instanceof RelayPacket.OnionRequest || p instanceof RelayPacket.OnionResponse;
                if (!variable || len < 2) {
                    assertTrue(!ok, p + " cut to " + len);
                }
            }
        }
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(new byte[RelaySizes.MAX_PLAIN + 1]));
        byte[] bigOob = new byte[1 + 32 + 1025];
        bigOob[0] = 6;
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(bigOob));
        byte[] shortOnion = new byte[1 + 24 + 2 * RelaySizes.ONION_SEND_BASE];
        shortOnion[0] = 8;
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(shortOnion));
    }

    @Test
    void reservedKindsDoNotDecode() {
        for (int k = 10; k < 16; k++) {
            int kind = k;
            assertThrows(RelayWireException.class, () -> RelayPacket.decode(new byte[] {(byte) kind, 0}));
        }
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(new byte[] {1, 5, 0}));
        byte[] badId = new RelayPacket.RoutingResponse(0, key(1)).toBytes();
        badId[1] = 15;
        assertThrows(RelayWireException.class, () -> RelayPacket.decode(badId));
    }

    @Test
    void handshakeBothWaysAndSessionFrames() {
        KeyPair server = KeyPair.generate();
        KeyPair client = KeyPair.generate();
        KeyPair clientTemp = KeyPair.generate();
        Nonce clientBase = Nonce.random();
        ClientHandshake ch = ClientHandshake.seal(client, server.publicKey(),
                new HandshakePayload(clientTemp.publicKey(), clientBase));
        byte[] wire = ch.toBytes();
        assertEquals(128, wire.length);
        assertArrayEquals(client.publicKey(), Arrays.copyOf(wire, 32));

        ClientHandshake got = ClientHandshake.decode(Unpooled.wrappedBuffer(wire));
        SharedKey sk = SharedKey.precompute(server, got.publicKey()).orElseThrow();
        HandshakePayload p = got.open(sk).orElseThrow();
        assertArrayEquals(clientTemp.publicKey(), p.tempPublicKey());
        assertEquals(clientBase, p.baseNonce());

        KeyPair serverTemp = KeyPair.generate();
        Nonce serverBase = Nonce.random();
        byte[] answer = ServerHandshake.seal(sk, new HandshakePayload(serverTemp.publicKey(), serverBase)).toBytes();
        assertEquals(96, answer.length);
        SharedKey ck = SharedKey.precompute(client, server.publicKey()).orElseThrow();
        HandshakePayload sp = ServerHandshake.decode(Unpooled.wrappedBuffer(answer)).open(ck).orElseThrow();
        assertEquals(serverBase, sp.baseNonce());

        SecureFrames c = new SecureFrames(SharedKey.precompute(clientTemp, sp.tempPublicKey()).orElseThrow(), clientBase, serverBase);
        SecureFrames s = new SecureFrames(SharedKey.precompute(serverTemp, p.tempPublicKey()).orElseThrow(), serverBase, clientBase);
        for (int i = 0; i < 3; i++) {
            byte[] f = c.seal(new RelayPacket.Ping(i + 1).toBytes());
            assertEquals(2 + 9 + 16, f.length);
            assertEquals(0, f[0]);
            assertEquals(25, f[1]);
            byte[] plain = s.open(Arrays.copyOfRange(f, 2, f.length)).orElseThrow();
            assertEquals(new RelayPacket.Ping(i + 1), RelayPacket.decode(plain));
        }
        // A frame replayed (old nonce) or from the other direction does not open.
        byte[] f = s.seal(new byte[] {16});
        assertTrue(s.open(Arrays.copyOfRange(f, 2, f.length)).isEmpty());
        assertTrue(c.open(Arrays.copyOfRange(f, 2, f.length)).isPresent());
        assertTrue(c.open(Arrays.copyOfRange(f, 2, f.length)).isEmpty());
    }

    @Test
    void handshakeToTheWrongKeyDoesNotOpen() {
        KeyPair server = KeyPair.generate();
        KeyPair other = KeyPair.generate();
        KeyPair client = KeyPair.generate();
        ClientHandshake ch = ClientHandshake.seal(client, server.publicKey(),
                new HandshakePayload(KeyPair.generate().publicKey(), Nonce.random()));
        assertTrue(ch.open(SharedKey.precompute(other, client.publicKey()).orElseThrow()).isEmpty());
        byte[] bad = ch.toBytes();
        bad[100] ^= 1;
        assertTrue(ClientHandshake.decode(Unpooled.wrappedBuffer(bad))
                .open(SharedKey.precompute(server, client.publicKey()).orElseThrow()).isEmpty());
        assertThrows(RelayWireException.class, () -> ClientHandshake.decode(Unpooled.wrappedBuffer(new byte[127])));
        assertThrows(RelayWireException.class, () -> ServerHandshake.decode(Unpooled.wrappedBuffer(new byte[95])));
    }
}
