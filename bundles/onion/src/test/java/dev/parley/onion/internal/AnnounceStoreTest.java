package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.wire.AnnouncePayload;
import dev.parley.onion.wire.AnnounceRequest;
import dev.parley.onion.wire.AnnounceResponse;
import dev.parley.onion.wire.AnnounceResult;
import dev.parley.onion.wire.OnionKind;
import dev.parley.onion.wire.OnionResponse;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The announce node on its own: both request generations, ping ids, storing, expiry. */
class AnnounceStoreTest {

    @Test
    void searchThenAnnounceWithPingIdInBothGenerationsAndExpire() {
        VirtualEventLoop loop = new VirtualEventLoop(3);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 5, 0, 0);
        PacketNetwork serverNet = new PacketNetwork(loop, sim.newTransport());
        KeyPair serverKeys = KeyPair.generate();
        DhtService dht = Dht.start(serverNet, serverKeys, loop.random(), DhtOptions.defaults());
        AnnounceStore store = new AnnounceStore(serverNet, dht, loop.random());
        loop.execute(store::start);
        PacketNetwork clientNet = new PacketNetwork(loop, sim.newTransport());
        List<OnionResponse> got = new ArrayList<>();
        clientNet.register(OnionKind.RECV_3, (from, data) -> {
            got.add(OnionResponse.decode(Unpooled.wrappedBuffer(data)));
            return Verdict.HANDLED;
        });
        KeyPair me = null;
        KeyPair dataKey = KeyPair.generate();
        byte[] ret = new byte[OnionKind.RETURN_3];
        for (int kind : new int[] {OnionKind.ANNOUNCE_REQUEST, OnionKind.ANNOUNCE_REQUEST_OLD}) {
            me = KeyPair.generate();
            SharedKey k = SharedKey.precompute(me, serverKeys.publicKey()).orElseThrow();
            got.clear();
            // 1. search with a zero ping id: not stored, a ping id comes back
            AnnouncePayload search = new AnnouncePayload(new byte[32], me.publicKey(), dataKey.publicKey(), new byte[8], new byte[0]);
            byte[] req = AnnounceRequest.seal(kind, me.publicKey(), k, Nonce.random(), search).toBytes();
            clientNet.send(serverNet.transport().localAddress(), concat(req, ret));
            loop.runFor(100);
            assertEquals(1, got.size());
            AnnounceResponse r = AnnounceResponse.decode(Unpooled.wrappedBuffer(got.get(0).payload()));
            assertEquals(kind + 1 == 0x84 ? 0x84 : 0x88, r.kind());
            AnnounceResult res = r.open(k).orElseThrow();
            assertEquals(AnnounceResult.NOT_FOUND, res.isStored());
            // 2. announce with that ping id: stored
            AnnouncePayload announce = new AnnouncePayload(res.pingIdOrKey(), me.publicKey(), dataKey.publicKey(), new byte[8], new byte[0]);
            clientNet.send(serverNet.transport().localAddress(),
                    concat(AnnounceRequest.seal(kind, me.publicKey(), k, Nonce.random(), announce).toBytes(), ret));
            loop.runFor(100);
            AnnounceResult stored = AnnounceResponse.decode(Unpooled.wrappedBuffer(got.get(1).payload())).open(k).orElseThrow();
            assertEquals(AnnounceResult.STORED, stored.isStored());
            assertTrue(store.holds(DhtKey.of(me.publicKey())));
        }
        // 3. someone else searching finds our data key
        KeyPair other = KeyPair.generate();
        SharedKey ko = SharedKey.precompute(other, serverKeys.publicKey()).orElseThrow();
        got.clear();
        AnnouncePayload s = new AnnouncePayload(new byte[32], me.publicKey(), new byte[32], new byte[8], new byte[0]);
        clientNet.send(serverNet.transport().localAddress(),
                concat(AnnounceRequest.seal(OnionKind.ANNOUNCE_REQUEST_OLD, other.publicKey(), ko, Nonce.random(), s).toBytes(), ret));
        loop.runFor(100);
        AnnounceResult found = AnnounceResponse.decode(Unpooled.wrappedBuffer(got.get(0).payload())).open(ko).orElseThrow();
        assertEquals(AnnounceResult.FOUND, found.isStored());
        assertArrayEquals(dataKey.publicKey(), found.pingIdOrKey());
        // 4. after 300 s without a refresh the announcement is gone
        loop.runFor(301_000);
        assertEquals(0, store.size());
        assertEquals(0, serverNet.counters(0x83).malformed() + serverNet.counters(0x87).malformed());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] o = new byte[a.length + b.length];
        System.arraycopy(a, 0, o, 0, a.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
