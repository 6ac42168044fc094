package dev.parley.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayTcpPathsTest {
    static final String KEY = "F404ABAA1C99A9D37D61AB54898F56793E1DEF8BD46B1038B9D822E8460FAB67";

    @Test
    void parsesRelaySpecs() {
        List<NodeInfo> l = RelayTcpPaths.parse("127.0.0.1:33445:" + KEY + ", [::1]:443:" + KEY.toLowerCase());
        assertEquals(2, l.size());
        assertEquals(33445, l.get(0).address().getPort());
        assertEquals("127.0.0.1", l.get(0).address().getAddress().getHostAddress());
        assertEquals(KEY, l.get(0).key().toHex().toUpperCase());
        assertEquals(443, l.get(1).address().getPort());
        assertTrue(l.get(1).address().getAddress() instanceof java.net.Inet6Address);
        assertTrue(RelayTcpPaths.parse("  ").isEmpty());
        assertTrue(RelayTcpPaths.parse(null).isEmpty());
    }

    @Test
    void rejectsBadSpecsNamingTheEntry() {
        for (String bad : List.of("127.0.0.1:33445", "127.0.0.1:0:" + KEY, "127.0.0.1:x:" + KEY,
                "127.0.0.1:33445:ABCD", "127.0.0.1:33445:" + KEY.replace('F', 'Z'), ":33445:" + KEY)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelayTcpPaths.parse(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("relay "), e.getMessage());
        }
    }
}
