package dev.parley.messenger.wire;

import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.PackedNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * friend_connection's share-relays packet (id 17): the TCP relays the sender is connected to, so
 * the friend can meet it on one of them.
 *
 * <pre>
 * | length   | contents                                                |
 * |----------|---------------------------------------------------------|
 * | 1        | 0x11                                                    |
 * | variable | up to 3 packed nodes (TCP family), as the DHT packs them |
 * </pre>
 *
 * c-toxcore sends at most {@value #MAX_SENT}; a reader keeps what decodes, up to {@value #MAX_READ}.
 *
 * @param relays the relays, in the order sent
 */
public record ShareRelays(List<NodeInfo> relays) {
    public static final int MAX_SENT = 3;
    public static final int MAX_READ = 8;

    public ShareRelays {
        relays = List.copyOf(relays);
    }

    /** The packet for the first {@value #MAX_SENT} of {@code relays}, id byte first. */
    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(MessengerPacket.SHARE_RELAYS);
        for (NodeInfo r : relays.subList(0, Math.min(MAX_SENT, relays.size()))) {
            new PackedNode(true, r.address(), r.key()).encode(b);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /**
     * Reads a packet (id byte first): the TCP relays with a port, up to {@value #MAX_READ}; a
     * damaged tail ends the list, and what decoded before it stays.
     */
    public static ShareRelays decode(byte[] packet) {
        List<NodeInfo> relays = new ArrayList<>();
        if (packet.length < 1 || (packet[0] & 0xff) != MessengerPacket.SHARE_RELAYS) {
            return new ShareRelays(relays);
        }
        ByteBuf b = Unpooled.wrappedBuffer(packet, 1, packet.length - 1);
        try {
            while (b.isReadable() && relays.size() < MAX_READ) {
                PackedNode p = PackedNode.decode(b);
                if (p.tcp() && p.address().getPort() != 0) {
                    relays.add(p.toNodeInfo());
                }
            }
        } catch (RuntimeException damagedTail) {
            // keep what decoded
        }
        return new ShareRelays(relays);
    }
}
