package dev.parley.onion.wire;

import dev.parley.dht.DhtKey;
import dev.parley.dht.wire.PackedNode;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHT public key announcement (onion data kind 0x9c, also DHT request id 0x9c): tells a friend
 * our current DHT key and some nodes near us.
 *
 * <pre>
 * | length | contents                                                       |
 * |--------|----------------------------------------------------------------|
 * | 1      | 0x9c                                                           |
 * | 8      | no-replay counter, u64 big-endian, must grow                    |
 * | 32     | our DHT public key                                             |
 * | n      | up to 4 packed nodes (TCP relays and DHT nodes)                 |
 * </pre>
 */
public record DhtPkAnnounce(long noReplay, DhtKey dhtKey, List<PackedNode> nodes) {
    public static final int KIND = OnionKind.DATA_DHT_PK;
    public static final int MIN_SIZE = 1 + 8 + 32;

    public static DhtPkAnnounce decode(ByteBuf in) {
        Wire.check(in.readableBytes() >= MIN_SIZE, "DHT pk: truncated");
        Wire.kind(in, KIND, "DHT pk");
        long nr = in.readLong();
        DhtKey k = DhtKey.of(Wire.read(in, 32, "DHT pk"));
        List<PackedNode> nodes = new ArrayList<>();
        while (in.isReadable()) {
            Wire.check(nodes.size() < 4, "DHT pk: too many nodes");
            nodes.add(PackedNode.decode(in));
        }
        return new DhtPkAnnounce(nr, k, List.copyOf(nodes));
    }

    public void encode(ByteBuf out) {
        out.writeByte(KIND);
        out.writeLong(noReplay);
        out.writeBytes(dhtKey.toBytes());
        for (PackedNode n : nodes) {
            n.encode(out);
        }
    }

    public byte[] toBytes() {
        return Wire.bytes(MIN_SIZE + nodes.size() * PackedNode.SIZE_IPV6, this::encode);
    }
}
