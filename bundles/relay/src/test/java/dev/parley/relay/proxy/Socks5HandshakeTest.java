package dev.parley.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.relay.proxy.ProxyFailure.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class Socks5HandshakeTest {

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static byte[] request(Socks5Handshake h) {
        assertArrayEquals(b(5, 1, 0), h.start(), "greeting: version 5, one method, no authentication");
        return assertInstanceOf(ProxyHandshake.Send.class, h.received(b(5, 0))).bytes();
    }

    static Kind failure(ProxyHandshake.Step s) {
        return assertInstanceOf(ProxyHandshake.Failed.class, s).failure().kind();
    }

    @Test
    void connectsByIpv4() throws Exception {
        Socks5Handshake h = new Socks5Handshake(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 33445));
        assertArrayEquals(b(5, 1, 0, 1, 10, 1, 2, 3, 0x82, 0xa5), request(h));
        ProxyHandshake.Done d = assertInstanceOf(ProxyHandshake.Done.class, h.received(b(5, 0, 0, 1, 127, 0, 0, 1, 0x10, 0x00)));
        assertEquals(0, d.leftover().length);
    }

    @Test
    void connectsByIpv6() throws Exception {
        Socks5Handshake h = new Socks5Handshake(new InetSocketAddress(InetAddress.getByName("::1"), 443));
        byte[] r = request(h);
        assertEquals(4 + 16 + 2, r.length);
        assertArrayEquals(b(5, 1, 0, 4), java.util.Arrays.copyOf(r, 4));
        assertEquals(1, r[19]);
        assertArrayEquals(b(1, 0xbb), java.util.Arrays.copyOfRange(r, 20, 22));
        // An IPv6 bound address in the reply, split over reads, with the target's first bytes behind it.
        assertInstanceOf(ProxyHandshake.NeedMore.class, h.received(b(5, 0, 0)));
        assertInstanceOf(ProxyHandshake.NeedMore.class, h.received(b(4, 0, 0, 0, 0, 0, 0, 0, 0)));
        ProxyHandshake.Done d = assertInstanceOf(ProxyHandshake.Done.class,
                h.received(b(0, 0, 0, 0, 0, 0, 0, 1, 0x10, 0x00, 0xab, 0xcd)));
        assertArrayEquals(b(0xab, 0xcd), d.leftover());
    }

    @Test
    void connectsByNameWithoutResolvingIt() {
        Socks5Handshake h = new Socks5Handshake(InetSocketAddress.createUnresolved("relay.test", 3389));
        byte[] r = request(h);
        assertArrayEquals(b(5, 1, 0, 3, 10, 'r', 'e', 'l', 'a', 'y', '.', 't', 'e', 's', 't', 0x0d, 0x3d), r);
        ProxyHandshake.Done d = assertInstanceOf(ProxyHandshake.Done.class,
                h.received(b(5, 0, 0, 3, 2, 'h', 'i', 0, 80)));
        assertEquals(0, d.leftover().length);
        assertThrows(IllegalArgumentException.class,
                () -> new Socks5Handshake(InetSocketAddress.createUnresolved("x".repeat(256), 1)));
    }

    @Test
    void methodReplyWaitsForBothBytes() {
        Socks5Handshake h = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        h.start();
        assertInstanceOf(ProxyHandshake.NeedMore.class, h.received(b(5)));
        assertInstanceOf(ProxyHandshake.Send.class, h.received(b(0)));
    }

    @Test
    void authenticationRequired() {
        for (int method : new int[] {0xff, 2}) {
            Socks5Handshake h = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
            h.start();
            assertEquals(Kind.AUTH_REQUIRED, failure(h.received(b(5, method))));
        }
    }

    @Test
    void refusalsNameTheReplyCode() {
        for (int rep = 1; rep <= 9; rep++) {
            Socks5Handshake h = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 7));
            request(h);
            ProxyHandshake.Failed f = assertInstanceOf(ProxyHandshake.Failed.class, h.received(b(5, rep, 0, 1, 0, 0, 0, 0, 0, 0)));
            assertEquals(Kind.REFUSED, f.failure().kind());
            assertTrue(f.failure().detail().contains("reply " + rep + " (" + Socks5Handshake.replyText(rep) + ")"),
                    f.failure().detail());
            assertTrue(f.failure().detail().contains("127.0.0.1:7"), f.failure().detail());
        }
    }

    @Test
    void malformedReplies() {
        Socks5Handshake notSocks = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        notSocks.start();
        assertEquals(Kind.MALFORMED, failure(notSocks.received("HTTP/1.0 400 Bad Request\r\n".getBytes())));

        Socks5Handshake oddMethod = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        oddMethod.start();
        assertEquals(Kind.MALFORMED, failure(oddMethod.received(b(5, 1))));

        Socks5Handshake chatty = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        chatty.start();
        assertEquals(Kind.MALFORMED, failure(chatty.received(b(5, 0, 5))));

        Socks5Handshake badVersion = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        request(badVersion);
        assertEquals(Kind.MALFORMED, failure(badVersion.received(b(4, 0, 0, 1, 0, 0, 0, 0, 0, 0))));

        Socks5Handshake badType = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        request(badType);
        assertEquals(Kind.MALFORMED, failure(badType.received(b(5, 0, 0, 2, 0, 0, 0, 0, 0, 0))));
    }

    @Test
    void notToBeFedBeforeStartOrAfterTheEnd() {
        Socks5Handshake h = new Socks5Handshake(new InetSocketAddress("127.0.0.1", 1));
        assertThrows(IllegalStateException.class, () -> h.received(b(5, 0)));
        request(h);
        h.received(b(5, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalStateException.class, () -> h.received(b(1)));
        assertThrows(IllegalStateException.class, h::start);
    }
}
