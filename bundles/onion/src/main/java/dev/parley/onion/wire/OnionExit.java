package dev.parley.onion.wire;

import dev.parley.dht.wire.MalformedPacketException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * The decrypted content of the last onion layer (inside 0x82): where the data goes and the data.
 *
 * <pre>
 * | length | contents                                                              |
 * |--------|-----------------------------------------------------------------------|
 * | 19     | {@link OnionIpPort} of the destination                                 |
 * | n      | data: an announce request (0x83, 0x87) or a data request (0x85)        |
 * </pre>
 */
public record OnionExit(OnionIpPort destination, byte[] data) {

    public static OnionExit decode(ByteBuf in) {
        OnionIpPort ip = OnionIpPort.decode(in);
        Wire.check(in.isReadable(), "onion exit: no data");
        return new OnionExit(ip, Wire.rest(in));
    }

    static Optional<OnionExit> tryDecode(byte[] plain) {
        try {
            return Optional.of(decode(Unpooled.wrappedBuffer(plain)));
        } catch (MalformedPacketException e) {
            return Optional.empty();
        }
    }

    public void encode(ByteBuf out) {
        destination.encode(out);
        out.writeBytes(data);
    }

    public byte[] toBytes() {
        return Wire.bytes(OnionIpPort.SIZE + data.length, this::encode);
    }
}
