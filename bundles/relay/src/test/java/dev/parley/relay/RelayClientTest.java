package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.net.VirtualEventLoop;
import dev.parley.relay.wire.RelayPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay client against the relay server's logic, in memory on virtual time. */
class RelayClientTest {
    static final InetSocketAddress AT = new InetSocketAddress("127.0.0.1", 33445);

    VirtualEventLoop loop;
    RelayServer server;
    MemoryRelays net;
    List<byte[]> onionSent = new ArrayList<>();
    List<Long> onionClients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = new VirtualEventLoop(11);
        server = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(3));
        server.setOnion((client, request) -> {
            onionClients.add(client);
            onionSent.add(request.payload());
            return true;
        });
        server.start();
        net = new MemoryRelays(loop);
        net.add(AT, server);
    }

    /** Records what a client tells. */
    static final class Events implements RelayClient.Listener {
        boolean ready;
        String closed;
        final List<String> log = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();
        final List<byte[]> oob = new ArrayList<>();
        final List<byte[]> onion = new ArrayList<>();
        int routedId = -1;

        @Override
        public void ready(RelayClient c) {
            ready = true;
        }

        @Override
        public void routed(RelayClient c, byte[] peer, int id) {
            routedId = id;
        }

        @Override
        public void peerOnline(RelayClient c, byte[] peer) {
            log.add("online");
        }

        @Override
        public void peerOffline(RelayClient c, byte[] peer) {
            log.add("offline");
        }

        @Override
        public void data(RelayClient c, byte[] peer, byte[] d) {
            data.add(d);
        }

        @Override
        public void oob(RelayClient c, byte[] sender, byte[] d) {
            oob.add(sender);
            oob.add(d);
        }

        @Override
        public void onionResponse(RelayClient c, byte[] payload) {
            onion.add(payload);
        }

        @Override
        public void closed(RelayClient c, String reason) {
            closed = reason;
        }
    }

    RelayClient client(KeyPair keys, Events e) {
        RelayClient c = RelayClient.of(loop, keys, server.publicKey(), RelayClient.Options.defaults(), new Random(5), e);
        net.connect(AT, c);
        return c;
    }

    @Test
    void handshakeMakesTheClientReadyAndConfirmedAtTheServer() {
        Events e = new Events();
        RelayClient c = client(KeyPair.generate(), e);
        assertTrue(loop.runUntil(() -> e.ready && server.clientCount() == 1, 5_000));
        assertEquals(RelayClient.State.READY, c.state());
        assertEquals(0, c.malformed());
    }

    @Test
    void twoClientsRouteToEachOtherLinkExchangeDataAndSeeTheDisconnect() {
        KeyPair ka = KeyPair.generate();
        KeyPair kb = KeyPair.generate();
        Events ea = new Events();
        Events eb = new Events();
        RelayClient a = client(ka, ea);
        RelayClient b = client(kb, eb);
        a.route(kb.publicKey()); // before ready: sent once the handshake is done
        assertTrue(loop.runUntil(() -> ea.routedId >= 16, 5_000));
        assertFalse(a.isOnline(kb.publicKey()));
        assertFalse(a.sendData(kb.publicKey(), new byte[] {1}), "no data before the link");
        b.route(ka.publicKey());
        assertTrue(loop.runUntil(() -> a.isOnline(kb.publicKey()) && b.isOnline(ka.publicKey()), 5_000));
        assertEquals(List.of("online"), ea.log);

        assertTrue(a.sendData(kb.publicKey(), new byte[] {1, 2, 3}));
        assertTrue(b.sendData(ka.publicKey(), new byte[] {9}));
        assertTrue(loop.runUntil(() -> eb.data.size() == 1 && ea.data.size() == 1, 5_000));
        assertArrayEquals(new byte[] {1, 2, 3}, eb.data.get(0));
        assertArrayEquals(new byte[] {9}, ea.data.get(0));

        b.unroute(ka.publicKey());
        assertTrue(loop.runUntil(() -> ea.log.equals(List.of("online", "offline")), 5_000));
        assertTrue(a.registered(kb.publicKey()), "a keeps its id, waiting");
        b.route(ka.publicKey());
        assertTrue(loop.runUntil(() -> ea.log.size() == 3, 5_000), "linked again");

        b.close("test");
        assertTrue(loop.runUntil(() -> ea.log.size() == 4, 5_000));
        assertEquals("offline", ea.log.get(3));
        assertEquals(0, a.malformed() + b.malformed());
        assertEquals(0L, server.counter("protocol errors"));
    }

    @Test
    void outOfBandDataReachesAnotherClientOfTheRelay() {
        KeyPair ka = KeyPair.generate();
        KeyPair kb = KeyPair.generate();
        Events ea = new Events();
        Events eb = new Events();
        RelayClient a = client(ka, ea);
        client(kb, eb);
        assertTrue(loop.runUntil(() -> ea.ready && eb.ready && server.clientCount() == 2, 5_000));
        assertTrue(a.sendOob(kb.publicKey(), new byte[] {7, 7}));
        assertTrue(loop.runUntil(() -> eb.oob.size() == 2, 5_000));
        assertArrayEquals(ka.publicKey(), eb.oob.get(0));
        assertArrayEquals(new byte[] {7, 7}, eb.oob.get(1));
        assertFalse(a.sendOob(kb.publicKey(), new byte[0]));
        assertFalse(a.sendOob(kb.publicKey(), new byte[1025]));
    }

    @Test
    void onionRequestGoesToTheRelaysOnionAndTheResponseComesBack() {
        Events e = new Events();
        RelayClient c = client(KeyPair.generate(), e);
        assertTrue(loop.runUntil(() -> e.ready && server.clientCount() == 1, 5_000));
        byte[] payload = new byte[200];
        new Random(1).nextBytes(payload);
        assertTrue(c.sendOnion(new RelayPacket.OnionRequest(new byte[24], payload)));
        assertTrue(loop.runUntil(() -> onionSent.size() == 1, 5_000));
        assertArrayEquals(payload, onionSent.get(0));
        server.onionResponse(onionClients.get(0), new byte[] {(byte) 0x84, 1, 2});
        assertTrue(loop.runUntil(() -> e.onion.size() == 1, 5_000));
        assertArrayEquals(new byte[] {(byte) 0x84, 1, 2}, e.onion.get(0));
    }

    @Test
    void pingsBothWaysKeepTheConnectionForMinutes() {
        Events e = new Events();
        RelayClient c = client(KeyPair.generate(), e);
        loop.runFor(5 * 60_000);
        assertEquals(RelayClient.State.READY, c.state());
        assertEquals(1, server.clientCount());
        assertEquals(0L, server.counter("streams closed by server"));
        assertEquals(null, e.closed);
    }

    @Test
    void noServerHandshakeWithinTheTimeoutClosesTheConnection() {
        Events e = new Events();
        RelayClient silent = RelayClient.of(loop, KeyPair.generate(), server.publicKey(), RelayClient.Options.defaults(),
                new Random(2), e);
        SilentLink link = new SilentLink();
        silent.connected(link);
        assertEquals(1, link.written.size());
        assertEquals(128, link.written.get(0).length, "the client handshake");
        assertTrue(loop.runUntil(() -> e.closed != null, 11_000));
        assertTrue(loop.nowMillis() >= 10_000);
        assertTrue(e.closed.contains("no server handshake"), e.closed);
        assertTrue(link.closed);
        assertEquals(1L, silent.counter("handshake timeouts"));
    }

    @Test
    void noPongWithinTheTimeoutClosesTheConnection() {
        Events e = new Events();
        RelayClient c = client(KeyPair.generate(), e);
        assertTrue(loop.runUntil(() -> e.ready && server.clientCount() == 1, 5_000));
        // From now on the relay reads but never writes: swallow the server's side.
        server.stop(); // ends the real stream ...
        assertTrue(loop.runUntil(() -> e.closed != null, 5_000), "... which the client sees at once");

        // A relay that completed the handshake and then goes silent: answer by hand once.
        Events e2 = new Events();
        RelayServer quiet = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(9));
        RelayClient c2 = RelayClient.of(loop, KeyPair.generate(), quiet.publicKey(), RelayClient.Options.defaults(),
                new Random(4), e2);
        SilentLink toServer = new SilentLink();
        RelayServer.Session s = quiet.open(new RelayLink() {
            @Override
            public void write(byte[] bytes) {
                loop.execute(() -> c2.received(bytes.clone()));
            }

            @Override
            public long queuedBytes() {
                return 0;
            }

            @Override
            public void close() {
            }

            @Override
            public String describe() {
                return "one-way";
            }
        });
        c2.connected(toServer);
        s.received(toServer.written.get(0)); // the handshake reaches the server, nothing later does
        assertTrue(loop.runUntil(() -> e2.ready, 5_000));
        long readyAt = loop.nowMillis();
        assertTrue(loop.runUntil(() -> e2.closed != null, 60_000));
        assertTrue(e2.closed.contains("no pong"), e2.closed);
        long took = loop.nowMillis() - readyAt;
        assertTrue(took >= 10_000 && took <= 12_000, "closed " + took + " ms after the first ping");
        assertEquals(1L, c2.counter("ping timeouts"));
    }

    @Test
    void aWrongRelayKeyNeverGetsReady() {
        Events e = new Events();
        RelayClient c = RelayClient.of(loop, KeyPair.generate(), KeyPair.generate().publicKey(),
                RelayClient.Options.defaults(), new Random(5), e);
        net.connect(AT, c);
        assertTrue(loop.runUntil(() -> e.closed != null, 11_000));
        assertFalse(e.ready);
        assertEquals(1L, server.counter("handshakes not authenticated"));
    }

    @Test
    void garbageFromTheRelayClosesTheConnectionAndIsCounted() {
        Events e = new Events();
        RelayClient c = RelayClient.of(loop, KeyPair.generate(), server.publicKey(), RelayClient.Options.defaults(),
                new Random(5), e);
        SilentLink link = new SilentLink();
        c.connected(link);
        c.received(new byte[96]); // a server handshake that does not open
        assertEquals(RelayClient.State.CLOSED, c.state());
        assertEquals(1L, c.malformed());
        assertTrue(link.closed);
        assertFalse(c.sendOob(new byte[32], new byte[] {1}));
    }

    static final class SilentLink implements RelayLink {
        final List<byte[]> written = new ArrayList<>();
        boolean closed;

        @Override
        public void write(byte[] bytes) {
            written.add(bytes.clone());
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String describe() {
            return "silent";
        }
    }
}
