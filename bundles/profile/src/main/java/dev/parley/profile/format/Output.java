package dev.parley.profile.format;

import java.util.Arrays;

/** Growable little byte buffer for encoders. */
final class Output {
    private byte[] buf;
    private int size;

    Output(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (more > buf.length - size) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("save data larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    int size() {
        return size;
    }

    Output u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    Output u16le(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    Output u16be(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    Output u32le(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    Output u32be(long v) {
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    Output u64le(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    Output u64be(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    Output bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    Output bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** {@code b} followed by zeros up to {@code width} bytes; {@code b} must not be longer. */
    Output padded(byte[] b, int width) {
        if (b.length > width) {
            throw new IllegalArgumentException(b.length + " bytes do not fit a field of " + width);
        }
        bytes(b);
        return zeros(width - b.length);
    }

    Output zeros(int n) {
        ensure(n);
        size += n;
        return this;
    }

    /** Writes a section header (length, type, cookie) at the current position. */
    Output header(long length, int type, int cookie) {
        return u32le(length).u16le(type).u16le(cookie);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
