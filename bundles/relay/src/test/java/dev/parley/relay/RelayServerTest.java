package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.net.VirtualEventLoop;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.RelaySizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayServerTest {
    VirtualEventLoop loop;
    RelayServer server;

    @BeforeEach
    void setUp() {
        loop = new VirtualEventLoop(7);
        server = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(7));
        server.start();
    }

    static int route(TestClient from, TestClient to) {
        from.send(new RelayPacket.RoutingRequest(to.publicKey()));
        RelayPacket.RoutingResponse r = from.last(RelayPacket.RoutingResponse.class);
        assertArrayEquals(to.publicKey(), r.publicKey());
        return r.connectionId();
    }

    @Test
    void handshakeAndFirstFrameConfirm() {
        TestClient a = new TestClient(server).handshake();
        assertEquals(1, server.pendingCount());
        assertEquals(0, server.clientCount());
        a.send(new RelayPacket.Ping(5));
        assertEquals(1, server.clientCount());
        assertEquals(new RelayPacket.Pong(5), a.last(RelayPacket.Pong.class));
    }

    @Test
    void twoClientsRoutedToEachOtherAreLinkedAndExchangeData() {
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        int ab = route(a, b);
        assertTrue(ab >= 16);
        assertTrue(a.got(RelayPacket.ConnectNotification.class).isEmpty());
        int ba = route(b, a);
        assertEquals(new RelayPacket.ConnectNotification(ab), a.last(RelayPacket.ConnectNotification.class));
        assertEquals(new RelayPacket.ConnectNotification(ba), b.last(RelayPacket.ConnectNotification.class));
        assertEquals(ab, route(a, b), "asking again gives the same id");

        a.send(new RelayPacket.Data(ab, new byte[] {1, 2, 3}));
        assertEquals(new RelayPacket.Data(ba, new byte[] {1, 2, 3}), b.last(RelayPacket.Data.class));
        b.send(new RelayPacket.Data(ba, new byte[] {4}));
        assertEquals(new RelayPacket.Data(ab, new byte[] {4}), a.last(RelayPacket.Data.class));

        // b forgets a: a is told, keeps its id, and data from a goes nowhere.
        b.send(new RelayPacket.DisconnectNotification(ba));
        assertEquals(new RelayPacket.DisconnectNotification(ab), a.last(RelayPacket.DisconnectNotification.class));
        a.send(new RelayPacket.Data(ab, new byte[] {5}));
        assertEquals(1, b.got(RelayPacket.Data.class).size());
        assertFalse(a.closed);
        // b asks again: linked again, a keeps its old id.
        int ba2 = route(b, a);
        assertEquals(2, a.got(RelayPacket.ConnectNotification.class).size());
        a.send(new RelayPacket.Data(ab, new byte[] {6}));
        assertEquals(new RelayPacket.Data(ba2, new byte[] {6}), b.last(RelayPacket.Data.class));

        // b's stream goes away: a gets a disconnect notification.
        b.close();
        assertEquals(2, a.got(RelayPacket.DisconnectNotification.class).size());
        assertEquals(1, server.clientCount());
    }

    @Test
    void routingToSelfOrWhenFullIsRefused() {
        TestClient a = new TestClient(server).connect();
        assertEquals(0, route(a, a));
        for (int i = 0; i < RelaySizes.CONNECTIONS_PER_CLIENT; i++) {
            byte[] k = KeyPair.generate().publicKey();
            a.send(new RelayPacket.RoutingRequest(k));
            assertEquals(16 + i, a.last(RelayPacket.RoutingResponse.class).connectionId());
        }
        a.send(new RelayPacket.RoutingRequest(KeyPair.generate().publicKey()));
        assertTrue(a.last(RelayPacket.RoutingResponse.class).refused());
        a.send(new RelayPacket.DisconnectNotification(100));
        a.send(new RelayPacket.RoutingRequest(KeyPair.generate().publicKey()));
        assertEquals(100, a.last(RelayPacket.RoutingResponse.class).connectionId());
    }

    @Test
    void oobGoesToAConnectedClientOnly() {
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        a.send(new RelayPacket.OobSend(b.publicKey(), new byte[] {7, 7}));
        assertEquals(new RelayPacket.OobRecv(a.publicKey(), new byte[] {7, 7}), b.last(RelayPacket.OobRecv.class));
        a.send(new RelayPacket.OobSend(KeyPair.generate().publicKey(), new byte[] {1}));
        assertEquals(1, server.counter("oob to absent clients"));
    }

    @Test
    void silentClientIsPingedAndDroppedButAnsweringOneStays() {
        TestClient quiet = new TestClient(server).connect();
        TestClient good = new TestClient(server).connect();
        loop.runFor(31_000);
        RelayPacket.Ping p = good.last(RelayPacket.Ping.class);
        assertTrue(p != null && p.pingId() != 0);
        assertTrue(quiet.last(RelayPacket.Ping.class) != null);
        good.send(new RelayPacket.Pong(p.pingId()));
        loop.runFor(10_000);
        assertTrue(quiet.closed);
        assertFalse(good.closed);
        assertEquals(1, server.counter("streams closed by server"));
        loop.runFor(120_000);
        assertTrue(good.closed, "no more pongs: dropped too");
    }

    @Test
    void stalledHandshakesTimeOut() {
        TestClient nothing = new TestClient(server);
        TestClient half = new TestClient(server);
        half.sendRaw(new byte[60]);
        TestClient unconfirmed = new TestClient(server).handshake();
        loop.runFor(11_000);
        assertTrue(nothing.closed && half.closed && unconfirmed.closed);
        assertEquals(0, server.pendingCount());
    }

    @Test
    void garbageClosesOnlyTheSender() {
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        int ab = route(a, b);
        int ba = route(b, a);
        TestClient junk = new TestClient(server);
        junk.sendRaw(new byte[128]);
        assertTrue(junk.closed);
        TestClient badFrame = new TestClient(server).connect();
        badFrame.sendRaw(new byte[] {0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        assertTrue(badFrame.closed);
        TestClient tooLong = new TestClient(server).connect();
        tooLong.sendRaw(new byte[] {0x08, 0x01});
        assertTrue(tooLong.closed);
        TestClient reserved = new TestClient(server).connect();
        reserved.sendRaw(reserved.frames().seal(new byte[] {12, 0}));
        assertTrue(reserved.closed);
        TestClient unknownId = new TestClient(server).connect();
        unknownId.send(new RelayPacket.Data(40, new byte[] {1}));
        assertTrue(unknownId.closed);
        TestClient serverOnly = new TestClient(server).connect();
        serverOnly.send(new RelayPacket.OnionResponse(new byte[] {1}));
        assertTrue(serverOnly.closed);

        a.send(new RelayPacket.Data(ab, new byte[] {1}));
        assertEquals(new RelayPacket.Data(ba, new byte[] {1}), b.last(RelayPacket.Data.class));
        assertFalse(a.closed || b.closed);
    }

    @Test
    void sameKeyReplacesTheOldStream() {
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        route(a, b);
        route(b, a);
        // A second stream with b's key.
        TestClient b2 = new TestClient(server, b.keys).connect();
        assertTrue(b.closed);
        assertEquals(1, a.got(RelayPacket.DisconnectNotification.class).size());
        int ba = route(b2, a);
        assertEquals(2, a.got(RelayPacket.ConnectNotification.class).size());
        assertTrue(ba >= 16);
    }

    @Test
    void dataIsDroppedForABackedUpReceiverAndAHopelessOneIsClosed() {
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        int ab = route(a, b);
        route(b, a);
        b.queued = RelayServer.Options.defaults().dropDataAboveBytes() + 1;
        a.send(new RelayPacket.Data(ab, new byte[] {1}));
        assertTrue(b.got(RelayPacket.Data.class).isEmpty());
        assertEquals(1, server.counter("dropped: receiver backed up"));
        assertEquals(RelayServer.Options.defaults().dropDataAboveBytes() + 1,
                server.counters().get("largest receiver queue (bytes)"));
        a.send(new RelayPacket.OobSend(b.publicKey(), new byte[] {1}));
        assertTrue(b.got(RelayPacket.OobRecv.class).isEmpty());
        b.queued = RelayServer.Options.defaults().closeAboveBytes() + 1;
        a.send(new RelayPacket.DisconnectNotification(ab));
        assertTrue(b.closed);
        assertFalse(a.closed);
    }

    @Test
    void onionRequestsGoToTheOnionAndResponsesComeBack() {
        List<Long> handles = new ArrayList<>();
        server.setOnion((client, req) -> handles.add(client));
        TestClient a = new TestClient(server).connect();
        a.send(new RelayPacket.OnionRequest(new byte[24], new byte[2 * RelaySizes.ONION_SEND_BASE + 1]));
        assertEquals(1, handles.size());
        assertTrue(server.onionResponse(handles.get(0), new byte[] {(byte) 0x84, 9}));
        assertEquals(new RelayPacket.OnionResponse(new byte[] {(byte) 0x84, 9}), a.last(RelayPacket.OnionResponse.class));
        a.close();
        assertFalse(server.onionResponse(handles.get(0), new byte[] {1}));
    }

    @Test
    void tooManyPendingStreamsDropTheOldest() {
        List<TestClient> cs = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            cs.add(new TestClient(server));
        }
        assertTrue(cs.get(0).closed);
        assertFalse(cs.get(1).closed);
        assertEquals(256, server.pendingCount());
    }
}
