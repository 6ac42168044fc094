package dev.parley.onion.internal;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shared keys of one own key with peers, most recently used kept (an X25519 costs). The own
 * secret is either a key pair we hold (our long-term or temporary keys) or the DHT's, which only
 * the DHT holds: then {@code compute} is {@link dev.parley.dht.DhtService#sharedKey}.
 */
final class KeyCache {
    private final Function<DhtKey, Optional<SharedKey>> compute;
    private final LinkedHashMap<DhtKey, SharedKey> keys;

    KeyCache(KeyPair own, int max) {
        this(peer -> SharedKey.precompute(own, peer.toBytes()), max);
    }

    KeyCache(Function<DhtKey, Optional<SharedKey>> compute, int max) {
        this.compute = compute;
        this.keys = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<DhtKey, SharedKey> e) {
                return size() > max;
            }
        };
    }

    Optional<SharedKey> get(DhtKey peer) {
        SharedKey k = keys.get(peer);
        if (k != null) {
            return Optional.of(k);
        }
        Optional<SharedKey> c = compute.apply(peer);
        c.ifPresent(s -> keys.put(peer, s));
        return c;
    }

    Optional<SharedKey> get(byte[] peer) {
        return get(DhtKey.of(peer));
    }
}
