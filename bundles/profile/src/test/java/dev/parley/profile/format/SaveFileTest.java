package dev.parley.profile.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.profile.CorruptProfileException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaveFileTest {

    static final byte[] IP4 = {(byte) 192, (byte) 168, 1, 20};
    static final byte[] IP6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};

    /** Every section type, in c-toxcore's order, with an unknown section in the middle and zero slack after EOF. */
    static byte[] handMadeSave() {
        byte[] keys = Spec.bytes().raw(new byte[] {0x12, 0x34, 0x56, 0x78}).raw(Spec.key(0x01)).raw(Spec.key(0x40))
                .build();
        byte[] nodes = Spec.bytes().raw(Spec.node(2, IP4, 33445, Spec.key(0x60)))
                .raw(Spec.node(10, IP6, 443, Spec.key(0x61))).build();
        byte[] dht = Spec.bytes().le32(0x0159000D).le32(nodes.length).le16(4).le16(0x11CE).raw(nodes).build();
        byte[] friends = Spec.bytes()
                .raw(Spec.friend(3, Spec.key(0x20), new byte[0], Spec.utf8("Alice"), Spec.utf8("hi there"), 2,
                        new byte[4], 1_700_000_000L))
                .raw(Spec.friend(1, Spec.key(0x21), Spec.utf8("add me"), new byte[0], new byte[0], 0,
                        new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, 0))
                .build();
        byte[] relays = Spec.node(130, IP4, 3389, Spec.key(0x62));
        byte[] paths = Spec.bytes().raw(Spec.node(2, IP4, 1, Spec.key(0x63))).raw(Spec.node(2, IP4, 2, Spec.key(0x64)))
                .build();
        byte[] conferences = Spec.bytes().u8(0).raw(Spec.key(0x30)).le32(65536 + 5).le16(8192 + 1).le16(7).le32(1)
                .u8(5).raw(Spec.utf8("Title"))
                .raw(Spec.key(0x31)).raw(Spec.key(0x32)).le16(3).le64(123456789L).u8(3).raw(Spec.utf8("Bob"))
                .build();
        return Spec.save()
                .section(0x01, keys)
                .section(0x02, dht)
                .section(0x03, friends)
                .section(0x04, Spec.utf8("Parley"))
                .section(0xBEEF, new byte[] {1, 2, 3})
                .section(0x05, Spec.utf8("Status é"))
                .section(0x06, new byte[] {1})
                .section(0x0A, relays)
                .section(0x0B, paths)
                .section(0x14, conferences)
                .section(0x0C, new byte[0])
                .eof()
                .zeros(16)
                .build();
    }

    @Test
    void handMadeSaveDecodesToTheExpectedModel() throws Exception {
        SaveFile f = SaveFile.decode(handMadeSave());
        List<Section> s = f.sections();
        assertEquals(List.of(1, 2, 3, 4, 0xBEEF, 5, 6, 10, 11, 20, 12), s.stream().map(Section::type).toList());
        assertTrue(f.endMarker());
        assertArrayEquals(new byte[16], f.trailer());

        NospamKeysSection keys = (NospamKeysSection) s.get(0);
        assertEquals(0x12345678, keys.nospam());
        assertArrayEquals(Spec.key(0x01), keys.publicKey());
        assertArrayEquals(Spec.key(0x40), keys.secretKey());

        DhtSection dht = (DhtSection) s.get(1);
        assertEquals(List.of(
                new PackedNode(PackedNode.Family.UDP_IPV4, IP4, 33445, Spec.key(0x60)),
                new PackedNode(PackedNode.Family.UDP_IPV6, IP6, 443, Spec.key(0x61))), dht.nodes());

        FriendsSection friends = (FriendsSection) s.get(2);
        FriendRecord alice = friends.friends().get(0);
        assertEquals(FriendStatus.CONFIRMED, alice.friendStatus());
        assertArrayEquals(Spec.key(0x20), alice.publicKey());
        assertEquals("Alice", alice.nameText());
        assertEquals("hi there", alice.statusMessageText());
        assertEquals(2, alice.userStatus());
        assertEquals(1_700_000_000L, alice.lastSeen());
        FriendRecord pending = friends.friends().get(1);
        assertEquals(FriendStatus.ADDED, pending.friendStatus());
        assertEquals("add me", pending.requestMessageText());
        assertEquals(0xCAFEBABE, pending.nospam());

        assertEquals("Parley", ((NameSection) s.get(3)).text());
        assertEquals(new UnknownSection(0xBEEF, new byte[] {1, 2, 3}), s.get(4));
        assertEquals("Status é", ((StatusMessageSection) s.get(5)).text());
        assertEquals(UserStatus.AWAY, ((StatusSection) s.get(6)).status());
        assertEquals(List.of(new PackedNode(PackedNode.Family.TCP_IPV4, IP4, 3389, Spec.key(0x62))),
                ((TcpRelaysSection) s.get(7)).relays());
        assertEquals(2, ((PathNodesSection) s.get(8)).nodes().size());
        assertEquals(2, ((PathNodesSection) s.get(8)).nodes().get(1).port());

        Conference c = ((ConferencesSection) s.get(9)).conferences().get(0);
        assertEquals(0, c.type());
        assertArrayEquals(Spec.key(0x30), c.id());
        assertEquals(65541, c.messageNumber());
        assertEquals(8193, c.lossyMessageNumber());
        assertEquals(7, c.peerNumber());
        assertEquals("Title", c.titleText());
        ConferencePeer bob = c.peers().get(0);
        assertArrayEquals(Spec.key(0x31), bob.publicKey());
        assertArrayEquals(Spec.key(0x32), bob.dhtPublicKey());
        assertEquals(3, bob.peerNumber());
        assertEquals(123456789L, bob.lastActive());
        assertEquals("Bob", bob.nickText());
        assertEquals(new UnknownSection(0x0C, new byte[0]), s.get(10));
    }

    @Test
    void reEncodingIsByteIdenticalIncludingUnknownSectionsAndTrailer() throws Exception {
        byte[] data = handMadeSave();
        assertArrayEquals(data, SaveFile.decode(data).encode());
    }

    @Test
    void saveWithoutEofIsAcceptedAndKeptWithout() throws Exception {
        byte[] data = Spec.save().section(0x04, Spec.utf8("x")).build();
        SaveFile f = SaveFile.decode(data);
        assertFalse(f.endMarker());
        assertArrayEquals(data, f.encode());
    }

    @Test
    void headerOnlyIsAnEmptySave() throws Exception {
        SaveFile f = SaveFile.decode(Spec.save().build());
        assertEquals(List.of(), f.sections());
    }

    @Test
    void everyTruncationIsReportedOrIsAValidShorterSave() throws Exception {
        byte[] data = handMadeSave();
        SaveFile full = SaveFile.decode(data);
        int valid = 0;
        for (int n = 0; n < data.length; n++) {
            byte[] cut = Arrays.copyOf(data, n);
            try {
                SaveFile f = SaveFile.decode(cut);
                // only a cut at a section boundary, or inside the trailer, leaves a valid save
                assertEquals(full.sections().subList(0, f.sections().size()), f.sections());
                assertArrayEquals(cut, f.encode());
                valid++;
            } catch (CorruptProfileException e) {
                assertTrue(e.getMessage().startsWith("corrupt Tox save"), e.getMessage());
            }
        }
        assertEquals(1 + 11 + 16, valid); // header only, after each of 11 sections, EOF plus 0..15 trailer bytes
    }

    @Test
    void truncatedSectionNamesTypeOffsetAndLengths() {
        byte[] data = Arrays.copyOf(handMadeSave(), 8 + 8 + 68 + 8 + 40);
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(SectionType.DHT, e.sectionType());
        assertEquals(84, e.offset());
        assertTrue(e.getMessage().contains("DHT (0x02)"), e.getMessage());
        assertTrue(e.getMessage().contains("offset 84"), e.getMessage());
        assertTrue(e.getMessage().contains("claims 102 bytes but only 40 remain"), e.getMessage());
    }

    @Test
    void nonZeroFirstWord() {
        byte[] data = Spec.bytes().le32(1).le32(0x15ED1B1F).build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(0, e.offset());
        assertTrue(e.problem().contains("first 4 bytes must be zero"), e.problem());
    }

    @Test
    void wrongGlobalCookie() {
        byte[] data = Spec.bytes().le32(0).be32(0x15ED1B1F).build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(4, e.offset());
        assertEquals("save cookie is 0x1F1BED15, expected 0x15ED1B1F", e.problem());
    }

    @Test
    void wrongSectionCookie() {
        byte[] data = Spec.save().le32(1).le16(4).le16(0xCE01).u8('x').build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(14, e.offset());
        assertTrue(e.problem().contains("cookie 0xCE01, expected 0x01CE"), e.problem());
    }

    @Test
    void lengthThatOverflows() {
        byte[] data = Spec.save().le32(0xFFFF_FFFFL).le16(4).le16(0x01CE).raw(new byte[10]).build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(8, e.offset());
        assertTrue(e.problem().contains("claims 4294967295 bytes but only 10 remain"), e.problem());
    }

    @Test
    void eofWithLength() {
        byte[] data = Spec.save().le32(2).le16(0xFF).le16(0x01CE).zeros(2).build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals("EOF section has length 2, expected 0", e.problem());
    }

    @Test
    void strayBytesWithoutEof() {
        byte[] data = Spec.save().zeros(5).build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(8, e.offset());
        assertTrue(e.problem().contains("5 bytes after the last section"), e.problem());
    }

    @Test
    void emptyShortAndEncryptedInputs() {
        assertEquals("the data is empty",
                assertThrows(CorruptProfileException.class, () -> SaveFile.decode(new byte[0])).problem());
        assertTrue(assertThrows(CorruptProfileException.class, () -> SaveFile.decode(new byte[3])).problem()
                .contains("too short for the 8-byte save header"));
        byte[] enc = Arrays.copyOf("toxEsave".getBytes(), 200);
        assertTrue(SaveFile.isEncrypted(enc));
        assertTrue(assertThrows(CorruptProfileException.class, () -> SaveFile.decode(enc)).problem()
                .contains("encrypted"));
    }

    @Test
    void errorInsideASectionUsesFileOffsets() {
        byte[] data = Spec.save().section(0x04, Spec.utf8("ok")).section(0x06, new byte[2]).eof().build();
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> SaveFile.decode(data));
        assertEquals(SectionType.STATUS, e.sectionType());
        assertEquals(8 + 8 + 2 + 8, e.offset());
        assertTrue(e.getMessage().contains("Status (0x06)") && e.getMessage().contains("expected 1"),
                e.getMessage());
    }

    @Test
    void groupsSectionIsKeptRawEvenWhenUnreadable() throws Exception {
        byte[] data = Spec.save().section(0x07, new byte[] {(byte) 0xC1, 2, 3}).eof().build();
        SaveFile f = SaveFile.decode(data);
        GroupsSection g = assertInstanceOf(GroupsSection.class, f.sections().get(0));
        assertThrows(CorruptProfileException.class, g::groups);
        assertArrayEquals(data, f.encode());
    }

    @Test
    void trailerNeedsEof() {
        assertThrows(IllegalArgumentException.class, () -> new SaveFile(List.of(), false, new byte[1]));
    }
}
