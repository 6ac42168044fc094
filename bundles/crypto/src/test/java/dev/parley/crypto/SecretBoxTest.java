package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final Random random = new Random(7);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void roundTripsEveryLengthAroundBlockBoundaries() {
        SecretBox box = SecretBox.generate();
        for (int len = 0; len <= 300; len++) {
            byte[] plain = bytes(len);
            Nonce nonce = Nonce.random();
            byte[] sealed = box.seal(nonce, plain);
            assertEquals(len + SecretBox.MAC_SIZE, sealed.length);
            assertArrayEquals(plain, box.open(nonce, sealed).orElseThrow(), "length " + len);
        }
    }

    @Test
    void everyFlippedBitIsRejected() {
        SecretBox box = SecretBox.generate();
        Nonce nonce = Nonce.random();
        byte[] sealed = box.seal(nonce, bytes(70));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = sealed.clone();
                bad[i] ^= (byte) (1 << bit);
                assertTrue(box.open(nonce, bad).isEmpty(), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void wrongKeyWrongNonceTruncationAreRejected() {
        SecretBox box = SecretBox.generate();
        Nonce nonce = Nonce.random();
        byte[] plain = bytes(100);
        byte[] sealed = box.seal(nonce, plain);
        assertTrue(SecretBox.generate().open(nonce, sealed).isEmpty());
        assertTrue(box.open(nonce.increment(), sealed).isEmpty());
        assertTrue(box.open(nonce, Arrays.copyOf(sealed, sealed.length - 1)).isEmpty());
        assertTrue(box.open(nonce, Arrays.copyOf(sealed, 15)).isEmpty());
        assertTrue(box.open(nonce, new byte[0]).isEmpty());
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertTrue(box.open(nonce, longer).isEmpty());
        assertEquals(-1, box.open(nonce.toBytes(), 0, sealed, 0, 10, new byte[0], 0));
    }

    @Test
    void emptyPlaintextHasOnlyATag() {
        SecretBox box = SecretBox.generate();
        Nonce nonce = Nonce.random();
        byte[] sealed = box.seal(nonce, new byte[0]);
        assertEquals(16, sealed.length);
        assertEquals(0, box.open(nonce, sealed).orElseThrow().length);
    }

    @Test
    void offsetsAndFailureLeavesOutputUntouched() {
        SecretBox box = SecretBox.generate();
        byte[] packet = new byte[1 + 24 + 200 + 16];
        byte[] nonce = bytes(24);
        System.arraycopy(nonce, 0, packet, 1, 24);
        byte[] plain = bytes(200);
        assertEquals(216, box.seal(packet, 1, plain, 0, 200, packet, 25));
        byte[] out = new byte[210];
        Arrays.fill(out, (byte) 0x55);
        assertEquals(200, box.open(packet, 1, packet, 25, 216, out, 5));
        assertArrayEquals(plain, Arrays.copyOfRange(out, 5, 205));
        packet[30] ^= 1;
        byte[] untouched = new byte[210];
        Arrays.fill(untouched, (byte) 0x55);
        byte[] out2 = untouched.clone();
        assertEquals(-1, box.open(packet, 1, packet, 25, 216, out2, 5));
        assertArrayEquals(untouched, out2);
    }

    @Test
    void inPlaceAndOverlappingBuffers() {
        SecretBox box = SecretBox.generate();
        Nonce nonce = Nonce.random();
        byte[] n = nonce.toBytes();
        for (int len : new int[] {0, 1, 31, 32, 33, 64, 95, 96, 97, 500}) {
            byte[] plain = bytes(len);
            byte[] expected = box.seal(nonce, plain);
            for (int inOff = 0; inOff <= 40; inOff += 4) {
                for (int outOff = 0; outOff <= 40; outOff += 4) {
                    byte[] buf = new byte[len + 60];
                    System.arraycopy(plain, 0, buf, inOff, len);
                    box.seal(n, 0, buf, inOff, len, buf, outOff);
                    assertArrayEquals(expected, Arrays.copyOfRange(buf, outOff, outOff + len + 16),
                            "seal len " + len + " in " + inOff + " out " + outOff);
                    byte[] buf2 = new byte[len + 60];
                    System.arraycopy(expected, 0, buf2, inOff, len + 16);
                    assertEquals(len, box.open(n, 0, buf2, inOff, len + 16, buf2, outOff));
                    assertArrayEquals(plain, Arrays.copyOfRange(buf2, outOff, outOff + len),
                            "open len " + len + " in " + inOff + " out " + outOff);
                }
            }
        }
    }

    @Test
    void badRangesAreProgrammingErrors() {
        SecretBox box = SecretBox.generate();
        byte[] n = new byte[24];
        assertThrows(IndexOutOfBoundsException.class, () -> box.seal(n, 1, new byte[10], 0, 10, new byte[26], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> box.seal(n, 0, new byte[10], 0, 10, new byte[25], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> box.open(n, 0, new byte[26], 0, 26, new byte[9], 0));
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of(new byte[31]));
    }

    @Test
    void destroyedKeysRefuseWork() {
        SecretBox box = SecretBox.generate();
        assertFalse(box.isDestroyed());
        box.destroy();
        assertTrue(box.isDestroyed());
        assertThrows(IllegalStateException.class, () -> box.seal(Nonce.zero(), new byte[1]));
        assertThrows(IllegalStateException.class, () -> box.open(Nonce.zero(), new byte[20]));
    }

    @Test
    void largeMessages() {
        SecretBox box = SecretBox.of(bytes(32));
        Nonce nonce = Nonce.random();
        byte[] plain = bytes(1 << 20);
        assertArrayEquals(plain, box.open(nonce, box.seal(nonce, plain)).orElseThrow());
    }
}
