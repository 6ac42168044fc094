package dev.parley.relay.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OnionHopTest {
    static byte[] payload(int family, byte[] ip, int port, int rest) {
        byte[] p = new byte[OnionHop.ADDRESS + rest];
        p[0] = (byte) family;
        System.arraycopy(ip, 0, p, 1, ip.length);
        p[17] = (byte) (port >>> 8);
        p[18] = (byte) port;
        for (int i = OnionHop.ADDRESS; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    @Test
    void firstHopAndSend1Layout() {
        byte[] nonce = new byte[24];
        Arrays.fill(nonce, (byte) 3);
        byte[] payload = payload(2, new byte[] {127, 0, 0, 1}, 33445, 2 * RelaySizes.ONION_SEND_BASE);
        RelayPacket.OnionRequest r = new RelayPacket.OnionRequest(nonce, payload);
        assertEquals(new InetSocketAddress("127.0.0.1", 33445), OnionHop.firstHop(r.payload()));
        byte[] ret = new byte[OnionHop.RETURN];
        Arrays.fill(ret, (byte) 9);
        byte[] p = OnionHop.send1(r, ret);
        assertEquals(1 + 24 + 2 * RelaySizes.ONION_SEND_BASE + 59, p.length);
        assertEquals(0x81, p[0] & 0xff);
        assertArrayEquals(nonce, Arrays.copyOfRange(p, 1, 25));
        assertArrayEquals(Arrays.copyOfRange(payload, 19, payload.length), Arrays.copyOfRange(p, 25, p.length - 59));
        assertArrayEquals(ret, Arrays.copyOfRange(p, p.length - 59, p.length));
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertEquals(new InetSocketAddress("::1", 5), OnionHop.firstHop(payload(10, v6, 5, 1)));
    }

    @Test
    void badAddressesAndSizesAreRefused() {
        assertThrows(RelayWireException.class, () -> OnionHop.firstHop(payload(130, new byte[4], 5, 1)));
        assertThrows(RelayWireException.class, () -> OnionHop.firstHop(payload(2, new byte[4], 0, 1)));
        assertThrows(RelayWireException.class, () -> OnionHop.firstHop(new byte[19]));
        RelayPacket.OnionRequest big = new RelayPacket.OnionRequest(new byte[24], payload(2, new byte[4], 5, 1400));
        assertThrows(RelayWireException.class, () -> OnionHop.send1(big, new byte[OnionHop.RETURN]));
        byte[] recv = new byte[1 + 59 + 3];
        recv[0] = (byte) 0x8e;
        OnionHop.Recv1 r = OnionHop.Recv1.decode(recv);
        assertEquals(59, r.ret().length);
        assertEquals(3, r.response().length);
        assertThrows(RelayWireException.class, () -> OnionHop.Recv1.decode(new byte[60]));
        recv[0] = (byte) 0x8d;
        assertThrows(RelayWireException.class, () -> OnionHop.Recv1.decode(recv));
    }
}
