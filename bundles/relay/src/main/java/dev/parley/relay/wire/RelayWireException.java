package dev.parley.relay.wire;

/** A relay packet that does not decode: too short, too long, or an unknown or reserved kind. */
public final class RelayWireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RelayWireException(String message) {
        super(message, null, false, false);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new RelayWireException(message);
        }
    }

    static byte[] read(io.netty.buffer.ByteBuf in, int n, String what) {
        check(n >= 0 && in.readableBytes() >= n, what + ": truncated");
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }
}
