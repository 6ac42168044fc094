package dev.parley.crypto;

import static dev.parley.crypto.TestData.ALICE_PK;
import static dev.parley.crypto.TestData.ALICE_SK;
import static dev.parley.crypto.TestData.BOB_PK;
import static dev.parley.crypto.TestData.BOB_SK;
import static dev.parley.crypto.TestData.BOXED;
import static dev.parley.crypto.TestData.FIRST_KEY;
import static dev.parley.crypto.TestData.MESSAGE;
import static dev.parley.crypto.TestData.NONCE;
import static dev.parley.crypto.TestData.SMALL_ORDER_P;
import static dev.parley.crypto.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Published vectors from the NaCl / libsodium test suites and FIPS 180. */
class KnownAnswerTest {

    @Test
    void publicKeysDeriveFromSecretKeys() {
        assertArrayEquals(ALICE_PK, KeyPair.fromSecretKey(ALICE_SK).publicKey());
        assertArrayEquals(BOB_PK, KeyPair.fromSecretKey(BOB_SK).publicKey());
    }

    @Test
    void boxAfternmMatchesNaclVector() {
        SharedKey alice = SharedKey.precompute(KeyPair.fromSecretKey(ALICE_SK), BOB_PK).orElseThrow();
        assertEquals(131, MESSAGE.length);
        assertArrayEquals(BOXED, alice.seal(Nonce.of(NONCE), MESSAGE));
    }

    @Test
    void bobOpensWhatAliceSealed() {
        SharedKey bob = SharedKey.precompute(KeyPair.fromSecretKey(BOB_SK), ALICE_PK).orElseThrow();
        assertArrayEquals(MESSAGE, bob.open(Nonce.of(NONCE), BOXED).orElseThrow());
    }

    @Test
    void beforenmIsTheSecretboxFirstKey() {
        // The same key on both sides, and it is the firstkey of libsodium's secretbox.c.
        SecretBox box = SecretBox.of(FIRST_KEY);
        assertArrayEquals(BOXED, box.seal(Nonce.of(NONCE), MESSAGE));
        SharedKey bob = SharedKey.precompute(KeyPair.fromSecretKey(BOB_SK), ALICE_PK).orElseThrow();
        assertArrayEquals(box.seal(Nonce.of(NONCE), new byte[0]), bob.seal(Nonce.of(NONCE), new byte[0]));
    }

    @Test
    void smallOrderPointIsRefused() {
        assertTrue(SharedKey.precompute(KeyPair.fromSecretKey(ALICE_SK), SMALL_ORDER_P).isEmpty());
        assertTrue(SharedKey.precompute(KeyPair.fromSecretKey(ALICE_SK), new byte[32]).isEmpty());
    }

    @Test
    void sha256AndSha512() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(Hashes.sha256(abc)));
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", hex(Hashes.sha512(abc)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(Hashes.sha256(new byte[0])));
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Hashes.sha256(abc), Hashes.sha256(padded, 2, 3));
    }
}
