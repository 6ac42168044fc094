package dev.parley.crypto;

import static dev.parley.crypto.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonceTest {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(192);

    private static Nonce nonce(String hex) {
        return Nonce.of(hex(hex));
    }

    @Test
    void incrementIsBigEndianWithCarry() {
        assertEquals("000000000000000000000000000000000000000000000001", Nonce.zero().increment().toString());
        assertEquals("000000000000000000000000000000000000000000000100",
                nonce("0000000000000000000000000000000000000000000000ff").increment().toString());
        assertEquals("000000000000000000000000000000000000000001000000",
                nonce("000000000000000000000000000000000000000000ffffff").increment().toString());
        assertEquals("010000000000000000000000000000000000000000000000",
                nonce("00ffffffffffffffffffffffffffffffffffffffffffffff").increment().toString());
        assertEquals(Nonce.zero(), nonce("ffffffffffffffffffffffffffffffffffffffffffffffff").increment(),
                "wraps around like c-toxcore");
    }

    @Test
    void plusMatchesBigIntegerArithmetic() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[24];
            r.nextBytes(b);
            if (i % 3 == 0) {
                for (int j = 10 + r.nextInt(14); j < 24; j++) {
                    b[j] = (byte) 0xff;
                }
            }
            long n = switch (i % 4) {
                case 0 -> r.nextInt() & 0xffffffffL;
                case 1 -> r.nextLong() & Long.MAX_VALUE;
                case 2 -> r.nextInt(3);
                default -> 0xffffffffL;
            };
            BigInteger expected = new BigInteger(1, b).add(BigInteger.valueOf(n)).mod(MOD);
            byte[] got = Nonce.of(b).plus(n).toBytes();
            assertEquals(expected, new BigInteger(1, got));
        }
        assertEquals(Nonce.zero().increment(), Nonce.zero().plus(1));
        assertThrows(IllegalArgumentException.class, () -> Nonce.zero().plus(-1));
    }

    @Test
    void immutableCopies() {
        byte[] b = new byte[24];
        Nonce n = Nonce.of(b);
        b[0] = 1;
        assertEquals(Nonce.zero(), n);
        n.toBytes()[0] = 1;
        assertEquals(Nonce.zero(), n);
        Nonce m = n.increment();
        assertEquals(Nonce.zero(), n);
        assertNotEquals(n, m);
        byte[] packet = new byte[30];
        m.writeTo(packet, 3);
        assertEquals(m, Nonce.read(packet, 3));
        assertArrayEquals(m.toBytes(), java.util.Arrays.copyOfRange(packet, 3, 27));
        assertThrows(IllegalArgumentException.class, () -> Nonce.of(new byte[23]));
        assertThrows(IndexOutOfBoundsException.class, () -> Nonce.read(packet, 7));
        assertNotEquals(Nonce.random(), Nonce.random());
    }
}
