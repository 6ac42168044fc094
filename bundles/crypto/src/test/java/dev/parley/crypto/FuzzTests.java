package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz tests. A normal build runs them in regression mode over the seeds in
 * {@code src/test/resources/dev/parley/crypto/FuzzTestsInputs/} (and any {@code .cifuzz-corpus});
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/crypto test -Dtest=FuzzTests#toxIdParse -Dparley.jazzer.hooks=true}
 * fuzzes for real (the hooks property turns Jazzer's instrumentation back on; see the pom).
 */
class FuzzTests {

    private static final char[] PASSPHRASE = "fuzz".toCharArray();

    /** ToxId.parse only ever throws ToxIdFormatException, and what it accepts round-trips. */
    @FuzzTest(maxDuration = "30s")
    void toxIdParse(byte[] input) {
        for (String text : new String[] {new String(input, StandardCharsets.UTF_8),
            new String(input, StandardCharsets.ISO_8859_1)}) {
            try {
                ToxId id = ToxId.parse(text);
                assertEquals(id, ToxId.parse(id.toString()));
                assertEquals(76, id.toString().length());
            } catch (ToxIdFormatException e) {
                assertNotNull(e.reason());
                assertTrue(e.getMessage().startsWith("a Tox ID") || e.getMessage().startsWith("the checksum"),
                        e.getMessage());
            }
        }
    }

    /** decrypt on arbitrary bytes only ever throws WrongPassphraseException. */
    @FuzzTest(maxDuration = "30s")
    void passphraseDecrypt(FuzzedDataProvider data) {
        boolean withMagic = data.consumeBoolean();
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] input = rest;
        if (withMagic) {
            input = new byte[8 + rest.length];
            System.arraycopy(PassphraseEncryption.MAGIC, 0, input, 0, 8);
            System.arraycopy(rest, 0, input, 8, rest.length);
        }
        try {
            byte[] plain = PassphraseEncryption.decrypt(input, PASSPHRASE);
            // only possible for data really made with this passphrase
            assertArrayEquals(plain, PassphraseEncryption.decrypt(input, PASSPHRASE));
        } catch (WrongPassphraseException e) {
            assertNotNull(e.reason());
            assertNotNull(e.getMessage());
        }
    }

    /** Opening arbitrary bytes never throws and never succeeds without the key. */
    @FuzzTest(maxDuration = "30s")
    void secretBoxOpen(byte[] input) {
        SecretBox box = SecretBox.of(new byte[32]);
        byte[] out = new byte[Math.max(0, input.length - 16)];
        int n = box.open(new byte[24], 0, input, 0, input.length, out, 0);
        assertEquals(-1, n);
        assertTrue(box.open(Nonce.zero(), input).isEmpty());
    }
}
