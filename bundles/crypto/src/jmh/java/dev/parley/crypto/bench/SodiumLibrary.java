package dev.parley.crypto.bench;

import com.sun.jna.NativeLibrary;

/** Finds the system libsodium (with or without the -dev symlink). */
final class SodiumLibrary {

    private SodiumLibrary() {
    }

    static String name() {
        for (String name : new String[] {"sodium", "libsodium.so.23"}) {
            try {
                NativeLibrary.getInstance(name);
                return name;
            } catch (UnsatisfiedLinkError e) {
                // try the next
            }
        }
        throw new IllegalStateException("libsodium not found; install libsodium23 and libsodium-dev");
    }
}
