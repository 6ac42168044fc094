package dev.parley.dht.wire;

import dev.parley.dht.DhtKey;
import io.netty.buffer.ByteBuf;

/**
 * LAN discovery (kind 0x21), broadcast on the local network; the receiver sends a nodes request
 * to the sender. Parley sends it only when LAN discovery was turned on.
 *
 * <pre>
 * | length | contents                  |
 * |--------|---------------------------|
 * | 1      | 0x21                      |
 * | 32     | sender's DHT public key   |
 * </pre>
 */
public record LanDiscovery(DhtKey key) {
    public static final int KIND = PacketKind.LAN_DISCOVERY;
    public static final int SIZE = 1 + DhtKey.SIZE;

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeBytes(key.toBytes());
    }

    public static LanDiscovery decode(ByteBuf in) {
        MalformedPacketException.check(in.readableBytes() == SIZE, "LAN discovery: not 33 bytes");
        MalformedPacketException.check(in.readUnsignedByte() == KIND, "LAN discovery: wrong kind");
        byte[] pk = new byte[DhtKey.SIZE];
        in.readBytes(pk);
        return new LanDiscovery(DhtKey.of(pk));
    }
}
