package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SharedKeyTest {

    @Test
    void bothSidesDeriveTheSameKey() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        SharedKey ab = SharedKey.precompute(a, b.publicKey()).orElseThrow();
        SharedKey ba = SharedKey.precompute(b, a.publicKey()).orElseThrow();
        Nonce nonce = Nonce.random();
        byte[] msg = Bytes.random(1000);
        assertArrayEquals(msg, ba.open(nonce, ab.seal(nonce, msg)).orElseThrow());
        assertArrayEquals(msg, ab.open(nonce, ba.seal(nonce, msg)).orElseThrow());
    }

    @Test
    void aThirdPartyCannotOpen() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        KeyPair eve = KeyPair.generate();
        Nonce nonce = Nonce.random();
        byte[] sealed = SharedKey.precompute(a, b.publicKey()).orElseThrow().seal(nonce, new byte[] {1, 2, 3});
        assertTrue(SharedKey.precompute(eve, a.publicKey()).orElseThrow().open(nonce, sealed).isEmpty());
        assertTrue(SharedKey.precompute(eve, b.publicKey()).orElseThrow().open(nonce, sealed).isEmpty());
    }

    @Test
    void peerKeyAtAnOffset() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        byte[] packet = new byte[40];
        b.writePublicKey(packet, 5);
        Nonce nonce = Nonce.zero();
        assertArrayEquals(SharedKey.precompute(a, b.publicKey()).orElseThrow().seal(nonce, new byte[3]),
                SharedKey.precompute(a, packet, 5).orElseThrow().seal(nonce, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> SharedKey.precompute(a, new byte[31]));
    }

    @Test
    void destroy() {
        KeyPair a = KeyPair.generate();
        SharedKey k = SharedKey.precompute(a, KeyPair.generate().publicKey()).orElseThrow();
        k.destroy();
        assertTrue(k.isDestroyed());
        assertThrows(IllegalStateException.class, () -> k.seal(Nonce.zero(), new byte[0]));
        assertFalse(k.toString().contains("["  + "0"));
    }

    @Test
    void keyPairs() {
        KeyPair a = KeyPair.generate();
        byte[] sk = new byte[34];
        a.writeSecretKey(sk, 1);
        KeyPair again = KeyPair.fromSecretKey(Arrays.copyOfRange(sk, 1, 33));
        assertArrayEquals(a.publicKey(), again.publicKey());
        assertTrue(PublicKeys.isValid(a.publicKey()));
        byte[] pk = a.publicKey();
        pk[0] ^= 1;
        assertNotEquals(pk[0], a.publicKey()[0], "publicKey() hands out copies");
        a.destroy();
        assertTrue(a.isDestroyed());
        assertEquals(32, a.publicKey().length);
        assertThrows(IllegalStateException.class, () -> a.writeSecretKey(new byte[32], 0));
        assertThrows(IllegalStateException.class, () -> SharedKey.precompute(a, again.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> KeyPair.fromSecretKey(new byte[33]));
        assertFalse(again.toString().contains(TestData.hex(Arrays.copyOfRange(sk, 1, 33)).toUpperCase()));
    }

    @Test
    void publicKeyValidity() {
        byte[] pk = new byte[32];
        pk[31] = 127;
        assertTrue(PublicKeys.isValid(pk));
        pk[31] = (byte) 128;
        assertFalse(PublicKeys.isValid(pk));
        pk[31] = (byte) 255;
        assertFalse(PublicKeys.isValid(pk));
        assertFalse(PublicKeys.isValid(new byte[31]));
        assertFalse(PublicKeys.isValid(null));
        byte[] packet = new byte[40];
        packet[36] = (byte) 0x80;
        assertFalse(PublicKeys.isValid(packet, 5));
        assertTrue(PublicKeys.isValid(packet, 6));
    }

    @Test
    void constantTimeEquals() {
        assertTrue(Bytes.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 2}));
        assertFalse(Bytes.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 3}));
        assertFalse(Bytes.constantTimeEquals(new byte[] {1, 2}, new byte[] {1}));
        assertTrue(Bytes.constantTimeEquals(new byte[0], new byte[0]));
        assertTrue(Bytes.constantTimeEquals(new byte[] {9, 1, 2}, 1, new byte[] {1, 2, 8}, 0, 2));
    }
}
