package dev.parley.dht.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Fuzz targets, one per DHT packet decoder. In a normal build they run in Jazzer's regression
 * mode (an empty input and any saved inputs); to fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/dht test -Dtest=DhtWireFuzzTest#nodesResponse -Djazzer.hooks=true}.
 * A decoder may only throw {@link MalformedPacketException}; what it accepts must encode, and
 * that encoding must decode to something that encodes to the same bytes.
 */
class DhtWireFuzzTest {

    private static <T> void roundTrip(byte[] data, Function<ByteBuf, T> decode, BiConsumer<T, ByteBuf> encode) {
        T first;
        try {
            first = decode.apply(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException expected) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        encode.accept(first, out);
        byte[] once = ByteBufUtil.getBytes(out);
        T second;
        try {
            second = decode.apply(Unpooled.wrappedBuffer(once));
        } catch (MalformedPacketException e) {
            throw new AssertionError("an accepted packet re-encodes to one that does not decode", e);
        }
        ByteBuf again = Unpooled.buffer();
        encode.accept(second, again);
        assertArrayEquals(once, ByteBufUtil.getBytes(again));
    }

    @FuzzTest(maxDuration = "30s")
    void dhtPacket(byte[] data) {
        roundTrip(data, DhtPacket::decode, DhtPacket::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void pingRequest(byte[] data) {
        roundTrip(data, PingRequest::decode, PingRequest::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void pingResponse(byte[] data) {
        roundTrip(data, PingResponse::decode, PingResponse::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void nodesRequest(byte[] data) {
        roundTrip(data, NodesRequest::decode, NodesRequest::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void nodesResponse(byte[] data) {
        roundTrip(data, NodesResponse::decode, NodesResponse::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void packedNode(byte[] data) {
        roundTrip(data, PackedNode::decode, PackedNode::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void cryptoRequest(byte[] data) {
        roundTrip(data, CryptoRequest::decode, CryptoRequest::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void natPing(byte[] data) {
        roundTrip(data, NatPing::decode, NatPing::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void lanDiscovery(byte[] data) {
        roundTrip(data, LanDiscovery::decode, LanDiscovery::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void bootstrapInfoRequest(byte[] data) {
        roundTrip(data, BootstrapInfoRequest::decode, BootstrapInfoRequest::encode);
    }

    @FuzzTest(maxDuration = "30s")
    void bootstrapInfoResponse(byte[] data) {
        roundTrip(data, BootstrapInfoResponse::decode, BootstrapInfoResponse::encode);
    }
}
