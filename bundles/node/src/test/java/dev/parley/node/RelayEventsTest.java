package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.relay.TcpRelayService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RelayEventsTest {

    static final class FakeRelay implements TcpRelayService {
        Map<String, Long> counters = new TreeMap<>();
        int clients;

        @Override
        public List<Integer> tcpPorts() {
            return List.of(33445);
        }

        @Override
        public CompletionStage<Integer> clients() {
            return CompletableFuture.completedFuture(clients);
        }

        @Override
        public CompletionStage<Map<String, Long>> counters() {
            return CompletableFuture.completedFuture(new TreeMap<>(counters));
        }
    }

    @Test
    void reportsOnlyWhenTheCountersChanged() throws Exception {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        FakeRelay relay = new FakeRelay();
        RelayEvents poller = new RelayEvents();
        try (EventLog e = new EventLog(new PrintStream(events, true, StandardCharsets.UTF_8), false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> 0L)) {
            relay.clients = 2;
            relay.counters.put(RelayEvents.FORWARDED, 10L);
            relay.counters.put(RelayEvents.LARGEST_QUEUE, 2048L);
            poller.poll(relay, e);
            poller.poll(relay, e); // unchanged: quiet
            relay.counters.put(RelayEvents.DROPPED, 3L);
            poller.poll(relay, e);
        }
        assertEquals("""
                {"ts":0,"event":"relay","clients":2,"forwarded":10,"dropped":0,"largest_queue":2048,\
                "counters":{"data forwarded":10,"largest receiver queue (bytes)":2048}}
                {"ts":0,"event":"relay","clients":2,"forwarded":10,"dropped":3,"largest_queue":2048,\
                "counters":{"data forwarded":10,"dropped: receiver backed up":3,"largest receiver queue (bytes)":2048}}
                """, events.toString(StandardCharsets.UTF_8));
    }
}
