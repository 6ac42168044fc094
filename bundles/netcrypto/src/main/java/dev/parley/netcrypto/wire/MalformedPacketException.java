package dev.parley.netcrypto.wire;

/** Input that does not decode. Cheap: no stack trace, since bad packets are normal traffic. */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new MalformedPacketException(what);
        }
    }
}
