package dev.parley.onion;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.internal.OnionEngine;
import dev.parley.onion.internal.OnionRelayImpl;
import java.util.Random;

/**
 * Starts a node's onion next to its DHT, on the same network and loop. Onion hops and announce
 * nodes are addressed by DHT key; the DHT's secret key never leaves the DHT: the onion asks
 * {@link DhtService#sharedKey} for the precomputed key of each peer it talks to.
 */
public final class Onion {
    private Onion() {
    }

    /**
     * The whole onion: the client (announcing {@code longTerm}, friend finding, friend requests)
     * and, if {@link OnionOptions#serve()}, the node side as {@link #serve} starts it.
     *
     * @param longTerm the user's long-term key pair
     * @param nospam the nospam of our Tox ID
     */
    public static OnionService start(PacketNetwork net, DhtService dht, KeyPair longTerm, int nospam, Random random,
            OnionOptions options) {
        OnionEngine e = new OnionEngine(net, dht, longTerm, nospam, random, options);
        net.loop().execute(e::start);
        return e;
    }

    /**
     * Only the node side, which needs no long-term identity: forwarding onion requests and
     * responses as a hop, and the announce store (what {@code tox-bootstrapd} serves). Start at
     * most one per network, and not next to a {@link #start} whose options serve.
     */
    public static OnionRelay serve(PacketNetwork net, DhtService dht, Random random) {
        OnionRelayImpl r = new OnionRelayImpl(net, dht, random);
        net.loop().execute(r::start);
        return r;
    }
}
