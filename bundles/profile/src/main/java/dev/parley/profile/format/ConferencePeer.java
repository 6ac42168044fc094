package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;

/**
 * A peer of a saved conference. c-toxcore saves every peer but ourselves, frozen or not, and
 * restores them all as frozen. Little-endian integers.
 *
 * <pre>
 * size  field
 * 32    long-term public key
 * 32    DHT public key
 * 2     u16 LE peer number
 * 8     u64 LE last active (c-toxcore monotonic time)
 * 1     u8 nick length (at most 128)
 * n     nick
 * </pre>
 *
 * @param publicKey the peer's long-term public key
 * @param dhtPublicKey the peer's DHT (temporary) public key
 * @param peerNumber u16
 * @param lastActive raw u64
 * @param nick at most 128 bytes
 */
public record ConferencePeer(byte[] publicKey, byte[] dhtPublicKey, int peerNumber, long lastActive, byte[] nick) {
    public static final int FIXED_SIZE = 32 + 32 + 2 + 8 + 1;
    public static final int MAX_NICK_LENGTH = 128;

    public ConferencePeer {
        publicKey = Bytes.exact(publicKey, Bytes.KEY_SIZE, "public key");
        dhtPublicKey = Bytes.exact(dhtPublicKey, Bytes.KEY_SIZE, "DHT public key");
        Bytes.unsigned(peerNumber, 16, "peer number");
        nick = Bytes.atMost(nick, MAX_NICK_LENGTH, "nick");
    }

    public String nickText() {
        return new String(nick, StandardCharsets.UTF_8);
    }

    static ConferencePeer decode(Input in, String what) throws CorruptProfileException {
        byte[] pk = in.bytes(32, what + " public key");
        byte[] dhtPk = in.bytes(32, what + " DHT public key");
        int number = in.u16le(what + " peer number");
        long lastActive = in.u64le(what + " last active");
        long at = in.offset();
        int nickLength = in.u8(what + " nick length");
        if (nickLength > MAX_NICK_LENGTH) {
            throw in.errorAt(at, what + " nick length is " + nickLength + ", the maximum is " + MAX_NICK_LENGTH);
        }
        byte[] nick = in.bytes(nickLength, what + " nick");
        return new ConferencePeer(pk, dhtPk, number, lastActive, nick);
    }

    void encode(Output out) {
        out.bytes(publicKey).bytes(dhtPublicKey).u16le(peerNumber).u64le(lastActive).u8(nick.length).bytes(nick);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] dhtPublicKey() {
        return dhtPublicKey.clone();
    }

    @Override
    public byte[] nick() {
        return nick.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConferencePeer p && p.peerNumber == peerNumber && p.lastActive == lastActive
                && Bytes.eq(p.publicKey, publicKey) && Bytes.eq(p.dhtPublicKey, dhtPublicKey)
                && Bytes.eq(p.nick, nick);
    }

    @Override
    public int hashCode() {
        int h = Bytes.hash(publicKey);
        h = 31 * h + Bytes.hash(dhtPublicKey);
        h = 31 * h + peerNumber;
        h = 31 * h + Long.hashCode(lastActive);
        return 31 * h + Bytes.hash(nick);
    }

    @Override
    public String toString() {
        return "ConferencePeer[" + peerNumber + " " + nickText() + " " + Bytes.hex(publicKey) + "]";
    }
}
