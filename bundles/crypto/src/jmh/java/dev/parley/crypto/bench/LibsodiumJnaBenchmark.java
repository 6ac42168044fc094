package dev.parley.crypto.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * libsodium called from Java through JNA direct mapping, on native buffers so that no array is
 * copied: what remains on top of libsodium is the JNA call cost (a few hundred nanoseconds).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LibsodiumJnaBenchmark {

    static {
        Native.register(LibsodiumJnaBenchmark.class, NativeLibrary.getInstance(SodiumLibrary.name()));
        if (sodium_init() < 0) {
            throw new IllegalStateException("sodium_init failed");
        }
    }

    static native int sodium_init();

    static native int crypto_box_keypair(Pointer pk, Pointer sk);

    static native int crypto_box_beforenm(Pointer k, Pointer pk, Pointer sk);

    static native int crypto_box_easy_afternm(Pointer c, Pointer m, long mlen, Pointer n, Pointer k);

    static native int crypto_box_open_easy_afternm(Pointer m, Pointer c, long clen, Pointer n, Pointer k);

    @Param({"100", "1024", "65536"})
    public int size;

    private Memory key;
    private Memory nonce;
    private Memory plain;
    private Memory sealed;
    private Memory opened;

    @Setup
    public void setup() {
        Memory pk = new Memory(32);
        Memory sk = new Memory(32);
        Memory pk2 = new Memory(32);
        Memory sk2 = new Memory(32);
        crypto_box_keypair(pk, sk);
        crypto_box_keypair(pk2, sk2);
        key = new Memory(32);
        crypto_box_beforenm(key, pk2, sk);
        nonce = new Memory(24);
        nonce.clear();
        plain = new Memory(size);
        plain.clear();
        sealed = new Memory(size + 16);
        opened = new Memory(size);
        crypto_box_easy_afternm(sealed, plain, size, nonce, key);
    }

    @Benchmark
    public int seal() {
        return crypto_box_easy_afternm(sealed, plain, size, nonce, key);
    }

    @Benchmark
    public int open() {
        int rc = crypto_box_open_easy_afternm(opened, sealed, size + 16, nonce, key);
        if (rc != 0) {
            throw new AssertionError("open failed");
        }
        return rc;
    }

    /** crypto_box_beforenm through JNA; in its own state so it is not repeated per size. */
    @State(Scope.Thread)
    public static class Beforenm {
        private final Memory pk = new Memory(32);
        private final Memory sk = new Memory(32);
        private final Memory peer = new Memory(32);
        private final Memory key = new Memory(32);

        @Setup
        public void setup() {
            crypto_box_keypair(pk, sk);
            Memory sk2 = new Memory(32);
            crypto_box_keypair(peer, sk2);
        }

        @Benchmark
        public int beforenm() {
            return crypto_box_beforenm(key, peer, sk);
        }
    }
}
