package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.crypto.ToxIdFormatException.Reason;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ToxIdTest {

    private static final byte[] PK = TestData.ALICE_PK;
    private static final int NOSPAM = 0xDEADBEEF;

    /** The checksum computed independently: XOR of the 2-byte chunks of pk || nospam. */
    private static String expectedText() {
        byte[] b = new byte[36];
        System.arraycopy(PK, 0, b, 0, 32);
        b[32] = (byte) 0xDE;
        b[33] = (byte) 0xAD;
        b[34] = (byte) 0xBE;
        b[35] = (byte) 0xEF;
        int c0 = 0;
        int c1 = 0;
        for (int i = 0; i < 36; i += 2) {
            c0 ^= b[i] & 0xff;
            c1 ^= b[i + 1] & 0xff;
        }
        return (TestData.hex(b) + String.format("%02x%02x", c0, c1)).toUpperCase(Locale.ROOT);
    }

    @Test
    void ofComputesLayoutAndChecksum() {
        ToxId id = ToxId.of(PK, NOSPAM);
        assertEquals(expectedText(), id.toString());
        assertEquals(76, id.toString().length());
        assertArrayEquals(PK, id.publicKey());
        assertEquals(NOSPAM, id.nospam());
        assertEquals(Integer.parseInt(expectedText().substring(72), 16), id.checksum());
        byte[] bytes = id.toBytes();
        assertEquals(38, bytes.length);
        assertEquals((byte) 0xDE, bytes[32]);
        assertEquals((byte) 0xEF, bytes[35]);
    }

    @Test
    void parseAcceptsWhatUsersPaste() {
        ToxId id = ToxId.of(PK, NOSPAM);
        String text = expectedText();
        assertEquals(id, ToxId.parse(text));
        assertEquals(id, ToxId.parse(text.toLowerCase(Locale.ROOT)));
        assertEquals(id, ToxId.parse("tox:" + text));
        assertEquals(id, ToxId.parse("TOX:" + text.toLowerCase(Locale.ROOT)));
        assertEquals(id, ToxId.parse("  Tox: " + text.substring(0, 10) + " \t" + text.substring(10, 40) + "\n"
                + text.substring(40) + "  "));
        assertEquals(id, ToxId.parse(text.substring(0, 38) + "\u00a0" + text.substring(38)));
        StringBuilder spaced = new StringBuilder();
        for (char c : text.toCharArray()) {
            spaced.append(c).append(' ');
        }
        assertEquals(id, ToxId.parse(spaced.toString()));
        assertEquals(id.hashCode(), ToxId.parse(text).hashCode());
    }

    @Test
    void wrongLength() {
        String text = expectedText();
        ToxIdFormatException e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse(text.substring(1)));
        assertEquals(Reason.WRONG_LENGTH, e.reason());
        assertEquals("a Tox ID has 76 hex digits, this has 75", e.getMessage());
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse(text + "A"));
        assertEquals("a Tox ID has 76 hex digits, this has 77", e.getMessage());
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse(""));
        assertEquals("a Tox ID has 76 hex digits, this has 0", e.getMessage());
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse("tox:"));
        assertEquals(Reason.WRONG_LENGTH, e.reason());
    }

    @Test
    void notHex() {
        String text = expectedText();
        ToxIdFormatException e = assertThrows(ToxIdFormatException.class,
                () -> ToxId.parse(text.substring(0, 11) + "G" + text.substring(12)));
        assertEquals(Reason.NOT_HEX, e.reason());
        assertEquals("a Tox ID has only the hex digits 0-9 and A-F, this has 'G' at position 12", e.getMessage());
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse("tox:tox:" + text));
        assertEquals(Reason.NOT_HEX, e.reason());
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse(text.substring(0, 75) + "\u0663"));
        assertEquals(Reason.NOT_HEX, e.reason(), "Arabic-Indic digits are not hex digits");
        e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse("\u0000"));
        assertEquals("a Tox ID has only the hex digits 0-9 and A-F, this has the control character U+0000 at position 1",
                e.getMessage());
    }

    @Test
    void badChecksum() {
        String text = expectedText();
        char last = text.charAt(75);
        String typo = text.substring(0, 75) + (last == '0' ? '1' : '0');
        ToxIdFormatException e = assertThrows(ToxIdFormatException.class, () -> ToxId.parse(typo));
        assertEquals(Reason.BAD_CHECKSUM, e.reason());
        assertEquals(String.format("the checksum of this Tox ID does not match (it ends in %s, the digits before it "
                + "give %s); it was probably mistyped or cut", typo.substring(72), text.substring(72)), e.getMessage());
        // a typo in the key is caught too
        String keyTypo = (text.charAt(0) == 'A' ? "B" : "A") + text.substring(1);
        assertEquals(Reason.BAD_CHECKSUM, assertThrows(ToxIdFormatException.class, () -> ToxId.parse(keyTypo)).reason());
    }

    @Test
    void randomRoundTrips() {
        for (int i = 0; i < 500; i++) {
            ToxId id = ToxId.of(Bytes.random(32), Bytes.randomInt());
            assertEquals(id, ToxId.parse(id.toString()));
            assertEquals(id.nospam(), ToxId.parse(id.toString()).nospam());
        }
        assertThrows(IllegalArgumentException.class, () -> ToxId.of(new byte[31], 0));
    }
}
