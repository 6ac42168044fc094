package dev.parley.onion.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.SecretBox;
import dev.parley.dht.wire.MalformedPacketException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Function;

/**
 * Fuzz targets, one per onion and announce decoder. A normal build runs them in Jazzer's
 * regression mode (an empty input and any saved inputs); to fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/onion test -Dtest=OnionWireFuzzTest#onionRequest0 -Djazzer.hooks=true}.
 * A decoder may only throw {@link MalformedPacketException}; what it accepts must encode, and the
 * encoding must decode to something that encodes to the same bytes.
 */
class OnionWireFuzzTest {

    private static <T> void roundTrip(byte[] data, Function<ByteBuf, T> decode, Function<T, byte[]> encode) {
        T first;
        try {
            first = decode.apply(Unpooled.wrappedBuffer(data));
        } catch (MalformedPacketException expected) {
            return;
        }
        byte[] once = encode.apply(first);
        T second;
        try {
            second = decode.apply(Unpooled.wrappedBuffer(once));
        } catch (MalformedPacketException e) {
            throw new AssertionError("an accepted packet re-encodes to one that does not decode", e);
        }
        assertArrayEquals(once, encode.apply(second));
    }

    @FuzzTest(maxDuration = "30s")
    void onionRequest0(byte[] data) {
        roundTrip(data, OnionRequest0::decode, OnionRequest0::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionRequest1(byte[] data) {
        roundTrip(data, OnionRequest1::decode, OnionRequest1::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionRequest2(byte[] data) {
        roundTrip(data, OnionRequest2::decode, OnionRequest2::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionResponse(byte[] data) {
        roundTrip(data, OnionResponse::decode, OnionResponse::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionLayer(byte[] data) {
        roundTrip(data, OnionLayer::decode, OnionLayer::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionExit(byte[] data) {
        roundTrip(data, OnionExit::decode, OnionExit::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void onionIpPort(byte[] data) {
        roundTrip(data, OnionIpPort::decode, OnionIpPort::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void announceRequest(byte[] data) {
        roundTrip(data, AnnounceRequest::decode, AnnounceRequest::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void announceResponse(byte[] data) {
        roundTrip(data, AnnounceResponse::decode, AnnounceResponse::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void announceResultOld(byte[] data) {
        roundTrip(data, in -> AnnounceResult.decode(in, false), r -> r.toBytes(false));
    }

    @FuzzTest(maxDuration = "30s")
    void announceResultNew(byte[] data) {
        roundTrip(data, in -> AnnounceResult.decode(in, true), r -> r.toBytes(true));
    }

    @FuzzTest(maxDuration = "30s")
    void dataRequest(byte[] data) {
        roundTrip(data, DataRequest::decode, DataRequest::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void dataResponse(byte[] data) {
        roundTrip(data, DataResponse::decode, DataResponse::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void dhtPkAnnounce(byte[] data) {
        roundTrip(data, DhtPkAnnounce::decode, DhtPkAnnounce::toBytes);
    }

    @FuzzTest(maxDuration = "30s")
    void friendRequestData(byte[] data) {
        roundTrip(data, FriendRequestData::decode, FriendRequestData::toBytes);
    }

    /** The body of an announce request as the announce node reads it after opening the box. */
    @FuzzTest(maxDuration = "30s")
    void announcePayload(byte[] data) {
        if (data.length < AnnouncePayload.MIN_SIZE) {
            return; // AnnounceRequest.open hands over only bodies of at least this size
        }
        AnnouncePayload p = AnnouncePayload.fromBytes(data);
        assertArrayEquals(data, p.toBytes());
        assertArrayEquals(data, AnnouncePayload.fromBytes(p.toBytes()).toBytes());
    }

    /** The middle layer of onion data as the receiver reads it after opening a data response. */
    @FuzzTest(maxDuration = "30s")
    void onionData(byte[] data) {
        if (data.length <= OnionKind.KEY + OnionKind.MAC) {
            return; // DataResponse.open hands over only this much or more
        }
        OnionData d = OnionData.fromBytes(data);
        assertArrayEquals(data, d.toBytes());
    }

    private static final SecretBox RETURN_KEY = SecretBox.of(new byte[SecretBox.KEY_SIZE]);

    /** Return data that is not ours (or is ours but does not decode) opens to empty, never throws. */
    @FuzzTest(maxDuration = "30s")
    void onionReturn(byte[] data) {
        OnionReturn.open(RETURN_KEY, data);
    }
}
