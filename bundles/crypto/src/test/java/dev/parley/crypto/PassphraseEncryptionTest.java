package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.WrongPassphraseException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PassphraseEncryptionTest {

    private static final char[] PASS = "correct horse".toCharArray();

    @Test
    void roundTripAndLayout() throws Exception {
        byte[] plain = Bytes.random(1234);
        byte[] enc = PassphraseEncryption.encrypt(plain, PASS);
        assertEquals(plain.length + PassphraseEncryption.EXTRA_LENGTH, enc.length);
        assertEquals(80, PassphraseEncryption.EXTRA_LENGTH);
        assertEquals("toxEsave", new String(enc, 0, 8, StandardCharsets.US_ASCII));
        assertTrue(PassphraseEncryption.isEncrypted(enc));
        assertArrayEquals(plain, PassphraseEncryption.decrypt(enc, PASS));
        byte[] again = PassphraseEncryption.encrypt(plain, PASS);
        assertNotEquals(TestData.hex(Arrays.copyOfRange(enc, 8, 40)), TestData.hex(Arrays.copyOfRange(again, 8, 40)),
                "fresh salt each time");
    }

    @Test
    void wrongPassphraseOrAlteredData() throws Exception {
        byte[] enc = PassphraseEncryption.encrypt(new byte[] {1, 2, 3}, PASS);
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> PassphraseEncryption.decrypt(enc, "correct horsf".toCharArray()));
        assertEquals(Reason.WRONG_PASSPHRASE, e.reason());
        assertEquals("wrong passphrase, or the encrypted save is damaged", e.getMessage());
        byte[] altered = enc.clone();
        altered[enc.length - 1] ^= 1;
        assertEquals(Reason.WRONG_PASSPHRASE,
                assertThrows(WrongPassphraseException.class, () -> PassphraseEncryption.decrypt(altered, PASS)).reason());
        byte[] alteredSalt = enc.clone();
        alteredSalt[10] ^= 1;
        assertEquals(Reason.WRONG_PASSPHRASE,
                assertThrows(WrongPassphraseException.class, () -> PassphraseEncryption.decrypt(alteredSalt, PASS)).reason());
    }

    @Test
    void notEncryptedAndTruncated() {
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> PassphraseEncryption.decrypt(new byte[200], PASS));
        assertEquals(Reason.NOT_ENCRYPTED, e.reason());
        assertEquals("the data is not an encrypted Tox save (it does not start with \"toxEsave\")", e.getMessage());
        assertEquals(Reason.NOT_ENCRYPTED, assertThrows(WrongPassphraseException.class,
                () -> PassphraseEncryption.decrypt("toxEsav".getBytes(StandardCharsets.US_ASCII), PASS)).reason());
        byte[] header = Arrays.copyOf("toxEsave".getBytes(StandardCharsets.US_ASCII), 80);
        e = assertThrows(WrongPassphraseException.class, () -> PassphraseEncryption.decrypt(header, PASS));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertEquals("the encrypted Tox save is cut short: it has 80 bytes, but header and tag alone take 80",
                e.getMessage());
        assertFalse(PassphraseEncryption.isEncrypted(new byte[3]));
        assertFalse(PassphraseEncryption.isEncrypted(new byte[100]));
    }

    @Test
    void emptyAndUnicodePassphrases() throws Exception {
        byte[] plain = {42};
        assertArrayEquals(plain, PassphraseEncryption.decrypt(PassphraseEncryption.encrypt(plain, new char[0]), new char[0]));
        char[] unicode = "pässwörd \uD83D\uDD11".toCharArray();
        assertArrayEquals(plain, PassphraseEncryption.decrypt(PassphraseEncryption.encrypt(plain, unicode), unicode));
        assertThrows(IllegalArgumentException.class, () -> PassphraseEncryption.encrypt(new byte[0], PASS));
        assertThrows(IllegalArgumentException.class, () -> PassphraseEncryption.encrypt(plain, new char[] {'\uD83D'}));
    }
}
