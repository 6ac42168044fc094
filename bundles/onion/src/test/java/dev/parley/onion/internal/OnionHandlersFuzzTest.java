package dev.parley.onion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.net.PacketNetwork;
import dev.parley.net.SimulatedNetwork;
import dev.parley.net.VirtualEventLoop;
import dev.parley.onion.OnionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Whole packets at a whole node: any bytes, with any onion or announce kind in front, reach a
 * node's onion hop, announce store and client (through its {@link PacketNetwork}, as a datagram
 * would) and over its TCP-relay entry; no handler may throw (the network counts a throwing handler's
 * packet as malformed and logs it, which this target watches). Regression mode runs the saved
 * inputs; to fuzz: {@code JAZZER_FUZZ=1 mvn -pl bundles/onion test -Dtest=OnionHandlersFuzzTest -Djazzer.hooks=true}.
 */
class OnionHandlersFuzzTest {
    private static final int[] KINDS = {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x8c, 0x8d, 0x8e};
    private static final VirtualEventLoop LOOP = new VirtualEventLoop(1);
    private static final SimulatedNetwork SIM = new SimulatedNetwork(LOOP, 1, 0, 0);
    private static final PacketNetwork TARGET = new PacketNetwork(LOOP, SIM.newTransport());
    private static final PacketNetwork SOURCE = new PacketNetwork(LOOP, SIM.newTransport());
    private static final OnionEngine ENGINE;
    private static final List<LogRecord> THROWN = new ArrayList<>();

    static {
        DhtService dht = Dht.start(TARGET, KeyPair.fromSecretKey(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), LOOP.random(), DhtOptions.defaults());
        ENGINE = new OnionEngine(TARGET, dht, KeyPair.fromSecretKey(new byte[32]), 7, LOOP.random(), OnionOptions.defaults());
        LOOP.execute(ENGINE::start);
        Logger log = Logger.getLogger(PacketNetwork.class.getName());
        log.setLevel(Level.ALL);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null) {
                    THROWN.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        LOOP.runFor(10);
    }

    @FuzzTest(maxDuration = "60s")
    void anyPacketAtANode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] p = data.clone();
        p[0] = (byte) KINDS[(data[0] & 0xff) % KINDS.length];
        LOOP.execute(() -> SOURCE.send(TARGET.transport().localAddress(), p));
        ENGINE.tcpResponse(p);
        LOOP.runFor(5);
        assertEquals(List.of(), THROWN, "a handler threw");
    }
}
