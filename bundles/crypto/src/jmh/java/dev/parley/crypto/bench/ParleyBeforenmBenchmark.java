package dev.parley.crypto.bench;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** crypto_box_beforenm: X25519 plus HSalsa20, done once per peer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParleyBeforenmBenchmark {

    private KeyPair own;
    private byte[] peer;

    @Setup
    public void setup() {
        own = KeyPair.generate();
        peer = KeyPair.generate().publicKey();
    }

    @Benchmark
    public SharedKey beforenm() {
        return SharedKey.precompute(own, peer).orElseThrow();
    }
}
