package dev.parley.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.NodeInfo;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code askFor}: a node that knows nobody learns where a friend is from one node that knows the
 * friend, as after a DHT-key announcement naming that node (c-toxcore's dht_getnodes there).
 */
class AskForTest {

    @Test
    void oneNamedNodeLeadsToTheFriend() {
        SimulationTest.Sim s = SimulationTest.network(20, 21, 0);
        s.loop.runFor(30_000);
        DhtEngine known = s.nodes.get(0);
        DhtEngine friend = s.add();
        friend.bootstrap(known.localAddress(), known.selfKey());
        s.loop.runFor(5_000);

        DhtEngine lonely = s.add(); // bootstrapped to no one
        AtomicReference<InetSocketAddress> heard = new AtomicReference<>();
        lonely.addFriend(friend.selfKey(), heard::set);
        s.loop.runFor(10_000);
        assertFalse(lonely.friendIp(friend.selfKey()).isPresent(), "knows nobody, finds nothing on its own");

        long start = s.loop.nowMillis();
        lonely.askFor(friend.selfKey(), new NodeInfo(known.selfKey(), known.localAddress()));
        assertTrue(s.loop.runUntil(() -> heard.get() != null, 5_000), "the named node led to the friend");
        assertEquals(friend.localAddress(), heard.get());
        // A round trip to the named node, one to the friend, and at most a tick between them.
        assertTrue(s.loop.nowMillis() - start <= 1_500, "found after " + (s.loop.nowMillis() - start) + " ms");
    }
}
