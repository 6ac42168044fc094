package dev.parley.messenger.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the Messenger packet decoder and the UTF-8 splitter. In a normal build they
 * run in Jazzer's regression mode (an empty input and the seeds under
 * {@code MessengerWireFuzzTestInputs}); to fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/messenger test -Dtest=MessengerWireFuzzTest#messengerPacket -Djazzer.hooks=true}.
 * {@link MessengerPacket#decode} documents no exception at all: a packet c-toxcore would ignore
 * decodes as empty. What it accepts must re-encode to the very same bytes and respect c-toxcore's
 * bounds for its id.
 */
class MessengerWireFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void messengerPacket(byte[] data) {
        Optional<MessengerPacket> decoded = MessengerPacket.decode(data);
        if (decoded.isEmpty()) {
            return;
        }
        MessengerPacket p = decoded.get();
        assertArrayEquals(data, p.encode(), "an accepted packet re-encodes as it came");
        assertEquals(data[0] & 0xff, p.id());
        int n = p.payload().length;
        switch (p.id()) {
            case MessengerPacket.ALIVE, MessengerPacket.ONLINE, MessengerPacket.OFFLINE -> assertEquals(0, n);
            case MessengerPacket.NICKNAME -> assertTrue(n <= MessengerPacket.MAX_NAME);
            case MessengerPacket.STATUSMESSAGE -> assertTrue(n <= MessengerPacket.MAX_STATUS_MESSAGE);
            case MessengerPacket.USERSTATUS -> assertTrue(n == 1 && p.byteValue() < 3);
            case MessengerPacket.TYPING -> assertEquals(1, n);
            case MessengerPacket.MESSAGE, MessengerPacket.ACTION ->
                    assertTrue(n >= 1 && n <= MessengerPacket.MAX_MESSAGE);
            default -> {
                // unknown ids decode as they are, for the caller to ignore
            }
        }
        MessengerPacket again = MessengerPacket.decode(p.encode()).orElseThrow();
        assertEquals(p.id(), again.id());
        assertArrayEquals(p.payload(), again.payload());
        p.text(); // any payload converts to text (malformed UTF-8 becomes replacement characters)
    }

    @FuzzTest(maxDuration = "30s")
    void utf8Split(FuzzedDataProvider in) {
        int max = in.consumeInt(4, MessengerPacket.MAX_MESSAGE + 8);
        String text = in.consumeRemainingAsString();
        byte[] whole = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = Utf8Split.split(text, max);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            assertTrue(part.length >= 1 && part.length <= max, "part of " + part.length + " bytes, max " + max);
            assertTrue((part[0] & 0xc0) != 0x80, "a part starts at a character");
            String s = new String(part, StandardCharsets.UTF_8);
            assertArrayEquals(part, s.getBytes(StandardCharsets.UTF_8), "a part is whole characters");
            joined.writeBytes(part);
        }
        assertArrayEquals(whole, joined.toByteArray(), "the parts join to the text");
    }
}
