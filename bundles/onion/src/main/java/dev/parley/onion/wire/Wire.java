package dev.parley.onion.wire;

import dev.parley.dht.wire.MalformedPacketException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Small helpers shared by the records. */
final class Wire {
    private Wire() {
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new MalformedPacketException(what);
        }
    }

    static byte[] read(ByteBuf in, int n, String what) {
        check(n >= 0 && in.readableBytes() >= n, what + ": truncated");
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    static byte[] rest(ByteBuf in) {
        byte[] b = new byte[in.readableBytes()];
        in.readBytes(b);
        return b;
    }

    static void kind(ByteBuf in, int expected, String what) {
        check(in.isReadable(), what + ": empty");
        check(in.readUnsignedByte() == expected, what + ": wrong kind");
    }

    static byte[] bytes(int sizeHint, Consumer<ByteBuf> enc) {
        ByteBuf b = Unpooled.buffer(sizeHint);
        enc.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    static void key(byte[] k, String what) {
        if (k.length != OnionKind.KEY) {
            throw new IllegalArgumentException(what + " must have 32 bytes");
        }
    }
}
