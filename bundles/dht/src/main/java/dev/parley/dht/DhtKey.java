package dev.parley.dht;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte DHT public key, a value with equals/hashCode, and the XOR metric on keys that the DHT
 * sorts nodes by.
 */
public final class DhtKey {
    public static final int SIZE = 32;

    private final byte[] bytes;
    private final int hash;

    private DhtKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A key from 32 bytes (copied). */
    public static DhtKey of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a DHT key has 32 bytes, not " + bytes.length);
        }
        return new DhtKey(bytes.clone());
    }

    /** A key from {@code data[offset, offset + 32)}. */
    public static DhtKey of(byte[] data, int offset) {
        return new DhtKey(Arrays.copyOfRange(data, offset, offset + SIZE));
    }

    /** A key from 64 hex digits. */
    public static DhtKey fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** The key bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the key to {@code dst[offset, offset + 32)}. */
    public void writeTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    /** Byte {@code i} of the key, 0-255. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /**
     * Which of {@code a} and {@code b} is closer to this key by XOR distance: negative if
     * {@code a}, positive if {@code b}, zero if they are equal (c-toxcore's {@code id_closest}).
     */
    public int compareDistance(DhtKey a, DhtKey b) {
        for (int i = 0; i < SIZE; i++) {
            int da = (bytes[i] ^ a.bytes[i]) & 0xff;
            int db = (bytes[i] ^ b.bytes[i]) & 0xff;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** How many leading bits this key shares with {@code other} (256 for equal keys). */
    public int commonPrefixBits(DhtKey other) {
        for (int i = 0; i < SIZE; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return SIZE * 8;
    }

    public String toHex() {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhtKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toHex().substring(0, 8) + "…";
    }
}
