package dev.parley.profile.format;

/**
 * One section of a save, without its 8-byte header. Known types decode to their own record;
 * anything else is an {@link UnknownSection} kept byte for byte. The EOF marker is not a section
 * object: {@link SaveFile} records whether it was present.
 */
public sealed interface Section permits NospamKeysSection, DhtSection, FriendsSection, NameSection,
        StatusMessageSection, StatusSection, GroupsSection, TcpRelaysSection, PathNodesSection,
        ConferencesSection, UnknownSection {

    /** The section type written in the header, see {@link SectionType}. */
    int type();

    /** The payload bytes, without the header. */
    byte[] encodePayload();
}
