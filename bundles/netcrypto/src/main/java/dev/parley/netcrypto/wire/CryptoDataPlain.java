package dev.parley.netcrypto.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The decrypted content of a {@link CryptoData} packet.
 *
 * <pre>
 * | length | contents                                                               |
 * |--------|------------------------------------------------------------------------|
 * | 4      | buffer start: the first packet number the sender has not yet received (big-endian) |
 * | 4      | packet number: of this packet if lossless, else the sender's next number (big-endian) |
 * | 0-7    | zero padding, {@code (MAX_DATA - length(data)) % 8} bytes                |
 * | 1-1373 | data: packet id (never 0) and payload                                   |
 * </pre>
 *
 * Padding hides message lengths a little; a receiver skips all leading zero bytes, so data made
 * only of zeros is invalid.
 */
public record CryptoDataPlain(int bufferStart, int packetNumber, byte[] data) {
    public static final int NUMBERS = 8;
    /** Largest data (id and payload) in one packet (c-toxcore's {@code MAX_CRYPTO_DATA_SIZE}). */
    public static final int MAX_DATA = PacketKind.MAX_PACKET_SIZE - (CryptoData.HEADER + NUMBERS + PacketKind.MAC);
    static final int MAX_PADDING = 8;

    public CryptoDataPlain {
        if (data.length == 0 || data.length > MAX_DATA) {
            throw new IllegalArgumentException("data length " + data.length + " not in 1.." + MAX_DATA);
        }
        if (data[0] == 0) {
            throw new IllegalArgumentException("data must not start with the padding byte 0");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The packet id: the first byte of the data. */
    public int id() {
        return data[0] & 0xff;
    }

    public static int paddingFor(int dataLength) {
        return (MAX_DATA - dataLength) % MAX_PADDING;
    }

    public void encode(ByteBuf out) {
        out.writeInt(bufferStart);
        out.writeInt(packetNumber);
        out.writeZero(paddingFor(data.length));
        out.writeBytes(data);
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(NUMBERS + paddingFor(data.length) + data.length);
        encode(b);
        return b.array();
    }

    public static CryptoDataPlain decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() > NUMBERS, "crypto data plain: too short");
        int start = in.readInt();
        int num = in.readInt();
        while (in.isReadable() && in.getByte(in.readerIndex()) == 0) {
            in.skipBytes(1);
        }
        MalformedPacketException.check(in.isReadable(), "crypto data plain: only padding");
        MalformedPacketException.check(in.readableBytes() <= MAX_DATA, "crypto data plain: too long");
        byte[] data = new byte[in.readableBytes()];
        in.readBytes(data);
        return new CryptoDataPlain(start, num, data);
    }

    static CryptoDataPlain fromBytes(byte[] plain) {
        return decode(Unpooled.wrappedBuffer(plain));
    }
}
