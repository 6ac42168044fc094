package dev.parley.dht.internal;

import dev.parley.net.ForwardingTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every ping and nodes packet that the nodes of a seeded simulation exchange must open with
 * libsodium's {@code crypto_box_open_easy} under the receiver's DHT secret key, as it would in
 * c-toxcore. A wrong precomputed shared key that both sides get wrong in the same way (for
 * instance all-zero key words) still lets Parley nodes talk to each other, so neither
 * convergence nor {@link SimulationDeterminismTest} notices it; this test does.
 *
 * <p>The build also runs it in a JVM with {@code -XX:+UseParallelGC} (a surefire execution in
 * this bundle's pom): there, on OpenJDK 17.0.15, C2 used to compile
 * {@code SharedKey.precompute} into code that returned all-zero keys (docs/BENCHMARKS.md).
 */
class SimulationLibsodiumTest {

    /** The kinds that use the DHT envelope: kind, sender key (32), nonce (24), box. */
    private static boolean envelope(byte kind) {
        return kind == 0x00 || kind == 0x01 || kind == 0x02 || kind == 0x04;
    }

    @Test
    void everyDhtPacketOpensWithLibsodium() {
        Libsodium.require();
        AtomicLong checked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        StringBuilder firstFailures = new StringBuilder();
        SimulationTest.Sim sim = SimulationTest.network(SimulationDeterminismTest.NODES, 5, 0, s -> t -> new ForwardingTransport(t) {
            @Override
            public void start(Receiver receiver) {
                t.start((from, data) -> {
                    if (data.length >= 1 + 32 + 24 + 16 && envelope(data[0])) {
                        byte[] sk = s.secretKeys.get(t.localAddress());
                        byte[] pk = Arrays.copyOfRange(data, 1, 33);
                        byte[] nonce = Arrays.copyOfRange(data, 33, 57);
                        byte[] box = Arrays.copyOfRange(data, 57, data.length);
                        byte[] plain = new byte[box.length - 16];
                        checked.incrementAndGet();
                        if (Libsodium.crypto_box_open_easy(plain, box, box.length, nonce, pk, sk) != 0
                                && failed.incrementAndGet() <= 3) {
                            firstFailures.append(String.format("%n  kind 0x%02x from %s to %s", data[0], from,
                                    t.localAddress()));
                        }
                    }
                    receiver.receive(from, data);
                });
            }
        });
        sim.loop.runFor(SimulationDeterminismTest.VIRTUAL_MILLIS);
        System.out.printf("DHT packets checked against libsodium: %d, failed: %d (%s)%n", checked.get(),
                failed.get(), System.getProperty("java.vm.name") + " " + Runtime.version());
        assertTrue(checked.get() > 30_000, "too few packets checked: " + checked.get());
        assertEquals(0, failed.get(), "DHT packets that libsodium cannot open (first ones:" + firstFailures + ")");
    }
}
