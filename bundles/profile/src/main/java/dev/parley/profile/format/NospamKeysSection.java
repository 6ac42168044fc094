package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;

/**
 * Section 0x01: the long-term key pair and the nospam. The only section a save must have.
 *
 * <pre>
 * offset size  field
 * 0      4     nospam
 * 4      32    long-term public key
 * 36     32    long-term secret key
 * </pre>
 * The payload is exactly 68 bytes; c-toxcore rejects the whole save otherwise, and also when the
 * public key is not the one of the secret key (checked by {@code ToxSave}, not here).
 *
 * <p>The spec calls the nospam a little-endian u32 of c-toxcore's internal value, but that
 * internal value is held in network byte order, so the four bytes are the same four bytes that
 * appear in the Tox ID. {@link #nospam()} is those bytes read big-endian, which is the value
 * {@code tox_self_get_nospam} reports and the one a Tox ID shows.
 *
 * @param nospam the nospam as shown in the Tox ID
 * @param publicKey 32-byte Curve25519 public key
 * @param secretKey 32-byte Curve25519 secret key (copied in and out; never printed)
 */
public record NospamKeysSection(int nospam, byte[] publicKey, byte[] secretKey) implements Section {
    /** Payload size. */
    public static final int SIZE = 4 + 32 + 32;

    public NospamKeysSection {
        publicKey = Bytes.exact(publicKey, Bytes.KEY_SIZE, "public key");
        secretKey = Bytes.exact(secretKey, Bytes.KEY_SIZE, "secret key");
    }

    public static NospamKeysSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.NOSPAM_KEYS));
    }

    static NospamKeysSection decode(Input in) throws CorruptProfileException {
        if (in.remaining() != SIZE) {
            throw in.error("payload is " + in.remaining() + " bytes, expected " + SIZE);
        }
        int nospam = (int) in.u32be("nospam");
        byte[] pk = in.bytes(32, "public key");
        byte[] sk = in.bytes(32, "secret key");
        return new NospamKeysSection(nospam, pk, sk);
    }

    @Override
    public int type() {
        return SectionType.NOSPAM_KEYS;
    }

    @Override
    public byte[] encodePayload() {
        return new Output(SIZE).u32be(nospam & 0xFFFF_FFFFL).bytes(publicKey).bytes(secretKey).toByteArray();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NospamKeysSection s && s.nospam == nospam
                && Bytes.eq(s.publicKey, publicKey) && Bytes.eq(s.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * nospam + Bytes.hash(publicKey)) + Bytes.hash(secretKey);
    }

    @Override
    public String toString() {
        return String.format("NospamKeysSection[nospam=%08X, publicKey=%s, secretKey=<hidden>]", nospam,
                Bytes.hex(publicKey));
    }
}
