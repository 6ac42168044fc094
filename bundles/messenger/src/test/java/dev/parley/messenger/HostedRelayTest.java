package dev.parley.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A friend hosting a relay names it at a loopback address under its own DHT key (c-toxcore's way). */
class HostedRelayTest {
    static final DhtKey FRIEND = DhtKey.fromHex("AB".repeat(32));
    static final DhtKey OTHER = DhtKey.fromHex("CD".repeat(32));

    @Test
    void theFriendsOwnRelayIsReachedAtTheFriendsAddress() {
        NodeInfo hosted = new NodeInfo(FRIEND, new InetSocketAddress("127.0.0.1", 33445));
        NodeInfo hostedV6 = new NodeInfo(FRIEND, new InetSocketAddress("::1", 3389));
        NodeInfo public1 = new NodeInfo(OTHER, new InetSocketAddress("198.51.100.7", 443));
        NodeInfo loopbackOther = new NodeInfo(OTHER, new InetSocketAddress("127.0.0.1", 443));
        InetSocketAddress friendUdp = new InetSocketAddress("203.0.113.9", 40123);

        assertEquals(List.of(new NodeInfo(FRIEND, new InetSocketAddress("203.0.113.9", 33445)),
                        new NodeInfo(FRIEND, new InetSocketAddress("203.0.113.9", 3389)), public1, loopbackOther),
                Messenger.hostedAt(List.of(hosted, hostedV6, public1, loopbackOther), FRIEND, friendUdp),
                "only a loopback relay under the friend's DHT key moves, to the friend's IP with its own port");
        assertEquals(List.of(hosted, public1), Messenger.hostedAt(List.of(hosted, public1), FRIEND, null),
                "the friend's address unknown (no UDP): left as named, as c-toxcore does");
        assertEquals(List.of(hosted), Messenger.hostedAt(List.of(hosted), null, friendUdp));
    }
}
