package dev.parley.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.relay.proxy.ProxyFailure.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpConnectHandshakeTest {

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String start(HttpConnectHandshake h) {
        return new String(h.start(), StandardCharsets.US_ASCII);
    }

    @Test
    void requestNamesTheTargetIpv4Ipv6OrName() throws Exception {
        assertEquals("CONNECT 127.0.0.1:33445 HTTP/1.1\r\nHost: 127.0.0.1:33445\r\n\r\n",
                start(new HttpConnectHandshake(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 33445))));
        assertEquals("CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n",
                start(new HttpConnectHandshake(new InetSocketAddress(InetAddress.getByName("::1"), 443))));
        assertEquals("CONNECT relay.test:3389 HTTP/1.1\r\nHost: relay.test:3389\r\n\r\n",
                start(new HttpConnectHandshake(InetSocketAddress.createUnresolved("relay.test", 3389))));
        assertEquals("CONNECT [2001:db8::1:0:0:2]:1 HTTP/1.1\r\nHost: [2001:db8::1:0:0:2]:1\r\n\r\n",
                start(new HttpConnectHandshake(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:2"), 1))));
        assertEquals("CONNECT [fe80::]:1 HTTP/1.1\r\nHost: [fe80::]:1\r\n\r\n",
                start(new HttpConnectHandshake(new InetSocketAddress(InetAddress.getByName("fe80::"), 1))));
        assertEquals("CONNECT [1:2:3:4:5:6:7:8]:1 HTTP/1.1\r\nHost: [1:2:3:4:5:6:7:8]:1\r\n\r\n",
                start(new HttpConnectHandshake(new InetSocketAddress(InetAddress.getByName("1:2:3:4:5:6:7:8"), 1))));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpConnectHandshake(InetSocketAddress.createUnresolved("a b\r\nX: y", 1)));
    }

    @Test
    void twoHundredOpensTheTunnelAcrossSplitReads() {
        HttpConnectHandshake h = new HttpConnectHandshake(new InetSocketAddress("127.0.0.1", 1));
        start(h);
        assertInstanceOf(ProxyHandshake.NeedMore.class, h.received(ascii("HTTP/1.0 200 Connection established\r")));
        assertInstanceOf(ProxyHandshake.NeedMore.class, h.received(ascii("\nProxy-agent: tinyproxy/1.11.1\r\n\r")));
        ProxyHandshake.Done d = assertInstanceOf(ProxyHandshake.Done.class, h.received(new byte[] {'\n', 1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, d.leftover());
    }

    @Test
    void bareLineFeedsAndNoReasonPhrase() {
        HttpConnectHandshake h = new HttpConnectHandshake(new InetSocketAddress("127.0.0.1", 1));
        start(h);
        assertEquals(0, assertInstanceOf(ProxyHandshake.Done.class, h.received(ascii("HTTP/1.1 200\n\n"))).leftover().length);
    }

    static ProxyFailure fail(String reply) {
        HttpConnectHandshake h = new HttpConnectHandshake(new InetSocketAddress("127.0.0.1", 9));
        start(h);
        return assertInstanceOf(ProxyHandshake.Failed.class, h.received(ascii(reply))).failure();
    }

    @Test
    void statusesOtherThan2xxAreClearFailures() {
        ProxyFailure auth = fail("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
        assertEquals(Kind.AUTH_REQUIRED, auth.kind());
        ProxyFailure forbidden = fail("HTTP/1.0 403 Access violation\r\n\r\n<html>...</html>");
        assertEquals(Kind.REFUSED, forbidden.kind());
        assertTrue(forbidden.detail().contains("HTTP 403 Access violation for CONNECT 127.0.0.1:9"), forbidden.detail());
        assertEquals(Kind.REFUSED, fail("HTTP/1.1 502 Bad Gateway\r\n\r\n").kind());
    }

    @Test
    void malformedReplies() {
        assertEquals(Kind.MALFORMED, fail("SSH-2.0-OpenSSH\r\n\r\n").kind());
        assertEquals(Kind.MALFORMED, fail("HTTP/2 200\r\n\r\n").kind());
        assertEquals(Kind.MALFORMED, fail("\5\0\r\n\r\n").kind());
        HttpConnectHandshake endless = new HttpConnectHandshake(new InetSocketAddress("127.0.0.1", 1));
        start(endless);
        ProxyHandshake.Step s = endless.received(ascii("HTTP/1.1 200 OK\r\n"));
        byte[] header = ascii("X-Filler: " + "a".repeat(1000) + "\r\n");
        for (int i = 0; i < 20 && s instanceof ProxyHandshake.NeedMore; i++) {
            s = endless.received(header);
        }
        assertEquals(Kind.MALFORMED, assertInstanceOf(ProxyHandshake.Failed.class, s).failure().kind());
        assertThrows(IllegalStateException.class, () -> endless.received(new byte[1]));
    }
}
