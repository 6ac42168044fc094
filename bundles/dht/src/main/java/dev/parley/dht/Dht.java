package dev.parley.dht;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.internal.DhtEngine;
import dev.parley.net.PacketNetwork;
import java.security.SecureRandom;
import java.util.Random;

/** Starts DHT nodes. */
public final class Dht {
    private Dht() {
    }

    /** A DHT node with a new key pair, on {@code network} (whose loop it then lives on). */
    public static DhtService start(PacketNetwork network, DhtOptions options) {
        return start(network, KeyPair.generate(), new SecureRandom(), options);
    }

    /** A DHT node with the given key pair and random source (seeded in simulations). */
    public static DhtService start(PacketNetwork network, KeyPair keys, Random random, DhtOptions options) {
        DhtEngine e = new DhtEngine(network, keys, random, options);
        network.loop().execute(e::start);
        return e;
    }
}
