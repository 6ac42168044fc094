package dev.parley.onion.wire;

import dev.parley.dht.wire.MalformedPacketException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;

/**
 * The decrypted content of an onion request layer that is passed on to another onion node.
 *
 * <pre>
 * | length | contents                                                  |
 * |--------|-----------------------------------------------------------|
 * | 19     | {@link OnionIpPort} of the next node (UDP families only)   |
 * | 32     | temporary public key of the next layer                     |
 * | n + 16 | crypto_box for the next node                               |
 * </pre>
 */
public record OnionLayer(OnionIpPort next, byte[] key, byte[] box) {

    public static OnionLayer decode(ByteBuf in) {
        OnionIpPort ip = OnionIpPort.decode(in);
        byte[] k = Wire.read(in, OnionKind.KEY, "onion layer");
        Wire.check(in.readableBytes() > OnionKind.MAC, "onion layer: no box");
        return new OnionLayer(ip, k, Wire.rest(in));
    }

    static Optional<OnionLayer> tryDecode(byte[] plain) {
        try {
            return Optional.of(decode(Unpooled.wrappedBuffer(plain)));
        } catch (MalformedPacketException e) {
            return Optional.empty();
        }
    }

    public void encode(ByteBuf out) {
        next.encode(out);
        out.writeBytes(key);
        out.writeBytes(box);
    }

    public byte[] toBytes() {
        return Wire.bytes(OnionIpPort.SIZE + OnionKind.KEY + box.length, this::encode);
    }
}
