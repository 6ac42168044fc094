package dev.parley.messenger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.api.friends.Connection;
import org.junit.jupiter.api.Test;

class SelfConnectionTest {

    @Test
    void udpNeedsBothTheDhtAndATransportThatCarriesDatagrams() {
        assertEquals(Connection.UDP, SelfConnection.of(true, true, false));
        assertEquals(Connection.UDP, SelfConnection.of(true, true, true));
        // The DHT still believes it is connected for a while after the UDP transport stopped.
        assertEquals(Connection.NONE, SelfConnection.of(true, false, false));
    }

    @Test
    void relaysAloneMakeItTcp() {
        assertEquals(Connection.TCP, SelfConnection.of(false, false, true));
        assertEquals(Connection.TCP, SelfConnection.of(true, false, true));
        assertEquals(Connection.TCP, SelfConnection.of(false, true, true));
        assertEquals(Connection.NONE, SelfConnection.of(false, true, false));
    }
}
