package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;

/**
 * Bounds-checked reader over a slice of a byte array. Every failure is a
 * {@link CorruptProfileException} naming the field, the section and the offset; offsets are array
 * indices plus {@code base}.
 */
final class Input {
    private final byte[] data;
    private final int end;
    private final long base;
    private final int sectionType;
    private int pos;

    Input(byte[] data, int start, int end, long base, int sectionType) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.base = base;
        this.sectionType = sectionType;
    }

    /** A reader over a whole payload whose offsets count from the payload start. */
    static Input of(byte[] payload, int sectionType) {
        return new Input(payload, 0, payload.length, 0, sectionType);
    }

    /** A reader over the next {@code length} bytes, advancing this one past them. */
    Input slice(int length, String what) throws CorruptProfileException {
        need(length, what);
        Input sub = new Input(data, pos, pos + length, base, sectionType);
        pos += length;
        return sub;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos == end;
    }

    long offset() {
        return base + pos;
    }

    int sectionType() {
        return sectionType;
    }

    CorruptProfileException error(String problem) {
        return new CorruptProfileException(problem, sectionType, offset());
    }

    CorruptProfileException errorAt(long offset, String problem) {
        return new CorruptProfileException(problem, sectionType, offset);
    }

    void need(long n, String what) throws CorruptProfileException {
        if (n > remaining()) {
            throw error("truncated: " + what + " needs " + n + " bytes but only " + remaining() + " remain");
        }
    }

    int u8(String what) throws CorruptProfileException {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    int u16le(String what) throws CorruptProfileException {
        need(2, what);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    int u16be(String what) throws CorruptProfileException {
        need(2, what);
        int v = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32le(String what) throws CorruptProfileException {
        need(4, what);
        long v = Bytes.u32le(data, pos);
        pos += 4;
        return v;
    }

    long u32be(String what) throws CorruptProfileException {
        need(4, what);
        long v = Bytes.u32be(data, pos);
        pos += 4;
        return v;
    }

    long u64le(String what) throws CorruptProfileException {
        need(8, what);
        long v = Bytes.u32le(data, pos) | Bytes.u32le(data, pos + 4) << 32;
        pos += 8;
        return v;
    }

    long u64be(String what) throws CorruptProfileException {
        need(8, what);
        long v = Bytes.u32be(data, pos) << 32 | Bytes.u32be(data, pos + 4);
        pos += 8;
        return v;
    }

    byte[] bytes(int n, String what) throws CorruptProfileException {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(int n, String what) throws CorruptProfileException {
        need(n, what);
        pos += n;
    }

    byte[] rest() {
        byte[] out = new byte[end - pos];
        System.arraycopy(data, pos, out, 0, out.length);
        pos = end;
        return out;
    }

    void expectEnd(String what) throws CorruptProfileException {
        if (pos != end) {
            throw error(remaining() + " unexpected trailing bytes after " + what);
        }
    }
}
