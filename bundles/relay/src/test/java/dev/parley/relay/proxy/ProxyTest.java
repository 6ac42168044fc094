package dev.parley.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ProxyTest {

    @Test
    void readsBothKindsAndIpv6InBrackets() {
        assertEquals(new Proxy(Proxy.Type.SOCKS5, "127.0.0.1", 1080), Proxy.parse("socks5://127.0.0.1:1080"));
        assertEquals(new Proxy(Proxy.Type.HTTP, "proxy.example", 8080), Proxy.parse(" HTTP://proxy.example:8080/ "));
        Proxy v6 = Proxy.parse("socks5://[::1]:9050");
        assertEquals("::1", v6.host());
        assertEquals("socks5://[::1]:9050", v6.toString());
        assertEquals(v6, Proxy.parse(v6.toString()));
        assertTrue(v6.address().isUnresolved(), "resolved later, off the node's loop");
        assertInstanceOf(Socks5Handshake.class, v6.handshake(new InetSocketAddress("127.0.0.1", 1)));
        assertInstanceOf(HttpConnectHandshake.class, Proxy.parse("http://h:1").handshake(new InetSocketAddress("127.0.0.1", 1)));
    }

    @Test
    void refusesWhatCToxcoreDoesNotOffer() {
        for (String bad : new String[] {"", "127.0.0.1:1080", "socks4://h:1080", "https://h:443", "socks5://h",
            "socks5://user:pw@h:1080", "http://h:0", "http://h:65536", "http://h:80/path", "http://h:80?x=1", "socks5://[::1:9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Proxy.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("proxy"), e.getMessage());
        }
    }
}
