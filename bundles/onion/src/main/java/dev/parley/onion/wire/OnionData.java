package dev.parley.onion.wire;

import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The middle layer of onion data, inside a data request or response, also used (with a nonce in
 * front) in DHT request packets of id 0x9c.
 *
 * <pre>
 * | length | contents                                                                      |
 * |--------|-------------------------------------------------------------------------------|
 * | 32     | sender's long-term public key                                                 |
 * | n + 16 | crypto_box (sender's long-term key, receiver's long-term key, same nonce) of the data: |
 * |        | [kind (1): 0x20 friend request, 0x9c DHT public key] [content]                |
 * </pre>
 */
public record OnionData(byte[] sender, byte[] box) {

    public static OnionData fromBytes(byte[] p) {
        return new OnionData(Arrays.copyOfRange(p, 0, OnionKind.KEY), Arrays.copyOfRange(p, OnionKind.KEY, p.length));
    }

    public byte[] toBytes() {
        byte[] out = new byte[sender.length + box.length];
        System.arraycopy(sender, 0, out, 0, sender.length);
        System.arraycopy(box, 0, out, sender.length, box.length);
        return out;
    }

    public static OnionData seal(byte[] sender, SharedKey longTerm, Nonce nonce, byte[] data) {
        if (data.length == 0 || data.length > OnionKind.MAX_CLIENT_DATA) {
            throw new IllegalArgumentException("onion data of " + data.length + " bytes");
        }
        return new OnionData(sender.clone(), longTerm.seal(nonce, data));
    }

    /** The data (kind byte first), or empty if the box does not authenticate or is empty. */
    public Optional<byte[]> open(SharedKey longTerm, Nonce nonce) {
        return longTerm.open(nonce, box).filter(p -> p.length >= 1);
    }
}
