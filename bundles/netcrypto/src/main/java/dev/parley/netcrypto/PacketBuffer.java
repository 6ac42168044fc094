package dev.parley.netcrypto;

/**
 * A window of lossless packets numbered with wrapping 32-bit numbers, as c-toxcore's
 * {@code Packets_Array}: {@code start} is the oldest number still held, {@code end} one past the
 * newest; holes are allowed. Send side: each entry also keeps when it was last sent
 * ({@link #UNSENT} when it waits to be (re)sent).
 */
final class PacketBuffer {
    static final int SIZE = 32768;
    static final long UNSENT = Long.MIN_VALUE;
    private static final int MASK = SIZE - 1;

    private final byte[][] data = new byte[SIZE][];
    private final long[] sentTime = new long[SIZE];
    int start;
    int end;

    static long unsigned(int x) {
        return Integer.toUnsignedLong(x);
    }

    int count() {
        return end - start;
    }

    /** Stores a packet under its number; false if outside the window or already there. */
    boolean put(int number, byte[] packet) {
        if (unsigned(number - start) >= SIZE) {
            return false;
        }
        int slot = number & MASK;
        if (data[slot] != null) {
            return false;
        }
        data[slot] = packet;
        sentTime[slot] = UNSENT;
        if (unsigned(number - start) >= unsigned(count())) {
            end = number + 1;
        }
        return true;
    }

    private boolean inWindow(int number) {
        long spots = unsigned(count());
        return !(unsigned(end - number) > spots || unsigned(number - start) >= spots);
    }

    byte[] get(int number) {
        return inWindow(number) ? data[number & MASK] : null;
    }

    long sentTime(int number) {
        return sentTime[number & MASK];
    }

    void setSentTime(int number, long time) {
        sentTime[number & MASK] = time;
    }

    void remove(int number) {
        data[number & MASK] = null;
    }

    /** Appends at the end; the packet's number, or -1 when the window is full. */
    long append(byte[] packet) {
        if (count() >= SIZE) {
            return -1;
        }
        int number = end;
        data[number & MASK] = packet;
        sentTime[number & MASK] = UNSENT;
        end++;
        return unsigned(number);
    }

    /** Takes the packet at start if it is there. */
    byte[] pollFirst() {
        if (end == start) {
            return null;
        }
        int slot = start & MASK;
        byte[] p = data[slot];
        if (p == null) {
            return null;
        }
        data[slot] = null;
        start++;
        return p;
    }

    /** Drops everything before {@code number}; false unless start < number <= end. */
    boolean clearUntil(int number) {
        long spots = unsigned(count());
        if (unsigned(end - number) >= spots || unsigned(number - start) > spots) {
            return false;
        }
        for (int i = start; i != number; i++) {
            data[i & MASK] = null;
        }
        start = number;
        return true;
    }

    void clear() {
        for (int i = start; i != end; i++) {
            data[i & MASK] = null;
        }
        start = end;
    }

    /** Moves end forward to {@code number} (a peer's next packet number); false if out of range. */
    boolean setEnd(int number) {
        if (unsigned(number - start) > SIZE || unsigned(number - end) > SIZE) {
            return false;
        }
        end = number;
        return true;
    }
}
