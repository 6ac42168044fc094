package dev.parley.crypto.bench;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parley's crypto_box afternm on caller-supplied arrays, as a packet path would use it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParleyBenchmark {

    @Param({"100", "1024", "65536"})
    public int size;

    private SharedKey key;
    private final byte[] nonce = new byte[24];
    private byte[] plain;
    private byte[] sealed;
    private byte[] opened;

    @Setup
    public void setup() {
        key = SharedKey.precompute(KeyPair.generate(), KeyPair.generate().publicKey()).orElseThrow();
        plain = new byte[size];
        new java.util.Random(1).nextBytes(plain);
        sealed = new byte[size + 16];
        opened = new byte[size];
        key.seal(nonce, 0, plain, 0, size, sealed, 0);
    }

    @Benchmark
    public byte[] seal() {
        key.seal(nonce, 0, plain, 0, size, sealed, 0);
        return sealed;
    }

    @Benchmark
    public int open() {
        int n = key.open(nonce, 0, sealed, 0, size + 16, opened, 0);
        if (n < 0) {
            throw new AssertionError("open failed");
        }
        return n;
    }
}
