package dev.parley.node;

import dev.parley.relay.TcpRelayService;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code relay} event: the TCP relay server's counters, reported by the node's once-a-second
 * poll whenever they changed since the last report (so an idle relay stays quiet).
 */
final class RelayEvents {
    static final String FORWARDED = "data forwarded";
    static final String DROPPED = "dropped: receiver backed up";
    static final String LARGEST_QUEUE = "largest receiver queue (bytes)";

    private Map<String, Long> last = Map.of();
    private int lastClients = -1;

    /** Reads the counters (waiting at most 5 s for the node's loop) and emits {@code relay} if they changed. */
    void poll(TcpRelayService relay, EventLog events) throws InterruptedException {
        Map<String, Long> now;
        int clients;
        try {
            now = relay.counters().toCompletableFuture().get(5, TimeUnit.SECONDS);
            clients = relay.clients().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        if (now.equals(last) && clients == lastClients) {
            return;
        }
        last = now;
        lastClients = clients;
        events.emit("relay", fields(clients, now));
    }

    static Map<String, Object> fields(int clients, Map<String, Long> counters) {
        return EventLog.fields("clients", clients,
                "forwarded", counters.getOrDefault(FORWARDED, 0L),
                "dropped", counters.getOrDefault(DROPPED, 0L),
                "largest_queue", counters.getOrDefault(LARGEST_QUEUE, 0L),
                "counters", counters);
    }
}
