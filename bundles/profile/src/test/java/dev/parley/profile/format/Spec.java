package dev.parley.profile.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds save bytes by hand, straight from the layout tables of the spec, with ByteBuffer rather
 * than the production encoder, so tests compare two independent writers.
 */
final class Spec {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Spec save() {
        Spec s = new Spec();
        s.le32(0).le32(0x15ED1B1F);
        return s;
    }

    static Spec bytes() {
        return new Spec();
    }

    Spec section(int type, byte[] payload) {
        return le32(payload.length).le16(type).le16(0x01CE).raw(payload);
    }

    Spec eof() {
        return le32(0).le16(0xFF).le16(0x01CE);
    }

    Spec u8(int v) {
        out.write(v);
        return this;
    }

    Spec le16(int v) {
        return raw(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }

    Spec be16(int v) {
        return raw(ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN).putShort((short) v).array());
    }

    Spec le32(long v) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    Spec be32(long v) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt((int) v).array());
    }

    Spec le64(long v) {
        return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    Spec be64(long v) {
        return raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(v).array());
    }

    Spec raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Spec zeros(int n) {
        return raw(new byte[n]);
    }

    /** {@code b} in a field of {@code width} bytes, zero-filled. */
    Spec field(byte[] b, int width) {
        return raw(Arrays.copyOf(b, width));
    }

    byte[] build() {
        return out.toByteArray();
    }

    static byte[] key(int first) {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (first + i);
        }
        return k;
    }

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A packed node per the spec's Node Info: family, IP, big-endian port, key. */
    static byte[] node(int family, byte[] ip, int port, byte[] key) {
        return bytes().u8(family).raw(ip).be16(port).raw(key).build();
    }

    /** A Friends-section record per the spec's table. */
    static byte[] friend(int status, byte[] pk, byte[] info, byte[] name, byte[] msg, int userStatus, byte[] nospam,
                         long lastSeen) {
        return bytes().u8(status).raw(pk).field(info, 1024).zeros(1).be16(info.length).field(name, 128)
                .be16(name.length).field(msg, 1007).zeros(1).be16(msg.length).u8(userStatus).zeros(3).raw(nospam)
                .be64(lastSeen).build();
    }
}
