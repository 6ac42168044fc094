package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved conference (old-style group chat). Little-endian integers.
 *
 * <pre>
 * size  field
 * 1     conference type (0 text, 1 audio/video)
 * 32    conference id
 * 4     u32 LE message number (c-toxcore saves its counter plus 65536)
 * 2     u16 LE lossy message number (c-toxcore saves its counter plus 8192)
 * 2     u16 LE our peer number
 * 4     u32 LE number of saved peers
 * 1     u8 title length (at most 128)
 * n     title
 * ...   the peers, see {@link ConferencePeer}
 * </pre>
 *
 * @param type conference type byte
 * @param id 32-byte conference id
 * @param messageNumber raw u32 as stored
 * @param lossyMessageNumber raw u16 as stored
 * @param peerNumber our own peer number, u16
 * @param title at most 128 bytes
 * @param peers the saved peers
 */
public record Conference(int type, byte[] id, long messageNumber, int lossyMessageNumber, int peerNumber,
                         byte[] title, List<ConferencePeer> peers) {
    public static final int FIXED_SIZE = 1 + 32 + 4 + 2 + 2 + 4 + 1;
    public static final int MAX_TITLE_LENGTH = 128;

    public Conference {
        Bytes.unsigned(type, 8, "conference type");
        id = Bytes.exact(id, 32, "conference id");
        Bytes.unsigned32(messageNumber, "message number");
        Bytes.unsigned(lossyMessageNumber, 16, "lossy message number");
        Bytes.unsigned(peerNumber, 16, "peer number");
        title = Bytes.atMost(title, MAX_TITLE_LENGTH, "title");
        peers = Bytes.list(peers, "peers");
    }

    public String titleText() {
        return new String(title, StandardCharsets.UTF_8);
    }

    static Conference decode(Input in, String what) throws CorruptProfileException {
        int type = in.u8(what + " type");
        byte[] id = in.bytes(32, what + " id");
        long messageNumber = in.u32le(what + " message number");
        int lossy = in.u16le(what + " lossy message number");
        int peerNumber = in.u16le(what + " peer number");
        long countAt = in.offset();
        long count = in.u32le(what + " peer count");
        long titleAt = in.offset();
        int titleLength = in.u8(what + " title length");
        if (titleLength > MAX_TITLE_LENGTH) {
            throw in.errorAt(titleAt, what + " title length is " + titleLength + ", the maximum is " + MAX_TITLE_LENGTH);
        }
        byte[] title = in.bytes(titleLength, what + " title");
        if (count * ConferencePeer.FIXED_SIZE > in.remaining()) {
            throw in.errorAt(countAt, what + " claims " + count + " peers, which need at least "
                    + count * ConferencePeer.FIXED_SIZE + " bytes, but only " + in.remaining() + " remain");
        }
        List<ConferencePeer> peers = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            peers.add(ConferencePeer.decode(in, what + " peer #" + i));
        }
        return new Conference(type, id, messageNumber, lossy, peerNumber, title, peers);
    }

    void encode(Output out) {
        out.u8(type).bytes(id).u32le(messageNumber).u16le(lossyMessageNumber).u16le(peerNumber)
                .u32le(peers.size()).u8(title.length).bytes(title);
        for (ConferencePeer p : peers) {
            p.encode(out);
        }
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    @Override
    public byte[] title() {
        return title.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conference c && c.type == type && c.messageNumber == messageNumber
                && c.lossyMessageNumber == lossyMessageNumber && c.peerNumber == peerNumber
                && Bytes.eq(c.id, id) && Bytes.eq(c.title, title) && c.peers.equals(peers);
    }

    @Override
    public int hashCode() {
        int h = type;
        h = 31 * h + Bytes.hash(id);
        h = 31 * h + Long.hashCode(messageNumber);
        h = 31 * h + lossyMessageNumber;
        h = 31 * h + peerNumber;
        h = 31 * h + Bytes.hash(title);
        return 31 * h + peers.hashCode();
    }

    @Override
    public String toString() {
        return "Conference[type=" + type + ", id=" + Bytes.hex(id) + ", title=" + titleText() + ", messageNumber="
                + messageNumber + ", lossyMessageNumber=" + lossyMessageNumber + ", peerNumber=" + peerNumber
                + ", peers=" + peers + "]";
    }
}
