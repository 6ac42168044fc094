package dev.parley.dht.internal;

import dev.parley.dht.DhtKey;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Requests waiting for their answer, by the random 8-byte id we sent (c-toxcore's ping array): a
 * response counts only if its id is here, not expired, and it came from the key and address we
 * asked. Each id is accepted once.
 */
final class PendingRequests {

    private record Entry(DhtKey key, InetSocketAddress address, long expires) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final int capacity;
    private final long timeoutMillis;
    private final Random random;

    PendingRequests(int capacity, long timeoutMillis, Random random) {
        this.capacity = capacity;
        this.timeoutMillis = timeoutMillis;
        this.random = random;
    }

    long add(DhtKey key, InetSocketAddress address, long now) {
        if (entries.size() >= capacity) {
            Iterator<Long> it = entries.keySet().iterator();
            it.next();
            it.remove();
        }
        long id;
        do {
            id = random.nextLong();
        } while (id == 0 || entries.containsKey(id));
        entries.put(id, new Entry(key, address, now + timeoutMillis));
        return id;
    }

    /** Whether {@code id} answers a request we sent to {@code key} at {@code address}; consumes it. */
    boolean check(long id, DhtKey key, InetSocketAddress address, long now) {
        Entry e = entries.get(id);
        if (e == null || e.expires < now) {
            return false;
        }
        if (!e.key.equals(key) || !e.address.equals(address)) {
            return false;
        }
        entries.remove(id);
        return true;
    }

    int size() {
        return entries.size();
    }
}
