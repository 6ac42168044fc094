package dev.parley.netcrypto.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Packet request (data id 1): the receiver's list of lossless packets it is still missing,
 * relative to the buffer start in the same {@link CryptoDataPlain}. Sent at least once a second; it
 * doubles as the session's keepalive, and every packet it covers but does not list counts as
 * received.
 *
 * <pre>
 * | length | contents                                                        |
 * |--------|-----------------------------------------------------------------|
 * | 1      | 0x01                                                            |
 * | 0-n    | one byte per missing packet: its distance from the previous     |
 * |        | missing one (the first counts from buffer start - 1), so 1 means |
 * |        | "the next one"; a 0 byte stands for a run of 255 present packets |
 * </pre>
 *
 * Example: buffer start 100, packets 100 and 103 missing: {@code 01 01 03}.
 *
 * @param missing offsets from buffer start of the missing packets, ascending
 * @param span how many packets from buffer start the encoding covers (received ones included)
 */
public record PacketRequest(List<Integer> missing, int span) {
    public static final int ID = CryptoPacketId.REQUEST;

    public PacketRequest {
        missing = List.copyOf(missing);
    }

    /**
     * The request for a receive window of {@code window} packets from buffer start, where
     * {@code present.test(offset)} says whether a packet arrived; at most {@code maxLength} bytes,
     * the id included (c-toxcore's {@code generate_request_packet}).
     */
    public static byte[] encode(int window, java.util.function.IntPredicate present, int maxLength) {
        ByteBuf out = Unpooled.buffer(Math.min(maxLength, 64));
        out.writeByte(ID);
        int n = 1;
        for (int i = 0; i < window && out.writerIndex() < maxLength; i++) {
            if (!present.test(i)) {
                out.writeByte(n);
                n = 0;
            } else if (n == 255) {
                out.writeByte(0);
                n = 0;
            }
            n++;
        }
        byte[] b = new byte[out.writerIndex()];
        out.readBytes(b);
        return b;
    }

    /**
     * Encodes this request's missing list (span is implied), in time linear in its length: the
     * {@code p} present packets before a missing one become {@code p / 255} zero bytes and then the
     * distance byte {@code p % 255 + 1}, exactly what {@link #encode} writes walking them one by one.
     */
    public byte[] toBytes() {
        ByteBuf out = Unpooled.buffer(1 + missing.size());
        out.writeByte(ID);
        int previous = -1;
        for (int m : missing) {
            int present = m - previous - 1;
            out.writeZero(present / 255);
            out.writeByte(present % 255 + 1);
            previous = m;
        }
        byte[] b = new byte[out.writerIndex()];
        out.readBytes(b);
        return b;
    }

    /** Reads a request from its data (the id byte first), as c-toxcore's {@code handle_request_packet} walks it. */
    public static PacketRequest decode(byte[] data) {
        MalformedPacketException.check(data.length >= 1 && (data[0] & 0xff) == ID, "packet request: wrong id");
        List<Integer> missing = new ArrayList<>();
        int pos = 1;
        int n = 1;
        int i = 0;
        while (pos < data.length) {
            if (n == (data[pos] & 0xff)) {
                missing.add(i);
                pos++;
                n = 0;
            }
            if (n == 255) {
                n = 1;
                if (pos < data.length) {
                    MalformedPacketException.check(data[pos] == 0, "packet request: bad run marker");
                    pos++;
                }
            } else {
                n++;
            }
            i++;
        }
        return new PacketRequest(missing, i);
    }
}
