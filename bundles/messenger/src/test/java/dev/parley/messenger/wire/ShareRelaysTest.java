package dev.parley.messenger.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.PackedNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShareRelaysTest {

    private static NodeInfo relay(int i) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) i);
        return new NodeInfo(DhtKey.of(key), new InetSocketAddress("10.0.0." + i, 33445 + i));
    }

    @Test
    void roundTripSendsAtMostThree() {
        List<NodeInfo> five = List.of(relay(1), relay(2), relay(3), relay(4), relay(5));
        byte[] packet = new ShareRelays(five).toBytes();
        assertEquals(MessengerPacket.SHARE_RELAYS, packet[0]);
        assertEquals(1 + 3 * PackedNode.SIZE_IPV4, packet.length);
        assertEquals(five.subList(0, 3), ShareRelays.decode(packet).relays());
    }

    @Test
    void keepsTcpRelaysWithAPortAndWhatDecodedBeforeADamagedTail() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(MessengerPacket.SHARE_RELAYS);
        new PackedNode(true, relay(1).address(), relay(1).key()).encode(b);
        new PackedNode(false, relay(2).address(), relay(2).key()).encode(b); // UDP: not a relay
        new PackedNode(true, new InetSocketAddress("10.0.0.3", 0), relay(3).key()).encode(b); // no port
        new PackedNode(true, relay(4).address(), relay(4).key()).encode(b);
        b.writeBytes(new byte[] {(byte) 0x82, 1, 2}); // a truncated node
        byte[] packet = new byte[b.readableBytes()];
        b.readBytes(packet);
        assertEquals(List.of(relay(1), relay(4)), ShareRelays.decode(packet).relays());
    }

    @Test
    void readsAtMostEightAndNothingFromAnotherPacket() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(MessengerPacket.SHARE_RELAYS);
        List<NodeInfo> ten = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ten.add(relay(i));
            new PackedNode(true, relay(i).address(), relay(i).key()).encode(b);
        }
        byte[] packet = new byte[b.readableBytes()];
        b.readBytes(packet);
        assertEquals(ten.subList(0, ShareRelays.MAX_READ), ShareRelays.decode(packet).relays());
        packet[0] = MessengerPacket.ALIVE;
        assertEquals(List.of(), ShareRelays.decode(packet).relays());
        assertEquals(List.of(), ShareRelays.decode(new byte[0]).relays());
    }
}
