package dev.parley.profile.format;

/**
 * Section type numbers of the state format (c-toxcore {@code State_Type}) and the format's magic
 * numbers.
 */
public final class SectionType {
    /** u32 at offset 4 of every plain save. */
    public static final int GLOBAL_COOKIE = 0x15ED1B1F;
    /** u16 following the type of every section. */
    public static final int SECTION_COOKIE = 0x01CE;
    /** Size of a section header: length, type, cookie. */
    public static final int HEADER_SIZE = 8;

    public static final int NOSPAM_KEYS = 0x01;
    public static final int DHT = 0x02;
    public static final int FRIENDS = 0x03;
    public static final int NAME = 0x04;
    public static final int STATUS_MESSAGE = 0x05;
    public static final int STATUS = 0x06;
    /** NGC (new group chat) state, msgpack; written only when groups persistence is enabled. */
    public static final int GROUPS = 0x07;
    public static final int TCP_RELAYS = 0x0A;
    public static final int PATH_NODES = 0x0B;
    public static final int CONFERENCES = 0x14;
    public static final int EOF = 0xFF;

    private SectionType() {
    }

    /** The name of a known type, or "Unknown". */
    public static String name(int type) {
        return switch (type) {
            case NOSPAM_KEYS -> "NospamKeys";
            case DHT -> "DHT";
            case FRIENDS -> "Friends";
            case NAME -> "Name";
            case STATUS_MESSAGE -> "StatusMessage";
            case STATUS -> "Status";
            case GROUPS -> "Groups";
            case TCP_RELAYS -> "TcpRelays";
            case PATH_NODES -> "PathNodes";
            case CONFERENCES -> "Conferences";
            case EOF -> "EOF";
            default -> "Unknown";
        };
    }

    /** E.g. "Friends (0x03)". */
    public static String describe(int type) {
        return String.format("%s (0x%02X)", name(type), type);
    }
}
