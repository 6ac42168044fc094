package dev.parley.dht.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The system libsodium through JNA direct mapping: the reference that Parley's DHT packets must
 * open with. Not loading it is a test failure with instructions, never a skip (the crypto
 * bundle's differential tests need it too; CI installs it).
 */
final class Libsodium {

    private static final AssertionError LOAD_FAILURE;

    static {
        AssertionError failure = null;
        try {
            Native.register(Libsodium.class, NativeLibrary.getInstance("sodium"));
            if (sodium_init() < 0) {
                failure = new AssertionError("sodium_init() failed");
            }
        } catch (UnsatisfiedLinkError e) {
            failure = new AssertionError("libsodium could not be loaded through JNA "
                    + "(Debian/Ubuntu: apt-get install libsodium23 libsodium-dev)", e);
        }
        LOAD_FAILURE = failure;
    }

    private Libsodium() {
    }

    static void require() {
        if (LOAD_FAILURE != null) {
            throw LOAD_FAILURE;
        }
    }

    static native int sodium_init();

    static native int crypto_box_open_easy(byte[] m, byte[] c, long clen, byte[] n, byte[] pk, byte[] sk);
}
