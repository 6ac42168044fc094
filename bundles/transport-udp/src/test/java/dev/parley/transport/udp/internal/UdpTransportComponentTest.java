package dev.parley.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.net.UdpTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UdpTransportComponentTest {

    @Test
    void onUnlessSwitchedOffBySettingOrByNoUdpArgument() {
        assertTrue(UdpTransportComponent.enabled(null, null));
        assertTrue(UdpTransportComponent.enabled(null, "--profile\u001fbot.tox"));
        assertFalse(UdpTransportComponent.enabled(null, "--profile\u001fbot.tox\u001f--no-udp"));
        assertFalse(UdpTransportComponent.enabled("false", null));
        assertFalse(UdpTransportComponent.enabled(" FALSE ", ""));
        // The setting wins over the arguments.
        assertTrue(UdpTransportComponent.enabled("true", "--no-udp"));
        // Only the whole argument counts.
        assertTrue(UdpTransportComponent.enabled(null, "--no-udpx\u001f--name\u001fno-udp"));
    }

    @Test
    void portRangeDefaultsToToxcoresAndOnePortStaysOne() {
        UdpTransport.Options d = UdpTransportComponent.options(k -> null);
        assertEquals(33445, d.portStart());
        assertEquals(33545, d.portEnd());
        assertTrue(d.ipv6());
        assertNull(d.bindAddress());
        UdpTransport.Options one = UdpTransportComponent.options(Map.of("port_start", "40000", "ipv6", "false")::get);
        assertEquals(40000, one.portStart());
        assertEquals(40000, one.portEnd());
        assertFalse(one.ipv6());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> UdpTransportComponent.options(Map.of("port_start", "x")::get));
        assertThrows(IllegalArgumentException.class,
                () -> UdpTransportComponent.options(Map.of("port_start", "5", "port_end", "4")::get));
        assertThrows(IllegalArgumentException.class,
                () -> UdpTransportComponent.options(Map.of("bind_address", "localhost")::get));
    }
}
