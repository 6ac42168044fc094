package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.relay.RelayConnections;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parley's TCP relay client against c-toxcore's relay server, {@code tox-bootstrapd}: two Parley
 * nodes (each a {@link RelayConnections} on a real socket) connect to the rig's daemon, complete
 * the handshake, route to each other, get linked, exchange data both ways and OOB data, and
 * stay connected past the daemon's ping interval (it pings every 30 s and drops a client that
 * does not answer within 10 s).
 */
@ExtendWith(RigExtension.class)
class RelayClientInteropIT {

    @Test
    void twoParleyClientsMeetOnToxBootstrapdRelay(Rig rig) throws Exception {
        Bootstrapd d = rig.bootstrapd();
        InetSocketAddress at = new InetSocketAddress(d.host(), d.tcpPort());
        byte[] relayKey = HexFormat.of().parseHex(d.publicKey());
        try (RelayClientNode a = new RelayClientNode("relay-a"); RelayClientNode b = new RelayClientNode("relay-b")) {
            for (RelayClientNode n : List.of(a, b)) {
                assertTrue(n.on(() -> n.relays.addRelay(at, relayKey)));
            }
            byte[] pa = a.keys.publicKey();
            byte[] pb = b.keys.publicKey();
            a.on(() -> {
                a.relays.addPeer(pb);
                return null;
            });
            assertTrue(RelayClientNode.await(() -> call(b, () -> b.relays.readyRelays() == 1) && call(a, () -> a.relays.readyRelays() == 1),
                    20_000), "both completed the handshake with tox-bootstrapd");
            assertTrue(RelayClientNode.await(() -> call(a, () -> a.relays.isRegistered(pb)), 10_000), "tox-bootstrapd gave an id");
            // b has not routed to a yet: a's data goes out of band and reaches b.
            assertTrue(a.on(() -> a.relays.send(pb, new byte[] {42})));
            assertTrue(RelayClientNode.await(() -> b.oob.size() == 1, 10_000), "OOB through tox-bootstrapd");
            assertArrayEquals(new byte[] {42}, b.oob.get(0));

            b.on(() -> {
                b.relays.addPeer(pa);
                return null;
            });
            assertTrue(RelayClientNode.await(() -> call(a, () -> a.relays.isOnline(pb)) && call(b, () -> b.relays.isOnline(pa)), 10_000),
                    "linked by tox-bootstrapd");
            for (int i = 0; i < 20; i++) {
                byte[] m = new byte[1 + i * 50];
                m[0] = (byte) i;
                assertTrue(a.on(() -> a.relays.send(pb, m)));
                assertTrue(b.on(() -> b.relays.send(pa, m)));
            }
            assertTrue(RelayClientNode.await(() -> a.data.size() == 20 && b.data.size() == 20, 10_000));
            for (int i = 0; i < 20; i++) {
                assertEquals(1 + i * 50, b.data.get(i).length);
                assertEquals((byte) i, b.data.get(i)[0]);
                assertEquals(1 + i * 50, a.data.get(i).length);
            }

            // Through two of tox-bootstrapd's pings (every 30 s, 10 s to answer): still linked.
            assertTrue(RelayClientNode.await(() -> call(a, () -> a.relays.counters().getOrDefault("client pings answered", 0L) >= 2),
                    75_000), "tox-bootstrapd pinged twice: " + a.on(a.relays::counters));
            assertTrue(call(a, () -> a.relays.isOnline(pb) && a.relays.readyRelays() == 1), a.on(a.relays::counters).toString());
            assertTrue(b.on(() -> b.relays.send(pa, new byte[] {7})));
            assertTrue(RelayClientNode.await(() -> a.data.size() == 21, 10_000));
            assertEquals(0L, (long) a.on(a.relays::malformed));
            assertEquals(0L, (long) b.on(b.relays::malformed));
            assertEquals(1L, (long) a.on(() -> a.relays.counters().getOrDefault("connects", 0L)), "never reconnected");
        }
    }

    private static boolean call(RelayClientNode n, java.util.function.Supplier<Boolean> s) {
        try {
            return n.on(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
