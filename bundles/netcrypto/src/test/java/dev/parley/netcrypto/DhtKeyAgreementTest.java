package dev.parley.netcrypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A net_crypto given only the DHT public key and a key-agreement function talks to a usual one. */
class DhtKeyAgreementTest {

    static final class Log implements SessionListener {
        final List<byte[]> lossless = new ArrayList<>();
        int established;

        @Override
        public void established(CryptoSession s) {
            established++;
        }

        @Override
        public void lossless(CryptoSession s, byte[] data) {
            lossless.add(data);
        }
    }

    @Test
    void sessionWithoutTheDhtSecretKey() {
        VirtualEventLoop loop = new VirtualEventLoop(7);
        SimulatedNetwork sim = new SimulatedNetwork(loop, 10, 0, 0);
        KeyPair aReal = KeyPair.generate();
        KeyPair aDht = KeyPair.generate();
        KeyPair bReal = KeyPair.generate();
        KeyPair bDht = KeyPair.generate();
        AtomicInteger agreements = new AtomicInteger();
        PacketNetwork aNet = new PacketNetwork(loop, sim.newTransport());
        PacketNetwork bNet = new PacketNetwork(loop, sim.newTransport());
        NetCrypto a = NetCrypto.attach(aNet, aReal, aDht.publicKey(), peer -> {
            agreements.incrementAndGet();
            return SharedKey.precompute(aDht, peer);
        }, NetCrypto.Options.defaults());
        NetCrypto b = NetCrypto.attach(bNet, bReal, bDht, NetCrypto.Options.defaults());
        assertArrayEquals(aDht.publicKey(), a.dhtPublicKey());
        Log aLog = new Log();
        Log bLog = new Log();
        b.setIncomingHandler((r, d, from) -> bLog);
        a.setIncomingHandler((r, d, from) -> aLog);
        // Both directions: a opens to b, and a accepts a session b opens (after a kill).
        CryptoSession s = a.connect(bReal.publicKey(), bDht.publicKey(), bNet.transport().localAddress(), aLog);
        assertTrue(loop.runUntil(() -> aLog.established == 1 && bLog.established == 1, 5_000));
        s.sendLossless(new byte[] {16, 1}, true);
        assertTrue(loop.runUntil(() -> bLog.lossless.size() == 1, 5_000));
        assertTrue(agreements.get() >= 1, "the DHT shared key came from the function");
        s.kill();
        loop.runUntil(() -> false, 500);
        b.connect(aReal.publicKey(), aDht.publicKey(), aNet.transport().localAddress(), bLog);
        assertTrue(loop.runUntil(() -> aLog.established == 2 && bLog.established == 2, 5_000));
        assertEquals(0, a.badPackets() + b.badPackets());
    }
}
