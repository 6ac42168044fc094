package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.dht.wire.MalformedPacketException;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Optional;

/**
 * Return data, which each onion node appends so that a response can find the way back without
 * the node keeping state. Only the node that made it can open it (its secret symmetric key).
 *
 * <pre>
 * | length | contents                                                                   |
 * |--------|----------------------------------------------------------------------------|
 * | 24     | random nonce                                                               |
 * | n + 16 | secretbox of: [previous hop {@link OnionIpPort} (19)] [previous return (0/59/118)] |
 * </pre>
 *
 * Return 1 is 59 bytes, return 2 is 118, return 3 is 177.
 */
public record OnionReturn(OnionIpPort previous, byte[] inner) {

    /** Seals this return data with a node's symmetric key. */
    public byte[] seal(SecretBox key, Nonce nonce) {
        byte[] plain = new byte[OnionIpPort.SIZE + inner.length];
        System.arraycopy(previous.toBytes(), 0, plain, 0, OnionIpPort.SIZE);
        System.arraycopy(inner, 0, plain, OnionIpPort.SIZE, inner.length);
        byte[] box = key.seal(nonce, plain);
        byte[] out = new byte[OnionKind.NONCE + box.length];
        nonce.writeTo(out, 0);
        System.arraycopy(box, 0, out, OnionKind.NONCE, box.length);
        return out;
    }

    /** Opens return data of {@code data.length} bytes; empty if it is not ours or does not decode. */
    public static Optional<OnionReturn> open(SecretBox key, byte[] data) {
        if (data.length < OnionKind.RETURN_1) {
            return Optional.empty();
        }
        Nonce n = Nonce.read(data, 0);
        return key.open(n, Arrays.copyOfRange(data, OnionKind.NONCE, data.length)).flatMap(p -> {
            try {
                OnionIpPort ip = OnionIpPort.decode(Unpooled.wrappedBuffer(p, 0, OnionIpPort.SIZE));
                return Optional.of(new OnionReturn(ip, Arrays.copyOfRange(p, OnionIpPort.SIZE, p.length)));
            } catch (MalformedPacketException | IndexOutOfBoundsException e) {
                return Optional.empty();
            }
        });
    }
}
