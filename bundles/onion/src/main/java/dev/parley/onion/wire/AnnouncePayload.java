package dev.parley.onion.wire;

import java.util.Arrays;

/**
 * The decrypted body of an announce request.
 *
 * <pre>
 * | length | contents                                                                   |
 * |--------|----------------------------------------------------------------------------|
 * | 32     | ping id: zeros to search, the node's last ping id to announce              |
 * | 32     | the long-term key searched for (our own when announcing)                    |
 * | 32     | data public key others encrypt onion data to us with (zeros when searching) |
 * | 8      | sendback data, echoed in the response                                      |
 * | x      | extra data (0x87 only: a group announce)                                   |
 * </pre>
 */
public record AnnouncePayload(byte[] pingId, byte[] searchKey, byte[] dataKey, byte[] sendback, byte[] extra) {
    public static final int MIN_SIZE = OnionKind.PING_ID + 2 * OnionKind.KEY + OnionKind.SENDBACK;

    public AnnouncePayload {
        if (pingId.length != 32 || searchKey.length != 32 || dataKey.length != 32 || sendback.length != 8) {
            throw new IllegalArgumentException("announce payload: wrong field size");
        }
    }

    public static AnnouncePayload fromBytes(byte[] p) {
        return new AnnouncePayload(Arrays.copyOfRange(p, 0, 32), Arrays.copyOfRange(p, 32, 64),
                Arrays.copyOfRange(p, 64, 96), Arrays.copyOfRange(p, 96, 104), Arrays.copyOfRange(p, 104, p.length));
    }

    public byte[] toBytes() {
        byte[] out = new byte[MIN_SIZE + extra.length];
        System.arraycopy(pingId, 0, out, 0, 32);
        System.arraycopy(searchKey, 0, out, 32, 32);
        System.arraycopy(dataKey, 0, out, 64, 32);
        System.arraycopy(sendback, 0, out, 96, 8);
        System.arraycopy(extra, 0, out, 104, extra.length);
        return out;
    }
}
