package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;

/**
 * The small subset of MessagePack c-toxcore's {@code bin_pack}/{@code bin_unpack} use for the
 * Groups section: arrays, unsigned integers, booleans, nil and bin. Reading accepts the integer
 * encodings c-toxcore's reader accepts for a field of the given width; writing uses the shortest
 * encoding, as c-toxcore's writer does.
 */
final class MsgPack {
    private MsgPack() {
    }

    static long arrayHeader(Input in, String what) throws CorruptProfileException {
        long at = in.offset();
        int b = in.u8(what);
        if ((b & 0xF0) == 0x90) {
            return b & 0x0F;
        }
        return switch (b) {
            case 0xDC -> in.u16be(what + " array size");
            case 0xDD -> in.u32be(what + " array size");
            default -> throw in.errorAt(at, what + ": expected a msgpack array, found " + typeName(b));
        };
    }

    static void fixedArray(Input in, int size, String what) throws CorruptProfileException {
        long at = in.offset();
        long n = arrayHeader(in, what);
        if (n != size) {
            throw in.errorAt(at, what + ": expected an array of " + size + " elements, found " + n);
        }
    }

    /** An unsigned integer of at most {@code bits} (8, 16, 32) bits. */
    static long unsigned(Input in, int bits, String what) throws CorruptProfileException {
        long at = in.offset();
        int b = in.u8(what);
        if (b <= 0x7F) {
            return b;
        }
        int width = switch (b) {
            case 0xCC -> 8;
            case 0xCD -> 16;
            case 0xCE -> 32;
            default -> -1;
        };
        if (width < 0) {
            throw in.errorAt(at, what + ": expected an unsigned integer, found " + typeName(b));
        }
        if (width > bits) {
            throw in.errorAt(at, what + ": a " + width + "-bit integer where at most " + bits + " bits fit");
        }
        return switch (width) {
            case 8 -> in.u8(what);
            case 16 -> in.u16be(what);
            default -> in.u32be(what);
        };
    }

    static boolean bool(Input in, String what) throws CorruptProfileException {
        long at = in.offset();
        int b = in.u8(what);
        if (b == 0xC2 || b == 0xC3) {
            return b == 0xC3;
        }
        throw in.errorAt(at, what + ": expected a boolean, found " + typeName(b));
    }

    static void nil(Input in, String what) throws CorruptProfileException {
        long at = in.offset();
        int b = in.u8(what);
        if (b != 0xC0) {
            throw in.errorAt(at, what + ": expected nil, found " + typeName(b));
        }
    }

    /** A bin of at most {@code max} bytes. */
    static byte[] bin(Input in, int max, String what) throws CorruptProfileException {
        long at = in.offset();
        int b = in.u8(what);
        long n = switch (b) {
            case 0xC4 -> in.u8(what + " length");
            case 0xC5 -> in.u16be(what + " length");
            case 0xC6 -> in.u32be(what + " length");
            default -> throw in.errorAt(at, what + ": expected binary data, found " + typeName(b));
        };
        if (n > max) {
            throw in.errorAt(at, what + " is " + n + " bytes, the maximum is " + max);
        }
        return in.bytes((int) n, what);
    }

    static byte[] binExact(Input in, int size, String what) throws CorruptProfileException {
        long at = in.offset();
        byte[] b = bin(in, Integer.MAX_VALUE, what);
        if (b.length != size) {
            throw in.errorAt(at, what + " is " + b.length + " bytes, expected " + size);
        }
        return b;
    }

    static String typeName(int b) {
        if (b <= 0x7F) {
            return "a positive integer";
        } else if (b <= 0x8F) {
            return "a map";
        } else if (b <= 0x9F) {
            return "an array";
        } else if (b <= 0xBF) {
            return "a string";
        } else if (b >= 0xE0) {
            return "a negative integer";
        }
        return switch (b) {
            case 0xC0 -> "nil";
            case 0xC2, 0xC3 -> "a boolean";
            case 0xC4, 0xC5, 0xC6 -> "binary data";
            case 0xC7, 0xC8, 0xC9, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8 -> "an extension";
            case 0xCA, 0xCB -> "a float";
            case 0xCC, 0xCD, 0xCE, 0xCF -> "an unsigned integer";
            case 0xD0, 0xD1, 0xD2, 0xD3 -> "a signed integer";
            case 0xD9, 0xDA, 0xDB -> "a string";
            case 0xDC, 0xDD -> "an array";
            case 0xDE, 0xDF -> "a map";
            default -> String.format("the unused byte 0x%02X", b);
        };
    }

    static void writeArray(Output out, long n) {
        if (n <= 15) {
            out.u8(0x90 | (int) n);
        } else if (n <= 0xFFFF) {
            out.u8(0xDC).u16be((int) n);
        } else {
            out.u8(0xDD).u32be(n);
        }
    }

    static void writeUnsigned(Output out, long v) {
        if (v <= 0x7F) {
            out.u8((int) v);
        } else if (v <= 0xFF) {
            out.u8(0xCC).u8((int) v);
        } else if (v <= 0xFFFF) {
            out.u8(0xCD).u16be((int) v);
        } else {
            out.u8(0xCE).u32be(v);
        }
    }

    static void writeBool(Output out, boolean v) {
        out.u8(v ? 0xC3 : 0xC2);
    }

    static void writeNil(Output out) {
        out.u8(0xC0);
    }

    static void writeBin(Output out, byte[] b) {
        if (b.length <= 0xFF) {
            out.u8(0xC4).u8(b.length);
        } else if (b.length <= 0xFFFF) {
            out.u8(0xC5).u16be(b.length);
        } else {
            out.u8(0xC6).u32be(b.length);
        }
        out.bytes(b);
    }
}
