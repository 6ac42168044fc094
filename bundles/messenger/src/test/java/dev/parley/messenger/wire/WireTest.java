package dev.parley.messenger.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void roundTrip() {
        MessengerPacket p = MessengerPacket.text(MessengerPacket.MESSAGE, "hällo");
        MessengerPacket q = MessengerPacket.decode(p.encode()).orElseThrow();
        assertEquals(64, q.id());
        assertEquals("hällo", q.text());
        assertEquals(1, MessengerPacket.decode(MessengerPacket.oneByte(51, 1).encode()).orElseThrow().byteValue());
    }

    @Test
    void boundsAsCToxcoreChecksThem() {
        assertTrue(MessengerPacket.decode(new byte[] {64}).isEmpty(), "empty message");
        byte[] tooLong = new byte[1 + 1373];
        tooLong[0] = 64;
        assertTrue(MessengerPacket.decode(tooLong).isEmpty());
        byte[] max = new byte[1 + 1372];
        max[0] = 64;
        assertTrue(MessengerPacket.decode(max).isPresent());
        byte[] name = new byte[1 + 129];
        name[0] = 48;
        assertTrue(MessengerPacket.decode(name).isEmpty());
        assertTrue(MessengerPacket.decode(new byte[] {50, 3}).isEmpty(), "user status 3");
        assertTrue(MessengerPacket.decode(new byte[] {51}).isEmpty(), "typing without byte");
        assertTrue(MessengerPacket.decode(new byte[] {24, 0}).isEmpty(), "online with payload");
        assertTrue(MessengerPacket.decode(new byte[0]).isEmpty());
    }

    @Test
    void splitsOnUtf8Boundaries() {
        String text = "ä€𝄞x".repeat(700); // 2, 3, 4 and 1 bytes
        List<byte[]> parts = Utf8Split.split(text, 1372);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            byte[] p = parts.get(i);
            assertTrue(p.length <= 1372 && (p.length > 1368 || i == parts.size() - 1));
            assertEquals(new String(p, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8).length, p.length,
                    "whole characters");
            all.writeBytes(p);
        }
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), all.toByteArray());
        assertEquals(List.of(), Utf8Split.split("", 1372));
        assertEquals(1, Utf8Split.split("a".repeat(1372), 1372).size());
        assertEquals(2, Utf8Split.split("a".repeat(1373), 1372).size());
    }
}
