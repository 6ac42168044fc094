package dev.parley.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.PassphraseEncryption;
import dev.parley.profile.format.Conference;
import dev.parley.profile.format.FriendRecord;
import dev.parley.profile.format.FriendStatus;
import dev.parley.profile.format.GroupsSection;
import dev.parley.profile.format.NgcGroup;
import dev.parley.profile.format.NameSection;
import dev.parley.profile.format.NospamKeysSection;
import dev.parley.profile.format.PackedNode;
import dev.parley.profile.format.SaveFile;
import dev.parley.profile.format.Section;
import dev.parley.profile.format.SectionType;
import dev.parley.profile.format.UnknownSection;
import dev.parley.profile.format.UserStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToxSaveTest {
    static final String FIXTURE_ID = "79A631EEDE1BF9C98F12032CDEADD0E7A079398FC786B88CC846EC89AF85A51A12345678610E";

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ToxSaveTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static byte[] key(int first, int last) {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (first + i);
        }
        k[31] = (byte) last;
        return k;
    }

    @Test
    void decodesWhatToxcoreWrote() throws Exception {
        byte[] data = resource("toxcore-0.2.18.tox");
        ToxSave save = ToxSave.decode(data);

        assertEquals(FIXTURE_ID, save.toxId().toString());
        assertEquals(0x12345678, save.nospam());
        byte[] secret = save.secretKey();
        assertArrayEquals(key(0x40, 0x5F), secret);
        assertEquals("Parley Fixture", save.name());
        assertEquals("made by tox 0.2.18 é\0", save.statusMessage()); // the fixture program counted the NUL
        assertEquals(UserStatus.AWAY, save.userStatus());

        List<FriendRecord> friends = save.friends();
        assertEquals(3, friends.size());
        assertEquals(FriendStatus.CONFIRMED, friends.get(0).friendStatus());
        assertArrayEquals(key(0x10, 0x01), friends.get(0).publicKey());
        assertEquals(FriendStatus.CONFIRMED, friends.get(1).friendStatus());
        assertArrayEquals(key(0x20, 0x01), friends.get(1).publicKey());
        FriendRecord request = friends.get(2);
        assertEquals(FriendStatus.ADDED, request.friendStatus());
        assertArrayEquals(key(0x70, 0x02), request.publicKey());
        assertEquals("please add me", request.requestMessageText());
        assertEquals(0xCAFEBABE, request.nospam());

        List<Conference> conferences = save.conferences();
        assertEquals(1, conferences.size());
        assertEquals("Fixture conference", conferences.get(0).titleText());
        assertEquals(32, conferences.get(0).id().length);
        assertEquals(List.of(), conferences.get(0).peers());

        assertEquals(List.of(), save.dhtNodes());
        assertEquals(List.of(), save.tcpRelays());
        assertEquals(List.of(), save.pathNodes());
        assertTrue(save.saveFile().endMarker());
        assertArrayEquals(new byte[816], save.saveFile().trailer());
        assertEquals(List.of(SectionType.NOSPAM_KEYS, SectionType.DHT, SectionType.FRIENDS, SectionType.NAME,
                SectionType.STATUS_MESSAGE, SectionType.STATUS, SectionType.TCP_RELAYS, SectionType.PATH_NODES,
                SectionType.CONFERENCES), save.sections().stream().map(Section::type).toList());

        assertArrayEquals(data, save.encode());
    }

    @Test
    void decodesToxcoreGroupsSection() throws Exception {
        byte[] data = resource("toxcore-0.2.20-group.tox");
        ToxSave save = ToxSave.decode(data);
        assertEquals("Group Fixture", save.name());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 10, 11, 20), save.sections().stream().map(Section::type).toList());
        GroupsSection section = save.groups().orElseThrow();
        List<NgcGroup> groups = section.groups();
        assertEquals(1, groups.size());
        NgcGroup g = groups.get(0);
        assertEquals("Fixture group", g.groupNameText());
        assertEquals("Fixture topic", g.topicText());
        assertEquals("pw", new String(g.password(), StandardCharsets.US_ASCII));
        assertEquals("fixture nick", g.selfNickText());
        assertEquals(1, g.privacyState()); // TOX_GROUP_PRIVACY_STATE_PRIVATE
        assertEquals(0, g.selfRole()); // founder
        assertEquals(100, g.maxPeers());
        assertEquals("805EDF75641E382F10113CA9BB74AB88D3DA2F47BBF8D6879A7ACFD2DB573495",
                HexFormat.of().withUpperCase().formatHex(g.chatId()));
        assertArrayEquals(section.payload(), GroupsSection.of(groups).payload()); // same msgpack as c-toxcore
        assertArrayEquals(data, save.encode());
        assertArrayEquals(data, save.withSection(GroupsSection.of(groups)).encode());
    }

    @Test
    void opensToxcoreEncryptedSave() throws Exception {
        byte[] plain = resource("toxcore-0.2.18.tox");
        byte[] encrypted = resource("toxcore-0.2.18-encrypted.tox");
        assertTrue(ToxSave.isEncrypted(encrypted));
        ToxSave save = ToxSave.decode(encrypted, "correct horse".toCharArray());
        assertArrayEquals(plain, save.encode());

        IncorrectPassphraseException wrong = assertThrows(IncorrectPassphraseException.class,
                () -> ToxSave.decode(encrypted, "correct horsE".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong passphrase"));
        assertThrows(PassphraseRequiredException.class, () -> ToxSave.decode(encrypted, null));
        CorruptProfileException plainDecode = assertThrows(CorruptProfileException.class,
                () -> ToxSave.decode(encrypted));
        assertTrue(plainDecode.problem().contains("encrypted"));
        CorruptProfileException cut = assertThrows(CorruptProfileException.class,
                () -> ToxSave.decode(Arrays.copyOf(encrypted, 80), "x".toCharArray()));
        assertTrue(cut.problem().contains("header and tag alone take 80"));
    }

    @Test
    void encryptedRoundTrip() throws Exception {
        ToxSave save = ToxSave.generate().withName("enc");
        byte[] enc = save.encode("pässword".toCharArray());
        assertTrue(PassphraseEncryption.isEncrypted(enc));
        assertEquals(save, ToxSave.decode(enc, "pässword".toCharArray()));
        assertEquals(save, ToxSave.decode(save.encode(null), "ignored".toCharArray()));
    }

    @Test
    void freshProfileIsLaidOutLikeToxcore() throws Exception {
        KeyPair keys = KeyPair.fromSecretKey(key(0x40, 0x5F));
        ToxSave save = ToxSave.create(keys, 0x12345678);
        ToxSave fixture = ToxSave.decode(resource("toxcore-0.2.18.tox"));
        assertEquals(fixture.toxId(), save.toxId());
        assertEquals(fixture.sections().stream().map(Section::type).toList(),
                save.sections().stream().map(Section::type).toList());
        assertEquals(save, ToxSave.decode(save.encode()));
        KeyPair back = save.keyPair();
        assertArrayEquals(keys.publicKey(), back.publicKey());
        back.destroy();
        keys.destroy();
    }

    @Test
    void fixtureRebuiltThroughTheModelMatchesToxcoreBytes() throws Exception {
        ToxSave fixture = ToxSave.decode(resource("toxcore-0.2.18.tox"));
        KeyPair keys = KeyPair.fromSecretKey(key(0x40, 0x5F));
        ToxSave rebuilt = ToxSave.create(keys, 0x12345678)
                .withFriends(fixture.friends())
                .withName("Parley Fixture")
                .withStatusMessage("made by tox 0.2.18 é\0")
                .withUserStatus(UserStatus.AWAY)
                .withConferences(fixture.conferences());
        keys.destroy();
        byte[] expected = resource("toxcore-0.2.18.tox");
        byte[] withoutSlack = Arrays.copyOf(expected, expected.length - 816);
        assertArrayEquals(withoutSlack, rebuilt.encode());
    }

    @Test
    void editingKeepsUnknownSectionsInPlace() throws Exception {
        ToxSave base = ToxSave.generate();
        List<Section> sections = new ArrayList<>(base.sections());
        sections.add(2, new UnknownSection(0x99, new byte[] {9}));
        sections.removeIf(s -> s instanceof NameSection);
        sections.add(new UnknownSection(0x98, new byte[0]));
        ToxSave save = ToxSave.of(new SaveFile(sections, true, new byte[3]));
        byte[] original = save.encode();
        assertArrayEquals(original, ToxSave.decode(original).encode());

        ToxSave edited = save.withName("New").withStatusMessage("msg");
        List<Integer> types = edited.sections().stream().map(Section::type).toList();
        assertEquals(List.of(1, 2, 0x99, 3, 4, 5, 6, 10, 11, 20, 0x98), types);
        assertEquals("New", edited.name());
        assertEquals(List.of(new UnknownSection(0x99, new byte[] {9}), new UnknownSection(0x98, new byte[0])),
                ToxSave.decode(edited.encode()).unknownSections());
        assertEquals(3, edited.saveFile().trailer().length);
        assertEquals(edited, ToxSave.decode(edited.encode()));
        assertNotEquals(save, edited);

        ToxSave relays = edited.withTcpRelays(List.of(new PackedNode(PackedNode.Family.TCP_IPV4,
                new byte[] {1, 2, 3, 4}, 443, key(1, 1)))).withNospam(42);
        assertEquals(1, ToxSave.decode(relays.encode()).tcpRelays().size());
        assertEquals(42, ToxSave.decode(relays.encode()).nospam());
        assertEquals(relays.publicKey().length, 32);
        assertFalse(relays.withoutSection(SectionType.TCP_RELAYS).section(
                dev.parley.profile.format.TcpRelaysSection.class).isPresent());
        assertThrows(IllegalArgumentException.class, () -> relays.withoutSection(SectionType.NOSPAM_KEYS));
    }

    @Test
    void keysMustMatch() throws Exception {
        ToxSave save = ToxSave.generate();
        NospamKeysSection k = save.keys();
        byte[] pk = k.publicKey();
        pk[0] ^= 1;
        SaveFile bad = new SaveFile(List.of(new NospamKeysSection(k.nospam(), pk, k.secretKey())), true, new byte[0]);
        CorruptProfileException e = assertThrows(CorruptProfileException.class, () -> ToxSave.decode(bad.encode()));
        assertEquals(SectionType.NOSPAM_KEYS, e.sectionType());
        assertEquals(8 + 8 + 4, e.offset());
        assertTrue(e.problem().contains("does not belong to the stored secret key"));
        assertThrows(IllegalArgumentException.class, () -> save.withSection(new NospamKeysSection(0, pk, k.secretKey())));
    }

    @Test
    void keysAreRequiredAndKnownSectionsUnique() throws Exception {
        SaveFile none = SaveFile.of(List.of(NameSection.of("x")));
        assertTrue(assertThrows(CorruptProfileException.class, () -> ToxSave.of(none)).problem()
                .contains("no NospamKeys section"));
        ToxSave save = ToxSave.generate();
        List<Section> twice = new ArrayList<>(save.sections());
        twice.add(NameSection.of("again"));
        CorruptProfileException e = assertThrows(CorruptProfileException.class,
                () -> ToxSave.decode(SaveFile.of(twice).encode()));
        assertEquals(SectionType.NAME, e.sectionType());
        assertTrue(e.problem().startsWith("a second Name section; the first one is at offset "), e.problem());
        List<Section> unknownTwice = new ArrayList<>(save.sections());
        unknownTwice.add(new UnknownSection(77, new byte[0]));
        unknownTwice.add(new UnknownSection(77, new byte[0]));
        assertEquals(2, ToxSave.of(SaveFile.of(unknownTwice)).unknownSections().size());
    }

    @Test
    void toStringHidesTheSecretKey() throws Exception {
        ToxSave save = ToxSave.decode(resource("toxcore-0.2.18.tox"));
        String secretHex = HexFormat.of().withUpperCase().formatHex(key(0x40, 0x5F));
        assertFalse(save.toString().contains(secretHex));
        assertFalse(save.saveFile().toString().contains(secretHex));
        assertTrue(save.toString().contains(FIXTURE_ID));
        assertEquals("Parley Fixture", new String(save.nameBytes(), StandardCharsets.UTF_8));
    }
}
