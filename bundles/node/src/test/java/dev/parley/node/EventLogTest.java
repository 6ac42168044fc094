package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void oneJsonObjectAndOneLogLinePerEvent() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(1000);
        try (EventLog e = new EventLog(new PrintStream(events, true, StandardCharsets.UTF_8), false,
                new PrintStream(log, true, StandardCharsets.UTF_8), clock::get)) {
            clock.set(1042);
            e.emit("ready", EventLog.fields("dht_id", "AB", "udp_port", 33445, "address", null));
            e.emit("self_connection", EventLog.fields("status", "udp \"x\""));
        }
        assertEquals("""
                {"ts":42,"event":"ready","dht_id":"AB","udp_port":33445,"address":null}
                {"ts":42,"event":"self_connection","status":"udp \\"x\\""}
                """, events.toString(StandardCharsets.UTF_8));
        assertEquals("""
                parley-node: ready dht_id=AB udp_port=33445 address=-
                parley-node: self_connection status=udp "x"
                """, log.toString(StandardCharsets.UTF_8));
    }
}
