package dev.parley.dht.internal;

import dev.parley.dht.DhtKey;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * One node in a client list (c-toxcore's {@code Client_data}): its key and one association per
 * address family, each with when we last heard from it and last asked it for nodes.
 */
final class Client {

    /** What we know of a node at one address. Times are event-loop milliseconds; 0 is never. */
    static final class Assoc {
        InetSocketAddress address;
        long heard;
        long pinged;
        /** Where this node sees us (or a friend), from its nodes responses. */
        InetSocketAddress returned;
        long returnedAt;

        boolean isSet() {
            return address != null;
        }

        void reset(InetSocketAddress a, long now) {
            address = a;
            heard = now;
            pinged = 0;
            returned = null;
            returnedAt = 0;
        }
    }

    DhtKey key;
    final Assoc v4 = new Assoc();
    final Assoc v6 = new Assoc();

    Client(DhtKey key) {
        this.key = key;
    }

    Assoc assoc(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? v4 : v6;
    }

    /** The association heard from most recently (c-toxcore's pick for an unspecified family). */
    Assoc newest() {
        return v4.heard >= v6.heard ? v4 : v6;
    }
}
