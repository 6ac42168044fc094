package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parley against the system libsodium (which c-toxcore uses) on random inputs: byte-identical
 * outputs, each side opens what the other sealed, and both refuse the same forgeries.
 */
class LibsodiumDifferentialTest {

    private static final long SEED = Long.getLong("parley.crypto.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(SEED);

    @BeforeAll
    static void loadLibsodium() {
        Sodium.require();
        System.out.println("LibsodiumDifferentialTest: libsodium " + Sodium.sodium_version_string()
                + ", seed " + SEED + " (rerun with -Dparley.crypto.seed=" + SEED + ")");
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Mostly 0..2000 bytes, sometimes a few kilobytes or more. */
    private int messageLength(int i) {
        if (i % 500 == 499) {
            return random.nextInt(70_000, 300_000);
        }
        if (i % 50 == 49) {
            return random.nextInt(2000, 20_000);
        }
        return random.nextInt(0, 2001);
    }

    private String context(String what, int len) {
        return what + " (length " + len + ", seed " + SEED + ")";
    }

    @Test
    void scalarmultBaseAndBeforenm() {
        for (int i = 0; i < 2000; i++) {
            byte[] skA = bytes(32);
            byte[] skB = bytes(32);
            byte[] pkA = new byte[32];
            byte[] pkB = new byte[32];
            assertEquals(0, Sodium.crypto_scalarmult_base(pkA, skA));
            assertEquals(0, Sodium.crypto_scalarmult_base(pkB, skB));
            KeyPair a = KeyPair.fromSecretKey(skA);
            KeyPair b = KeyPair.fromSecretKey(skB);
            assertArrayEquals(pkA, a.publicKey(), "scalarmult_base, seed " + SEED);
            assertArrayEquals(pkB, b.publicKey(), "scalarmult_base, seed " + SEED);

            // the precomputed keys are opaque, so compare what they do with libsodium's
            byte[] kAB = new byte[32];
            byte[] kBA = new byte[32];
            assertEquals(0, Sodium.crypto_box_beforenm(kAB, pkB, skA));
            assertEquals(0, Sodium.crypto_box_beforenm(kBA, pkA, skB));
            assertArrayEquals(kAB, kBA);
            byte[] n = bytes(24);
            byte[] m = bytes(random.nextInt(0, 100));
            byte[] expected = sodiumSeal(kAB, n, m);
            assertArrayEquals(expected, SharedKey.precompute(a, pkB).orElseThrow().seal(Nonce.of(n), m),
                    "beforenm, seed " + SEED);
            assertArrayEquals(expected, SharedKey.precompute(b, pkA).orElseThrow().seal(Nonce.of(n), m),
                    "beforenm, seed " + SEED);
        }
    }

    @Test
    void beforenmKeyBytesAreIdentical() {
        // The precomputed key equals libsodium's beforenm output as a secretbox key.
        for (int i = 0; i < 300; i++) {
            KeyPair a = KeyPair.generate();
            byte[] pkB = new byte[32];
            byte[] skB = new byte[32];
            Sodium.crypto_box_keypair(pkB, skB);
            byte[] k = new byte[32];
            assertEquals(0, Sodium.crypto_box_beforenm(k, pkB, skOf(a)));
            Nonce nonce = Nonce.random();
            byte[] m = bytes(64);
            assertArrayEquals(SecretBox.of(k).seal(nonce, m), SharedKey.precompute(a, pkB).orElseThrow().seal(nonce, m));
        }
    }

    @Test
    void specialPublicKeysAgree() {
        List<byte[]> points = new ArrayList<>();
        points.add(new byte[32]);
        points.add(le(1));
        points.add(TestData.SMALL_ORDER_P);
        points.add(TestData.hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"));
        points.add(TestData.hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // p - 1
        points.add(TestData.hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // p
        points.add(TestData.hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // p + 1
        points.add(TestData.hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
        int n = points.size();
        for (int i = 0; i < n; i++) {
            byte[] hi = points.get(i).clone();
            hi[31] |= (byte) 0x80;
            points.add(hi);
        }
        for (int i = 0; i < 50; i++) {
            byte[] r = bytes(32);
            r[31] |= (byte) 0x80; // invalid for c-toxcore, but beforenm must still agree
            points.add(r);
        }
        int refused = 0;
        for (byte[] p : points) {
            byte[] sk = bytes(32);
            byte[] k = new byte[32];
            int rc = Sodium.crypto_box_beforenm(k, p, sk);
            Optional<SharedKey> ours = SharedKey.precompute(KeyPair.fromSecretKey(sk), p);
            assertEquals(rc == 0, ours.isPresent(), "beforenm with " + TestData.hex(p));
            byte[] q = new byte[32];
            int rcMult = Sodium.crypto_scalarmult(q, sk, p);
            if (rc == 0) {
                Nonce nonce = Nonce.random();
                assertArrayEquals(SecretBox.of(k).seal(nonce, new byte[5]), ours.orElseThrow().seal(nonce, new byte[5]));
                assertEquals(0, rcMult);
            } else {
                refused++;
            }
        }
        assertTrue(refused >= 6, "libsodium refuses the low-order points, refused " + refused);
    }

    @Test
    void boxAfternmBothWays() {
        for (int i = 0; i < 3000; i++) {
            byte[] pkA = new byte[32];
            byte[] skA = new byte[32];
            Sodium.crypto_box_keypair(pkA, skA);
            KeyPair b = i % 20 == 0 ? KeyPair.generate() : KeyPair.fromSecretKey(bytes(32));
            byte[] k = new byte[32];
            assertEquals(0, Sodium.crypto_box_beforenm(k, b.publicKey(), skA));
            SharedKey ours = SharedKey.precompute(b, pkA).orElseThrow();
            int len = messageLength(i);
            checkCipher(len, k, ours::seal, ours::open, true);
            if (i % 10 == 0) {
                // a third key pair gets a different shared key on both implementations
                KeyPair eve = KeyPair.generate();
                Nonce nonce = Nonce.random();
                byte[] sealed = ours.seal(nonce, bytes(len));
                assertTrue(SharedKey.precompute(eve, pkA).orElseThrow().open(nonce, sealed).isEmpty());
                byte[] kEve = new byte[32];
                assertEquals(0, Sodium.crypto_box_beforenm(kEve, pkA, skOf(eve)));
                assertEquals(null, sodiumOpen(kEve, nonce.toBytes(), sealed));
            }
        }
    }

    @Test
    void secretboxBothWays() {
        for (int i = 0; i < 3000; i++) {
            byte[] key = bytes(32);
            SecretBox ours = SecretBox.of(key);
            checkCipher(messageLength(i), key, ours::seal, ours::open, false);
        }
    }

    interface Seal {
        byte[] seal(Nonce nonce, byte[] plain);
    }

    interface Open {
        Optional<byte[]> open(Nonce nonce, byte[] cipher);
    }

    private void checkCipher(int len, byte[] sodiumKey, Seal seal, Open open, boolean box) {
        byte[] m = bytes(len);
        byte[] n = bytes(24);
        Nonce nonce = Nonce.of(n);
        byte[] theirs = box ? sodiumSeal(sodiumKey, n, m) : sodiumSecretSeal(sodiumKey, n, m);
        byte[] ours = seal.seal(nonce, m);
        assertArrayEquals(theirs, ours, context("sealed bytes differ", len));
        // each opens what the other sealed (the same bytes, but through both code paths)
        assertArrayEquals(m, open.open(nonce, theirs).orElseThrow(), context("Parley opens libsodium", len));
        assertArrayEquals(m, box ? sodiumOpen(sodiumKey, n, ours) : sodiumSecretOpen(sodiumKey, n, ours),
                context("libsodium opens Parley", len));

        // a flipped bit anywhere
        byte[] bad = ours.clone();
        int pos = random.nextInt(bad.length);
        bad[pos] ^= (byte) (1 << random.nextInt(8));
        assertTrue(open.open(nonce, bad).isEmpty(), context("Parley accepted a flipped bit at " + pos, len));
        assertEquals(null, box ? sodiumOpen(sodiumKey, n, bad) : sodiumSecretOpen(sodiumKey, n, bad));
        // wrong nonce
        Nonce other = nonce.plus(1 + random.nextInt(1000));
        assertTrue(open.open(other, ours).isEmpty(), context("Parley accepted a wrong nonce", len));
        assertEquals(null, box ? sodiumOpen(sodiumKey, other.toBytes(), ours)
                : sodiumSecretOpen(sodiumKey, other.toBytes(), ours));
        // wrong key
        byte[] wrongKey = sodiumKey.clone();
        wrongKey[random.nextInt(32)] ^= 1;
        assertTrue(SecretBox.of(wrongKey).open(nonce, ours).isEmpty(), context("Parley accepted a wrong key", len));
        assertEquals(null, box ? sodiumOpen(wrongKey, n, ours) : sodiumSecretOpen(wrongKey, n, ours));
        // truncated
        if (ours.length > 0) {
            byte[] cut = Arrays.copyOf(ours, random.nextInt(ours.length));
            assertTrue(open.open(nonce, cut).isEmpty());
            assertEquals(null, box ? sodiumOpen(sodiumKey, n, cut) : sodiumSecretOpen(sodiumKey, n, cut));
        }
    }

    @Test
    void randomGarbageIsRejectedByBoth() {
        byte[] key = bytes(32);
        SecretBox ours = SecretBox.of(key);
        for (int i = 0; i < 2000; i++) {
            byte[] n = bytes(24);
            byte[] c = bytes(random.nextInt(0, 200));
            assertTrue(ours.open(Nonce.of(n), c).isEmpty());
            assertEquals(null, sodiumSecretOpen(key, n, c));
        }
    }

    @Test
    void hashes() {
        for (int i = 0; i < 500; i++) {
            byte[] m = bytes(messageLength(i));
            byte[] h256 = new byte[32];
            byte[] h512 = new byte[64];
            Sodium.crypto_hash_sha256(h256, m, m.length);
            Sodium.crypto_hash_sha512(h512, m, m.length);
            assertArrayEquals(h256, Hashes.sha256(m));
            assertArrayEquals(h512, Hashes.sha512(m));
        }
    }

    @Test
    void nonceIncrementMatchesSodiumIncrementReversed() {
        // sodium_increment is little endian; c-toxcore's increment is big endian
        for (int i = 0; i < 1000; i++) {
            byte[] n = bytes(24);
            if (i % 2 == 0) {
                Arrays.fill(n, 24 - random.nextInt(1, 24), 24, (byte) 0xff);
            }
            byte[] le = reverse(n);
            Sodium.sodium_increment(le, 24);
            assertArrayEquals(reverse(le), Nonce.of(n).increment().toBytes());
        }
    }

    // --- toxencryptsave ------------------------------------------------------------------------

    @Test
    void scryptParametersAreLibsodiumInteractiveTimesTwo() {
        assertEquals(524288L, Sodium.crypto_pwhash_scryptsalsa208sha256_opslimit_interactive());
        assertEquals(16777216L, Sodium.crypto_pwhash_scryptsalsa208sha256_memlimit_interactive());
    }

    @Test
    void passphraseEncryptionBothWays() throws Exception {
        String[] passphrases = {"", "hunter2", "pässwörd \uD83D\uDD11 with spaces"};
        for (String pass : passphrases) {
            byte[] plain = bytes(random.nextInt(1, 5000));
            byte[] fromSodium = sodiumPassEncrypt(plain, pass.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(plain, PassphraseEncryption.decrypt(fromSodium, pass.toCharArray()),
                    "Parley decrypts c-toxcore-layout data made with libsodium");

            byte[] fromParley = PassphraseEncryption.encrypt(plain, pass.toCharArray());
            assertArrayEquals(plain, sodiumPassDecrypt(fromParley, pass.getBytes(StandardCharsets.UTF_8)),
                    "libsodium decrypts what Parley encrypted");
            assertEquals(null, sodiumPassDecrypt(fromParley, (pass + "x").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** tox_pass_encrypt, step by step with libsodium primitives. */
    private byte[] sodiumPassEncrypt(byte[] plain, byte[] passphrase) {
        byte[] salt = bytes(32);
        byte[] nonce = bytes(24);
        byte[] key = sodiumPassKey(passphrase, salt);
        byte[] box = new byte[plain.length + 16];
        assertEquals(0, Sodium.crypto_secretbox_easy(box, plain, plain.length, nonce, key));
        byte[] out = new byte[80 + plain.length];
        System.arraycopy("toxEsave".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 8);
        System.arraycopy(salt, 0, out, 8, 32);
        System.arraycopy(nonce, 0, out, 40, 24);
        System.arraycopy(box, 0, out, 64, box.length);
        return out;
    }

    /** tox_pass_decrypt, step by step; null when authentication fails. */
    private byte[] sodiumPassDecrypt(byte[] data, byte[] passphrase) {
        assertEquals("toxEsave", new String(data, 0, 8, StandardCharsets.US_ASCII));
        byte[] key = sodiumPassKey(passphrase, Arrays.copyOfRange(data, 8, 40));
        byte[] nonce = Arrays.copyOfRange(data, 40, 64);
        byte[] box = Arrays.copyOfRange(data, 64, data.length);
        return sodiumSecretOpen(key, nonce, box);
    }

    private static byte[] sodiumPassKey(byte[] passphrase, byte[] salt) {
        byte[] passKey = new byte[32];
        Sodium.crypto_hash_sha256(passKey, passphrase, passphrase.length);
        byte[] key = new byte[32];
        assertEquals(0, Sodium.crypto_pwhash_scryptsalsa208sha256(key, 32, passKey, 32, salt,
                Sodium.crypto_pwhash_scryptsalsa208sha256_opslimit_interactive() * 2,
                Sodium.crypto_pwhash_scryptsalsa208sha256_memlimit_interactive()));
        assertNotEquals(TestData.hex(new byte[32]), TestData.hex(key));
        return key;
    }

    // --- libsodium helpers ---------------------------------------------------------------------

    private static byte[] sodiumSeal(byte[] k, byte[] n, byte[] m) {
        byte[] c = new byte[m.length + 16];
        assertEquals(0, Sodium.crypto_box_easy_afternm(c, m, m.length, n, k));
        return c;
    }

    private static byte[] sodiumOpen(byte[] k, byte[] n, byte[] c) {
        if (c.length < 16) {
            return null;
        }
        byte[] m = new byte[c.length - 16];
        return Sodium.crypto_box_open_easy_afternm(m, c, c.length, n, k) == 0 ? m : null;
    }

    private static byte[] sodiumSecretSeal(byte[] k, byte[] n, byte[] m) {
        byte[] c = new byte[m.length + 16];
        assertEquals(0, Sodium.crypto_secretbox_easy(c, m, m.length, n, k));
        return c;
    }

    private static byte[] sodiumSecretOpen(byte[] k, byte[] n, byte[] c) {
        if (c.length < 16) {
            return null;
        }
        byte[] m = new byte[c.length - 16];
        return Sodium.crypto_secretbox_open_easy(m, c, c.length, n, k) == 0 ? m : null;
    }

    private static byte[] skOf(KeyPair kp) {
        byte[] sk = new byte[32];
        kp.writeSecretKey(sk, 0);
        return sk;
    }

    private static byte[] le(int v) {
        byte[] b = new byte[32];
        b[0] = (byte) v;
        return b;
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
