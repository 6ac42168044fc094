package dev.parley.profile.format;

import dev.parley.profile.CorruptProfileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A whole plain (unencrypted) save: the ordered sections, whether the EOF marker was present, and
 * the bytes after it.
 *
 * <pre>
 * offset size  field
 * 0      4     zero
 * 4      4     u32 LE 0x15ED1B1F
 * 8      ...   sections: u32 LE length, u16 LE type, u16 LE 0x01CE, payload
 * ...    8     EOF section: length 0, type 0xFF, cookie 0x01CE
 * ...    ...   trailer: ignored by c-toxcore; its own writer leaves zero bytes here
 * </pre>
 * c-toxcore also accepts a save without the EOF section when the sections fill it exactly; {@link
 * #endMarker()} is false then. Decoding checks the framing and every known section's payload
 * (except the contents of {@link GroupsSection}, decoded on request); it does not interpret the
 * sections together (that is {@code ToxSave}'s job), so several sections of one type are kept as
 * they are. Encoding writes the sections in list order, then the EOF marker and trailer, so for an
 * unmodified decode of canonical data {@code decode(x).encode()} equals {@code x}.
 *
 * @param sections the sections in file order
 * @param endMarker whether the EOF section ends the list
 * @param trailer bytes after the EOF section (empty without an EOF section)
 */
public record SaveFile(List<Section> sections, boolean endMarker, byte[] trailer) {
    /** The 8-byte magic of a passphrase-encrypted save (toxencryptsave). */
    public static final byte[] ENCRYPTED_MAGIC = "toxEsave".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_SIZE = 8;

    public SaveFile {
        sections = Bytes.list(sections, "sections");
        trailer = Objects.requireNonNull(trailer, "trailer").clone();
        if (!endMarker && trailer.length != 0) {
            throw new IllegalArgumentException("a trailer needs the EOF marker before it");
        }
    }

    /** A save of these sections, ending with the EOF marker and nothing after it. */
    public static SaveFile of(List<Section> sections) {
        return new SaveFile(sections, true, new byte[0]);
    }

    /** Whether {@code data} starts with the toxencryptsave magic. */
    public static boolean isEncrypted(byte[] data) {
        return data.length >= ENCRYPTED_MAGIC.length
                && Arrays.equals(data, 0, ENCRYPTED_MAGIC.length, ENCRYPTED_MAGIC, 0, ENCRYPTED_MAGIC.length);
    }

    /**
     * Decodes a plain save.
     *
     * @throws CorruptProfileException for anything c-toxcore would reject and for malformed known
     *     sections; offsets count from the start of {@code data}
     */
    public static SaveFile decode(byte[] data) throws CorruptProfileException {
        Objects.requireNonNull(data, "data");
        Input in = new Input(data, 0, data.length, 0, CorruptProfileException.NO_SECTION);
        if (isEncrypted(data)) {
            throw in.error("the data is an encrypted save (toxEsave); it needs to be decrypted first");
        }
        if (data.length < HEADER_SIZE) {
            throw in.error(data.length == 0 ? "the data is empty"
                    : "the data is " + data.length + " bytes, too short for the 8-byte save header");
        }
        long zero = in.u32le("leading zero");
        if (zero != 0) {
            throw in.errorAt(0, String.format("the first 4 bytes must be zero, found 0x%08X", zero));
        }
        long cookie = in.u32le("save cookie");
        if (cookie != (SectionType.GLOBAL_COOKIE & 0xFFFF_FFFFL)) {
            throw in.errorAt(4, String.format("save cookie is 0x%08X, expected 0x%08X", cookie,
                    SectionType.GLOBAL_COOKIE));
        }
        List<Section> sections = new ArrayList<>();
        while (in.remaining() >= SectionType.HEADER_SIZE) {
            long headerAt = in.offset();
            long length = in.u32le("section length");
            int type = in.u16le("section type");
            int sectionCookie = in.u16le("section cookie");
            if (sectionCookie != SectionType.SECTION_COOKIE) {
                throw new CorruptProfileException(String.format(
                        "section header #%d (type field %d) has cookie 0x%04X, expected 0x%04X", sections.size(),
                        type, sectionCookie, SectionType.SECTION_COOKIE), CorruptProfileException.NO_SECTION,
                        headerAt + 6);
            }
            if (length > in.remaining()) {
                throw new CorruptProfileException("section claims " + length + " bytes but only " + in.remaining()
                        + " remain (file truncated?)", type, headerAt);
            }
            if (type == SectionType.EOF) {
                if (length != 0) {
                    throw new CorruptProfileException("EOF section has length " + length + ", expected 0", type,
                            headerAt);
                }
                return new SaveFile(sections, true, in.rest());
            }
            Input body = new Input(data, (int) in.offset(), (int) (in.offset() + length), 0, type);
            in.skip((int) length, "section payload");
            sections.add(decodeSection(type, body));
        }
        if (!in.atEnd()) {
            throw in.error(in.remaining() + " bytes after the last section, too short for a section header "
                    + "(file truncated?)");
        }
        return new SaveFile(sections, false, new byte[0]);
    }

    /**
     * Decodes one section payload of the given type; unknown types become {@link UnknownSection}.
     * Offsets in errors are relative to the payload.
     */
    public static Section decodeSection(int type, byte[] payload) throws CorruptProfileException {
        return decodeSection(type, Input.of(payload, type));
    }

    private static Section decodeSection(int type, Input body) throws CorruptProfileException {
        return switch (type) {
            case SectionType.NOSPAM_KEYS -> NospamKeysSection.decode(body);
            case SectionType.DHT -> DhtSection.decode(body);
            case SectionType.FRIENDS -> FriendsSection.decode(body);
            case SectionType.NAME -> NameSection.decode(body);
            case SectionType.STATUS_MESSAGE -> StatusMessageSection.decode(body);
            case SectionType.STATUS -> StatusSection.decode(body);
            case SectionType.GROUPS -> new GroupsSection(body.rest());
            case SectionType.TCP_RELAYS -> TcpRelaysSection.decode(body);
            case SectionType.PATH_NODES -> PathNodesSection.decode(body);
            case SectionType.CONFERENCES -> ConferencesSection.decode(body);
            default -> new UnknownSection(type, body.rest());
        };
    }

    /** The save bytes. */
    public byte[] encode() {
        Output out = new Output(4096);
        out.u32le(0).u32le(SectionType.GLOBAL_COOKIE & 0xFFFF_FFFFL);
        for (Section s : sections) {
            byte[] payload = s.encodePayload();
            out.header(payload.length, s.type(), SectionType.SECTION_COOKIE).bytes(payload);
        }
        if (endMarker) {
            out.header(0, SectionType.EOF, SectionType.SECTION_COOKIE).bytes(trailer);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] trailer() {
        return trailer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaveFile f && f.endMarker == endMarker && f.sections.equals(sections)
                && Bytes.eq(f.trailer, trailer);
    }

    @Override
    public int hashCode() {
        return (sections.hashCode() * 31 + Boolean.hashCode(endMarker)) * 31 + Bytes.hash(trailer);
    }

    @Override
    public String toString() {
        return "SaveFile[sections=" + sections + ", endMarker=" + endMarker + ", trailer=" + trailer.length
                + " bytes]";
    }
}
