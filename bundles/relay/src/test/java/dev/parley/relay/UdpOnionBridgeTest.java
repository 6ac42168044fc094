package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.crypto.KeyPair;
import dev.parley.net.Transport;
import dev.parley.net.VirtualEventLoop;
import dev.parley.relay.wire.OnionHop;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.RelaySizes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UdpOnionBridgeTest {
    static final class FakeUdp implements Transport {
        Receiver receiver;
        final List<byte[]> sent = new ArrayList<>();
        final List<InetSocketAddress> to = new ArrayList<>();

        @Override
        public void start(Receiver r) {
            receiver = r;
        }

        @Override
        public boolean send(InetSocketAddress a, byte[] data) {
            to.add(a);
            sent.add(data);
            return true;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public boolean supportsIpv6() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void requestGoesOutAsOnionSend1AndTheResponseComesBackToTheSameClient() {
        VirtualEventLoop loop = new VirtualEventLoop(3);
        RelayServer server = new RelayServer(loop, KeyPair.generate(), RelayServer.Options.defaults(), new Random(3));
        FakeUdp udp = new FakeUdp();
        UdpOnionBridge bridge = new UdpOnionBridge(loop, udp, server);
        bridge.start();
        TestClient a = new TestClient(server).connect();
        TestClient b = new TestClient(server).connect();
        byte[] payload = new byte[19 + 2 * RelaySizes.ONION_SEND_BASE];
        payload[0] = 2;
        payload[1] = 127;
        payload[4] = 1;
        payload[17] = (byte) 0x82;
        payload[18] = 0x35;
        a.send(new RelayPacket.OnionRequest(new byte[24], payload));
        assertEquals(1, udp.sent.size());
        assertEquals(new InetSocketAddress("127.0.0.1", 0x8235), udp.to.get(0));
        byte[] out = udp.sent.get(0);
        assertEquals(0x81, out[0] & 0xff);
        byte[] ret = Arrays.copyOfRange(out, out.length - OnionHop.RETURN, out.length);

        byte[] answer = new byte[1 + OnionHop.RETURN + 4];
        answer[0] = (byte) 0x8e;
        System.arraycopy(ret, 0, answer, 1, ret.length);
        answer[answer.length - 4] = (byte) 0x84;
        udp.receiver.receive(udp.to.get(0), answer);
        loop.runFor(10);
        assertArrayEquals(new byte[] {(byte) 0x84, 0, 0, 0}, a.last(RelayPacket.OnionResponse.class).payload());
        assertEquals(null, b.last(RelayPacket.OnionResponse.class));

        // Return data altered or made up: dropped.
        answer[5] ^= 1;
        udp.receiver.receive(udp.to.get(0), answer);
        loop.runFor(10);
        assertEquals(1, a.got(RelayPacket.OnionResponse.class).size());
        assertEquals(1, bridge.counters()[2]);
    }
}
