package dev.parley.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.relay.wire.RelayPacket;
import dev.parley.relay.wire.SecureFrames;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames cut into chunks anywhere come out whole and in order. */
class IncomingStreamTest {

    @Test
    void framesSplitAtRandomPlacesDecodeInOrder() {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        SharedKey k = SharedKey.precompute(a, b.publicKey()).orElseThrow();
        Nonce base = Nonce.random();
        SecureFrames sender = new SecureFrames(k, base, Nonce.random());
        SecureFrames receiver = new SecureFrames(k, Nonce.random(), base);
        Random random = new Random(7);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[1 + random.nextInt(1400)];
            random.nextBytes(data);
            sent.add(data);
            wire.writeBytes(sender.seal(new RelayPacket.Data(16 + i % 200, data).toBytes()));
        }
        byte[] all = wire.toByteArray();
        IncomingStream stream = new IncomingStream();
        List<byte[]> got = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            // Chunks from 1 byte to 64 KiB, as a socket may hand them over.
            int n = Math.min(all.length - at, random.nextBoolean() ? 1 + random.nextInt(7) : 1 + random.nextInt(65536));
            stream.add(Arrays.copyOfRange(all, at, at + n));
            at += n;
            while (true) {
                IncomingStream.Next next = stream.nextPacket(receiver);
                if (next instanceof IncomingStream.Packet p) {
                    got.add(assertInstanceOf(RelayPacket.Data.class, p.packet()).data());
                } else {
                    assertInstanceOf(IncomingStream.NeedMore.class, next);
                    break;
                }
            }
        }
        assertArrayEquals(sent.toArray(), got.toArray());
    }
}
