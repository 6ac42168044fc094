package dev.parley.crypto;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;

/**
 * The system libsodium, bound through JNA direct mapping, as the reference for differential
 * tests. Loading failure is a test failure with instructions, never a skip: CI installs it.
 */
final class Sodium {

    private static final String[] NAMES = {"sodium", "libsodium.so.23", "/usr/lib/x86_64-linux-gnu/libsodium.so.23",
        "/usr/lib/aarch64-linux-gnu/libsodium.so.23"};
    private static final Throwable LOAD_FAILURE;

    static {
        Throwable failure = null;
        List<String> tried = new ArrayList<>();
        boolean loaded = false;
        for (String name : NAMES) {
            try {
                Native.register(Sodium.class, NativeLibrary.getInstance(name));
                loaded = true;
                break;
            } catch (UnsatisfiedLinkError e) {
                tried.add(name + ": " + e.getMessage());
                failure = e;
            }
        }
        if (loaded && sodium_init() < 0) {
            failure = new IllegalStateException("sodium_init() failed");
            loaded = false;
        }
        LOAD_FAILURE = loaded ? null : new AssertionError(
                "libsodium could not be loaded through JNA; the differential tests need it "
                        + "(Debian/Ubuntu: apt-get install libsodium23 libsodium-dev). Tried " + tried, failure);
    }

    private Sodium() {
    }

    /** Fails the calling test with a clear message unless libsodium is loaded. */
    static void require() {
        if (LOAD_FAILURE != null) {
            throw (AssertionError) LOAD_FAILURE;
        }
    }

    static native int sodium_init();

    static native String sodium_version_string();

    static native int crypto_scalarmult_base(byte[] q, byte[] n);

    static native int crypto_scalarmult(byte[] q, byte[] n, byte[] p);

    static native int crypto_box_keypair(byte[] pk, byte[] sk);

    static native int crypto_box_beforenm(byte[] k, byte[] pk, byte[] sk);

    static native int crypto_box_easy_afternm(byte[] c, byte[] m, long mlen, byte[] n, byte[] k);

    static native int crypto_box_open_easy_afternm(byte[] m, byte[] c, long clen, byte[] n, byte[] k);

    static native int crypto_box_easy(byte[] c, byte[] m, long mlen, byte[] n, byte[] pk, byte[] sk);

    static native int crypto_secretbox_easy(byte[] c, byte[] m, long mlen, byte[] n, byte[] k);

    static native int crypto_secretbox_open_easy(byte[] m, byte[] c, long clen, byte[] n, byte[] k);

    static native int crypto_hash_sha256(byte[] out, byte[] in, long inlen);

    static native int crypto_hash_sha512(byte[] out, byte[] in, long inlen);

    static native long crypto_pwhash_scryptsalsa208sha256_opslimit_interactive();

    static native long crypto_pwhash_scryptsalsa208sha256_memlimit_interactive();

    static native int crypto_pwhash_scryptsalsa208sha256(byte[] out, long outlen, byte[] passwd, long passwdlen,
            byte[] salt, long opslimit, long memlimit);

    static native void sodium_increment(byte[] n, long nlen);
}
