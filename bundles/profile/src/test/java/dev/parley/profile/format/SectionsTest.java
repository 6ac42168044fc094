package dev.parley.profile.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.profile.CorruptProfileException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionsTest {
    static final byte[] IP4 = {10, 0, 0, 1};
    static final byte[] IP6 = new byte[16];

    /** Decodes, re-encodes identically, and survives every truncation with only the checked exception. */
    static Section roundTrip(int type, byte[] payload) throws CorruptProfileException {
        Section s = SaveFile.decodeSection(type, payload);
        assertEquals(type, s.type());
        assertArrayEquals(payload, s.encodePayload());
        assertEquals(s, SaveFile.decodeSection(type, s.encodePayload()));
        for (int n = 0; n < payload.length; n++) {
            try {
                SaveFile.decodeSection(type, Arrays.copyOf(payload, n));
            } catch (CorruptProfileException expected) {
                assertEquals(type, expected.sectionType());
                assertTrue(expected.offset() >= 0 && expected.offset() <= n, expected.getMessage());
            }
        }
        return s;
    }

    static CorruptProfileException corrupt(int type, byte[] payload) {
        return assertThrows(CorruptProfileException.class, () -> SaveFile.decodeSection(type, payload));
    }

    // --- NospamKeys (1)

    @Test
    void nospamKeys() throws Exception {
        byte[] p = Spec.bytes().raw(new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1}).raw(Spec.key(1)).raw(Spec.key(100))
                .build();
        NospamKeysSection k = (NospamKeysSection) roundTrip(1, p);
        assertEquals(0xCAFE0001, k.nospam());
        assertTrue(k.toString().contains("<hidden>"));
        assertTrue(!k.toString().contains(Bytes.hex(Spec.key(100))));
        for (int n = 0; n < p.length; n++) {
            assertTrue(corrupt(1, Arrays.copyOf(p, n)).problem().contains("expected 68"));
        }
        assertEquals("payload is 69 bytes, expected 68", corrupt(1, Arrays.copyOf(p, 69)).problem());
    }

    // --- DHT (2)

    static byte[] dht(byte[]... subs) {
        Spec s = Spec.bytes().le32(0x0159000D);
        for (byte[] sub : subs) {
            s.raw(sub);
        }
        return s.build();
    }

    static byte[] sub(int type, byte[] body) {
        return Spec.bytes().le32(body.length).le16(type).le16(0x11CE).raw(body).build();
    }

    @Test
    void dhtWithNodesAndUnknownSubsection() throws Exception {
        byte[] nodes = Spec.bytes().raw(Spec.node(2, IP4, 1, Spec.key(1))).raw(Spec.node(138, IP6, 65535, Spec.key(2)))
                .build();
        byte[] p = dht(sub(4, nodes), sub(9, new byte[] {7, 7}), sub(4, new byte[0]));
        DhtSection d = (DhtSection) roundTrip(2, p);
        assertEquals(3, d.subsections().size());
        assertEquals(2, d.nodes().size());
        assertEquals(PackedNode.Family.TCP_IPV6, d.nodes().get(1).family());
        assertEquals(new DhtSection.Unknown(9, new byte[] {7, 7}), d.subsections().get(1));
        assertArrayEquals(dht(sub(4, new byte[0])), DhtSection.ofNodes(List.of()).encodePayload());
    }

    @Test
    void dhtErrors() {
        assertEquals("DHT cookie is 0x0D005901, expected 0x0159000D",
                corrupt(2, Spec.bytes().be32(0x0159000D).build()).problem());
        assertTrue(corrupt(2, new byte[0]).problem().startsWith("truncated: DHT cookie"));
        CorruptProfileException badCookie = corrupt(2, dht(Spec.bytes().le32(0).le16(4).le16(0x01CE).build()));
        assertEquals(10, badCookie.offset());
        assertTrue(badCookie.problem().contains("0x01CE, expected 0x11CE"));
        assertTrue(corrupt(2, dht(Spec.bytes().le32(0xFFFF_FFF0L).le16(4).le16(0x11CE).build())).problem()
                .contains("claims 4294967280 bytes but only 0 remain"));
        assertTrue(corrupt(2, dht(new byte[3])).problem().contains("3 trailing bytes"));
        CorruptProfileException badFamily = corrupt(2, dht(sub(4, Spec.node(3, IP4, 1, Spec.key(1)))));
        assertEquals(12, badFamily.offset());
        assertEquals("DHT node #0 has unknown address family 3", badFamily.problem());
        assertTrue(corrupt(2, dht(sub(4, Arrays.copyOf(Spec.node(2, IP4, 1, Spec.key(1)), 38)))).problem()
                .contains("DHT node #0 public key needs 32 bytes but only 31 remain"));
    }

    // --- Friends (3)

    @Test
    void friendRecordMatchesTheSpecTable() throws Exception {
        byte[] rec = Spec.friend(2, Spec.key(9), Spec.utf8("hello"), Spec.utf8("n"), Spec.utf8("sm"), 1,
                new byte[] {1, 2, 3, 4}, 0x0102030405060708L);
        assertEquals(FriendRecord.SIZE, rec.length);
        byte[] p = Spec.bytes().raw(rec).raw(rec).build();
        FriendsSection f = (FriendsSection) roundTrip(3, p);
        assertEquals(2, f.friends().size());
        FriendRecord r = f.friends().get(0);
        assertEquals(FriendStatus.REQUEST_SENT, r.friendStatus());
        assertEquals("hello", r.requestMessageText());
        assertEquals("n", r.nameText());
        assertEquals("sm", r.statusMessageText());
        assertEquals(1, r.userStatus());
        assertEquals(0x01020304, r.nospam());
        assertEquals(0x0102030405060708L, r.lastSeen());
        assertArrayEquals(rec, new FriendsSection(List.of(new FriendRecord(2, Spec.key(9), Spec.utf8("hello"),
                Spec.utf8("n"), Spec.utf8("sm"), 1, 0x01020304, 0x0102030405060708L))).encodePayload());
    }

    @Test
    void friendsErrors() {
        byte[] rec = Spec.friend(3, Spec.key(9), new byte[0], Spec.utf8("n"), new byte[0], 0, new byte[4], 0);
        assertEquals("payload is 2215 bytes, not a multiple of the friend record size 2216 (0 whole records and 2215 "
                + "bytes left over)", corrupt(3, Arrays.copyOf(rec, 2215)).problem());
        byte[] longName = rec.clone();
        longName[1188] = 0;
        longName[1189] = (byte) 129;
        CorruptProfileException e = corrupt(3, Spec.bytes().raw(rec).raw(longName).build());
        assertEquals(2216 + 1188, e.offset());
        assertEquals("friend #1 name length is 129, the maximum is 128", e.problem());
        byte[] longInfo = rec.clone();
        longInfo[1058] = 4;
        longInfo[1059] = 1;
        assertEquals("friend #0 request message length is 1025, the maximum is 1024", corrupt(3, longInfo).problem());
        byte[] longMsg = rec.clone();
        longMsg[2198] = 3;
        longMsg[2199] = (byte) 0xF0;
        assertEquals(2198, corrupt(3, longMsg).offset());
    }

    @Test
    void paddingIsNormalisedToZero() throws Exception {
        byte[] rec = Spec.friend(3, Spec.key(9), new byte[0], Spec.utf8("n"), new byte[0], 0, new byte[4], 0);
        byte[] dirty = rec.clone();
        dirty[1057] = 1;
        dirty[2197] = 1;
        dirty[2201] = 1;
        dirty[1060 + 5] = 'x'; // past the name length
        assertArrayEquals(rec, SaveFile.decodeSection(3, dirty).encodePayload());
    }

    // --- Name (4), StatusMessage (5), Status (6)

    @Test
    void nameStatusMessageAndStatus() throws Exception {
        assertEquals("Zoë", ((NameSection) roundTrip(4, Spec.utf8("Zoë"))).text());
        roundTrip(4, new byte[128]);
        assertEquals("name is 129 bytes, the maximum is 128", corrupt(4, new byte[129]).problem());
        roundTrip(4, new byte[] {(byte) 0xFF, (byte) 0xFE}); // not UTF-8: kept as bytes
        assertEquals("ok", ((StatusMessageSection) roundTrip(5, Spec.utf8("ok"))).text());
        roundTrip(5, new byte[1007]);
        assertTrue(corrupt(5, new byte[1008]).problem().contains("1008 bytes, the maximum is 1007"));
        assertEquals(UserStatus.BUSY, ((StatusSection) roundTrip(6, new byte[] {2})).status());
        assertEquals(UserStatus.NONE, ((StatusSection) roundTrip(6, new byte[] {9})).status());
        assertEquals(9, ((StatusSection) roundTrip(6, new byte[] {9})).code());
        assertTrue(corrupt(6, new byte[0]).problem().contains("payload is 0 bytes, expected 1"));
        assertTrue(corrupt(6, new byte[2]).problem().contains("payload is 2 bytes, expected 1"));
    }

    // --- TcpRelays (10), PathNodes (11)

    @Test
    void nodeLists() throws Exception {
        byte[] p = Spec.bytes().raw(Spec.node(130, IP4, 443, Spec.key(1))).raw(Spec.node(138, IP6, 80, Spec.key(2)))
                .raw(Spec.node(10, IP6, 33445, Spec.key(3))).build();
        TcpRelaysSection t = (TcpRelaysSection) roundTrip(10, p);
        assertEquals(3, t.relays().size());
        assertEquals("10.0.0.1", t.relays().get(0).address().getHostAddress());
        assertTrue(t.relays().get(0).family().isTcp());
        PathNodesSection pn = (PathNodesSection) roundTrip(11, p);
        assertEquals(t.relays(), pn.nodes());
        roundTrip(10, new byte[0]);
        assertEquals("relay #1 has unknown address family 0",
                corrupt(10, Spec.bytes().raw(Spec.node(2, IP4, 1, Spec.key(1))).zeros(39).build()).problem());
        assertTrue(corrupt(11, Arrays.copyOf(p, 40)).problem().startsWith("truncated: path node #1"));
        assertEquals(40, corrupt(11, Arrays.copyOf(p, 40)).offset()); // where the missing address starts
    }

    // --- Conferences (20)

    static byte[] conference(int peers, String title, String... nicks) {
        Spec s = Spec.bytes().u8(1).raw(Spec.key(5)).le32(70000).le16(9000).le16(2).le32(peers)
                .u8(Spec.utf8(title).length).raw(Spec.utf8(title));
        int i = 0;
        for (String nick : nicks) {
            s.raw(Spec.key(40 + i)).raw(Spec.key(80 + i)).le16(i).le64(1000L * i).u8(Spec.utf8(nick).length)
                    .raw(Spec.utf8(nick));
            i++;
        }
        return s.build();
    }

    @Test
    void conferences() throws Exception {
        byte[] p = Spec.bytes().raw(conference(2, "One", "a", "bb")).raw(conference(0, "")).build();
        ConferencesSection c = (ConferencesSection) roundTrip(20, p);
        assertEquals(2, c.conferences().size());
        assertEquals(List.of("a", "bb"), c.conferences().get(0).peers().stream().map(ConferencePeer::nickText).toList());
        assertEquals(1000L, c.conferences().get(0).peers().get(1).lastActive());
        assertEquals("", c.conferences().get(1).titleText());
        roundTrip(20, new byte[0]);
    }

    @Test
    void conferenceErrors() {
        assertTrue(corrupt(20, new byte[45]).problem().contains("45 trailing bytes, too short for a conference"));
        CorruptProfileException many = corrupt(20, conference(0x7FFF_FFFF, "x"));
        assertEquals(1 + 32 + 4 + 2 + 2, many.offset());
        assertTrue(many.problem().contains("claims 2147483647 peers"), many.problem());
        byte[] longTitle = conference(0, "");
        longTitle[45] = (byte) 129;
        assertEquals("conference #0 title length is 129, the maximum is 128", corrupt(20, longTitle).problem());
        byte[] badNick = conference(1, "", "n");
        badNick[46 + 74] = (byte) 200;
        assertTrue(corrupt(20, badNick).problem().contains("conference #0 peer #0 nick length is 200"));
    }

    // --- Groups (7)

    static NgcGroup group(String name, int mods, int savedPeers) {
        return new NgcGroup(false, 1, 100, 7, 1, 2, new byte[64], new byte[64], Spec.utf8(name), Spec.utf8("pw"),
                new byte[32], 300, 0xBEEF, Spec.utf8("the topic"), Spec.key(1), new byte[64], new byte[32 * mods],
                Spec.bytes().raw(Spec.key(3)).raw(Spec.key(2)).build(), new byte[96], new byte[64], new byte[96], Spec.utf8("me"), 3, 0,
                new byte[savedPeers]);
    }

    @Test
    void groupsRoundTripThroughCanonicalMsgpack() throws Exception {
        List<NgcGroup> groups = List.of(group("g1", 0, 0), group("g2", 2, 300));
        GroupsSection s = GroupsSection.of(groups);
        assertEquals(groups, s.groups());
        assertEquals(groups, ((GroupsSection) roundTrip(7, s.payload())).groups());
        assertArrayEquals(Spec.key(2), s.groups().get(0).chatId());
        assertEquals(2, s.groups().get(1).moderatorCount());
        assertTrue(s.groups().get(0).toString().contains("secret keys hidden"));
        byte[] p = s.payload();
        for (int n = 0; n < p.length; n++) {
            GroupsSection cut = new GroupsSection(Arrays.copyOf(p, n));
            assertThrows(CorruptProfileException.class, cut::groups);
        }
        assertNotEquals(group("g1", 0, 0), group("g2", 0, 0));
    }

    /** The encoding c-toxcore's bin_pack produces, assembled byte by byte. */
    @Test
    void groupsHandMadeMsgpack() throws Exception {
        Spec m = Spec.bytes().u8(0x91).u8(0x97)
                .u8(0x98).u8(0xC3).u8(2).u8(0).u8(0xCC).u8(200).u8(0).u8(0xCD).be16(1000).u8(0xCE).be32(70000)
                .u8(0)
                .u8(0x95).u8(0xC4).u8(64).zeros(64).u8(0xC4).u8(64).zeros(64).u8(0xC4).u8(2).raw(Spec.utf8("hi"))
                .u8(0xC4).u8(0).u8(0xC4).u8(32).zeros(32)
                .u8(0x96).u8(1).u8(0).u8(0).u8(0xC4).u8(0).u8(0xC4).u8(32).zeros(32).u8(0xC4).u8(64).zeros(64)
                .u8(0x92).u8(0).u8(0xC0)
                .u8(0x94).u8(0xC4).u8(64).zeros(64).u8(0xC4).u8(96).zeros(96).u8(0xC4).u8(64).zeros(64)
                .u8(0xC4).u8(96).zeros(96)
                .u8(0x94).u8(3).u8(1).u8(0).u8(0xC4).u8(3).raw(Spec.utf8("bob"))
                .u8(0x92).u8(0).u8(0xC0);
        byte[] payload = m.build();
        NgcGroup g = new GroupsSection(payload).groups().get(0);
        assertTrue(g.manuallyDisconnected());
        assertEquals("hi", g.groupNameText());
        assertEquals(200, g.maxPeers());
        assertEquals(1000, g.sharedStateVersion());
        assertEquals(70000, g.topicLock());
        assertEquals("bob", g.selfNickText());
        assertEquals(1, g.selfRole());
        assertArrayEquals(payload, GroupsSection.of(List.of(g)).payload());
    }

    @Test
    void groupsErrors() {
        assertTrue(assertThrows(CorruptProfileException.class, () -> new GroupsSection(new byte[] {(byte) 0x91, 0x00})
                .groups()).problem().contains("group #0: expected a msgpack array, found a positive integer"));
        assertTrue(assertThrows(CorruptProfileException.class,
                () -> new GroupsSection(new byte[] {(byte) 0xDD, 0x7F, 0, 0, 0}).groups()).problem()
                .contains("claims 2130706432 groups"));
        byte[] extra = Arrays.copyOf(GroupsSection.of(List.of()).payload(), 2);
        assertTrue(assertThrows(CorruptProfileException.class, () -> new GroupsSection(extra).groups()).problem()
                .contains("1 unexpected trailing bytes"));
    }

    // --- Unknown

    @Test
    void unknownSectionsKeepTheirBytes() throws Exception {
        UnknownSection u = (UnknownSection) roundTrip(0x4242, new byte[] {1, 2, 3});
        assertEquals(0x4242, u.type());
        assertThrows(IllegalArgumentException.class, () -> new UnknownSection(0xFF, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new UnknownSection(0x10000, new byte[0]));
    }

    @Test
    void recordsRejectOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new NameSection(new byte[129]));
        assertThrows(IllegalArgumentException.class, () -> new PackedNode(PackedNode.Family.UDP_IPV4, IP6, 1, Spec.key(1)));
        assertThrows(IllegalArgumentException.class, () -> new PackedNode(PackedNode.Family.UDP_IPV4, IP4, 65536, Spec.key(1)));
        assertThrows(IllegalArgumentException.class, () -> new StatusSection(256));
        assertThrows(IllegalArgumentException.class, () -> new NospamKeysSection(0, new byte[31], new byte[32]));
    }
}
