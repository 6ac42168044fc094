package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;

/**
 * Bootstrap info request (kind 0xf0): exactly 78 bytes, the kind and 77 bytes that are ignored
 * (sent as zeros). Bootstrap nodes answer with a {@link BootstrapInfoResponse}; a 0xf0 packet of
 * any other length is not a request.
 *
 * <pre>
 * | length | contents   |
 * |--------|------------|
 * | 1      | 0xf0       |
 * | 77     | padding    |
 * </pre>
 */
public record BootstrapInfoRequest() {
    public static final int KIND = PacketKind.BOOTSTRAP_INFO;
    public static final int SIZE = 78;

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeZero(SIZE - 1);
    }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) KIND;
        return b;
    }

    public static BootstrapInfoRequest decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "bootstrap info request: not 78 bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "bootstrap info request: wrong kind");
        in.skipBytes(SIZE - 1);
        return new BootstrapInfoRequest();
    }
}
