package dev.parley.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.dht.NodeInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A seeded simulation must be a pure function of its seed: the same network built and run twice
 * ends in the same state, datagram for datagram. Nondeterminism that depends on the JVM run
 * (identity hash codes, SecureRandom, wall clock) shows only across JVMs, so the fingerprint is
 * also printed; run the test twice and compare the lines.
 */
class SimulationDeterminismTest {

    static final int NODES = Integer.getInteger("parley.sim.detNodes", 200);
    static final long VIRTUAL_MILLIS = 180_000;

    /** Datagrams, tasks, converged share and a digest of every node's close list, in node order. */
    static String fingerprint(long seed, double loss) {
        SimulationTest.Sim s = SimulationTest.network(NODES, seed, loss);
        s.loop.runFor(VIRTUAL_MILLIS);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        for (DhtEngine n : s.nodes) {
            md.update(n.selfKey().toBytes());
            for (NodeInfo i : n.closeList()) {
                md.update(i.key().toBytes());
                md.update(i.address().toString().getBytes(StandardCharsets.UTF_8));
            }
            md.update(ByteBuffer.allocate(8).putLong(-1).array());
        }
        String close = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        return String.format("seed=%d loss=%.2f nodes=%d delivered=%d lost=%d tasks=%d converged=%.4f close=%s",
                seed, loss, NODES, s.net.delivered(), s.net.lost(), s.loop.executedTasks(), s.converged(4), close);
    }

    @Test
    void sameSeedSameRun() {
        String a = fingerprint(5, 0);
        String b = fingerprint(5, 0);
        System.out.println("determinism fingerprint: " + a);
        assertEquals(a, b);
    }

    @Test
    void sameSeedSameRunWithLoss() {
        String a = fingerprint(6, 0.1);
        String b = fingerprint(6, 0.1);
        System.out.println("determinism fingerprint: " + a);
        assertEquals(a, b);
    }
}
