package dev.parley.dht.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bootstrap info response (kind 0xf0).
 *
 * <pre>
 * | length   | contents                                       |
 * |----------|------------------------------------------------|
 * | 1        | 0xf0                                           |
 * | 4        | u32 BE version (tox-bootstrapd: e.g. 2016010100)|
 * | 0 to 256 | message of the day                             |
 * </pre>
 *
 * {@code tox-bootstrapd} sends the MOTD with its terminating NUL; {@link #motdText()} strips it.
 */
public record BootstrapInfoResponse(long version, byte[] motd) {
    public static final int KIND = PacketKind.BOOTSTRAP_INFO;
    public static final int MAX_MOTD = 256;

    public BootstrapInfoResponse {
        if (version < 0 || version > 0xffffffffL) {
            throw new IllegalArgumentException("version is a u32: " + version);
        }
        if (motd.length > MAX_MOTD) {
            throw new IllegalArgumentException("MOTD longer than 256 bytes");
        }
        motd = motd.clone();
    }

    /** A response with {@code text} as MOTD, NUL-terminated like tox-bootstrapd's, cut to fit. */
    public static BootstrapInfoResponse of(long version, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] m = Arrays.copyOf(t, Math.min(t.length, MAX_MOTD - 1) + 1);
        m[m.length - 1] = 0;
        return new BootstrapInfoResponse(version, m);
    }

    public String motdText() {
        int n = motd.length;
        while (n > 0 && motd[n - 1] == 0) {
            n--;
        }
        return new String(motd, 0, n, StandardCharsets.UTF_8);
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeInt((int) version);
        out.writeBytes(motd);
    }

    public byte[] toBytes() {
        ByteBuf b = io.netty.buffer.Unpooled.buffer(5 + motd.length);
        encode(b);
        return b.array();
    }

    public static BootstrapInfoResponse decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() >= 5, "bootstrap info response: too short");
        MalformedPacketException.check(in.readableBytes() <= 5 + MAX_MOTD, "bootstrap info response: MOTD too long");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "bootstrap info response: wrong kind");
        long version = in.readUnsignedInt();
        byte[] motd = new byte[in.readableBytes()];
        in.readBytes(motd);
        return new BootstrapInfoResponse(version, motd);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrapInfoResponse r && r.version == version && Arrays.equals(r.motd, motd);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(motd);
    }
}
