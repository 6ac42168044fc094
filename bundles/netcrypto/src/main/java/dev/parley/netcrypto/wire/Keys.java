package dev.parley.netcrypto.wire;

import io.netty.buffer.ByteBuf;

/** Small helpers for fixed-size fields. */
final class Keys {
    private Keys() {
    }

    static byte[] read(ByteBuf in, int n, String what) {
        MalformedPacketException.check(in.readableBytes() >= n, what + ": truncated");
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    static byte[] requireSize(byte[] b, int n, String what) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException(what + " must be " + n + " bytes");
        }
        return b.clone();
    }
}
