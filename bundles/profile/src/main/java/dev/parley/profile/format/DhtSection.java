package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Section 0x02: the DHT's known nodes, itself a list of sub-sections.
 *
 * <pre>
 * size  field
 * 4     u32 LE 0x0159000D (DHT cookie)
 * ...   sub-sections, each:
 *         4  u32 LE payload length
 *         2  u16 LE sub-section type (4 = nodes)
 *         2  u16 LE 0x11CE (DHT sub-section cookie)
 *         n  payload
 * </pre>
 * A nodes sub-section (type 4) is a list of {@link PackedNode}s. c-toxcore writes exactly one
 * nodes sub-section, possibly empty. Sub-sections of other types are kept as {@link Unknown}.
 * Anything left that is not a whole sub-section is reported corrupt.
 *
 * @param subsections the sub-sections in file order
 */
public record DhtSection(List<Subsection> subsections) implements Section {
    public static final int DHT_COOKIE = 0x0159000D;
    public static final int SUBSECTION_COOKIE = 0x11CE;
    public static final int NODES_TYPE = 4;

    /** A sub-section of the DHT section. */
    public sealed interface Subsection permits Nodes, Unknown {
        int type();
    }

    /** Sub-section 4: the nodes c-toxcore will bootstrap from after loading. */
    public record Nodes(List<PackedNode> nodes) implements Subsection {
        public Nodes {
            nodes = Bytes.list(nodes, "nodes");
        }

        @Override
        public int type() {
            return NODES_TYPE;
        }
    }

    /** A sub-section of a type Parley does not interpret, kept byte for byte. */
    public record Unknown(int type, byte[] payload) implements Subsection {
        public Unknown {
            Bytes.unsigned(type, 16, "DHT sub-section type");
            payload = Objects.requireNonNull(payload, "payload").clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.type == type && Bytes.eq(u.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * type + Bytes.hash(payload);
        }

        @Override
        public String toString() {
            return "Unknown[type=" + type + ", " + payload.length + " bytes]";
        }
    }

    public DhtSection {
        subsections = Bytes.list(subsections, "subsections");
    }

    /** A section with one nodes sub-section, as c-toxcore writes it. */
    public static DhtSection ofNodes(List<PackedNode> nodes) {
        return new DhtSection(List.of(new Nodes(nodes)));
    }

    /** All nodes of all nodes sub-sections. */
    public List<PackedNode> nodes() {
        List<PackedNode> all = new ArrayList<>();
        for (Subsection s : subsections) {
            if (s instanceof Nodes n) {
                all.addAll(n.nodes());
            }
        }
        return List.copyOf(all);
    }

    public static DhtSection decode(byte[] payload) throws CorruptProfileException {
        return decode(Input.of(payload, SectionType.DHT));
    }

    static DhtSection decode(Input in) throws CorruptProfileException {
        long at = in.offset();
        long cookie = in.u32le("DHT cookie");
        if (cookie != DHT_COOKIE) {
            throw in.errorAt(at, String.format("DHT cookie is 0x%08X, expected 0x%08X", cookie, DHT_COOKIE));
        }
        List<Subsection> subs = new ArrayList<>();
        while (!in.atEnd()) {
            long headerAt = in.offset();
            if (in.remaining() < SectionType.HEADER_SIZE) {
                throw in.error(in.remaining() + " trailing bytes, too short for a DHT sub-section header");
            }
            long length = in.u32le("DHT sub-section length");
            int type = in.u16le("DHT sub-section type");
            int subCookie = in.u16le("DHT sub-section cookie");
            if (subCookie != SUBSECTION_COOKIE) {
                throw in.errorAt(headerAt + 6, String.format(
                        "DHT sub-section cookie is 0x%04X, expected 0x%04X", subCookie, SUBSECTION_COOKIE));
            }
            if (length > in.remaining()) {
                throw in.errorAt(headerAt, "DHT sub-section of type " + type + " claims " + length
                        + " bytes but only " + in.remaining() + " remain");
            }
            Input body = in.slice((int) length, "DHT sub-section");
            if (type == NODES_TYPE) {
                subs.add(new Nodes(PackedNode.decodeList(body, "DHT node")));
            } else {
                subs.add(new Unknown(type, body.rest()));
            }
        }
        return new DhtSection(subs);
    }

    @Override
    public int type() {
        return SectionType.DHT;
    }

    @Override
    public byte[] encodePayload() {
        Output out = new Output(64);
        out.u32le(DHT_COOKIE);
        for (Subsection s : subsections) {
            byte[] body = s instanceof Nodes n ? PackedNode.encodeList(n.nodes()) : ((Unknown) s).payload;
            out.header(body.length, s.type(), SUBSECTION_COOKIE).bytes(body);
        }
        return out.toByteArray();
    }
}
