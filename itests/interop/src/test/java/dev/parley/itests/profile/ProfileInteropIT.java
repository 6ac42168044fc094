package dev.parley.itests.profile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.ToxId;
import dev.parley.crypto.WrongPassphraseException;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.profile.CorruptProfileException;
import dev.parley.profile.IncorrectPassphraseException;
import dev.parley.profile.PassphraseRequiredException;
import dev.parley.profile.ToxSave;
import dev.parley.profile.format.FriendRecord;
import dev.parley.profile.format.FriendStatus;
import dev.parley.profile.format.UserStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's save format ({@code dev.parley.profile.ToxSave}) and passphrase encryption
 * ({@code dev.parley.crypto.PassphraseEncryption}) against c-toxcore's {@code tox_get_savedata}
 * and toxencryptsave, for every installed c-toxcore version:
 *
 * <ul>
 *   <li>a save written by c-toxcore (plain and encrypted) reads in Parley with the identity,
 *       profile and friends (confirmed, added without request, pending request) the peer reports,
 *       and re-encodes byte for byte;</li>
 *   <li>a save made from scratch by Parley (plain and encrypted) starts a c-toxcore peer with that
 *       identity, profile and friend list, and survives c-toxcore saving it again;</li>
 *   <li>a c-toxcore save changed and re-encrypted by Parley starts c-toxcore again with the change;</li>
 *   <li>names, status messages and friend request messages at tox.h's maximum lengths cross both ways;</li>
 *   <li>across versions: a 0.2.18 save re-encoded by Parley loads in 0.2.20, and the other way.</li>
 * </ul>
 *
 * Only the first test needs the network (one real friendship, through the rig's bootstrapd); the
 * others start peers without bootstrapping them. Files go to the rig's directory under target/.
 */
@ExtendWith(RigExtension.class)
class ProfileInteropIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Non-ASCII on purpose: both sides must feed the passphrase's UTF-8 bytes to the KDF. */
    private static final String PASS_UNICODE = "pässwörd ✓ 100% «tox»";
    /** Passed on toxpeer's command line, so ASCII (the JVM may run under a POSIX locale). */
    private static final String PASS_ASCII = "correct horse battery staple";

    /** Every installed c-toxcore version; none installed is a failure, never a skip. */

    // --- c-toxcore -> Parley ------------------------------------------------------------------

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcoreSaveReadsInParley(String version, Rig rig) throws Exception {
        ToxPeer a = rig.peer(version, "a");
        ToxPeer b = rig.peer(version, "b");

        // b becomes a confirmed friend of a, with a profile a learns over the network.
        b.setName("Bob ✓ 100%");
        b.setStatusMessage("out for lunch «ü»");
        b.call("status busy");

        a.setName("Alice «A» ✓");
        a.setStatusMessage("status message with spaces, 100% and ünïcode");
        assertEquals("away", a.call("status away").get("status"));
        String nospam = randomNospamHex();
        String address = a.call("nospam " + nospam).get("address");

        List<String> noRequest = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String pk = HEX.formatHex(freshPublicKey());
            a.call("add_norequest " + pk);
            noRequest.add(pk);
        }
        ToxId pendingId = ToxId.of(freshPublicKey(), RANDOM.nextInt());
        String requestText = "please add me: 100% «real»";
        int pendingNumber = a.addFriend(pendingId.toString(), requestText);

        Rig.Friendship f = rig.befriend(a, b);
        int bOnA = f.bOnA();
        a.awaitEvent("b's name on a", e -> e.is("friend_name") && e.has("friend", "" + bOnA)
                && e.text("name").equals("Bob ✓ 100%"), T);
        a.awaitEvent("b's status message on a", e -> e.is("friend_status_message") && e.has("friend", "" + bOnA)
                && e.text("message").equals("out for lunch «ü»"), T);
        a.awaitEvent("b's status on a", Event.of("friend_status", "friend", "" + bOnA, "status", "busy"), T);

        Event info = a.call("info");
        assertEquals(address, info.get("address"));
        assertEquals(address, a.call("id").get("address"));
        List<Event> friends = friends(a);
        assertEquals(5, friends.size(), "a's friend list: " + friends);

        Path plainFile = rig.dir().resolve("a-" + version + ".tox");
        Path encFile = rig.dir().resolve("a-" + version + ".enc.tox");
        assertEquals("0", a.call("save " + Event.encode(plainFile.toString())).get("encrypted"));
        assertEquals("1", a.call("save " + Event.encode(encFile.toString()) + " " + Event.encode(PASS_UNICODE))
                .get("encrypted"));
        byte[] plainBytes = Files.readAllBytes(plainFile);
        byte[] encBytes = Files.readAllBytes(encFile);

        ToxSave plain = ToxSave.decode(plainBytes);
        ToxSave plainViaPass = ToxSave.decode(plainBytes, null);
        assertEquals(plain, plainViaPass);
        assertTrue(ToxSave.isEncrypted(encBytes));
        assertFalse(ToxSave.isEncrypted(plainBytes));
        ToxSave enc = ToxSave.decode(encBytes, PASS_UNICODE.toCharArray());

        for (ToxSave s : List.of(plain, enc)) {
            assertProfile(info, friends, s);
            assertEquals(ToxId.parse(address), s.toxId());
            assertEquals(a.publicKey(), HEX.formatHex(s.publicKey()));
            assertEquals(nospam, String.format("%08X", s.nospam()));
            assertEquals(UserStatus.AWAY, s.userStatus());

            List<FriendRecord> fr = s.friends();
            for (int i = 0; i < noRequest.size(); i++) {
                FriendRecord r = fr.get(i);
                assertEquals(noRequest.get(i), HEX.formatHex(r.publicKey()));
                assertEquals(FriendStatus.CONFIRMED, r.friendStatus(), "added without request: " + r);
            }
            FriendRecord pending = fr.get(pendingNumber);
            assertTrue(pending.friendStatus() == FriendStatus.ADDED || pending.friendStatus() == FriendStatus.REQUEST_SENT,
                    "a pending request: " + pending);
            assertArrayEquals(pendingId.publicKey(), pending.publicKey());
            assertEquals(requestText, pending.requestMessageText());
            assertEquals(pendingId.nospam(), pending.nospam(), "the nospam of the address the request goes to");

            FriendRecord bob = fr.get(bOnA);
            assertEquals(FriendStatus.CONFIRMED, bob.friendStatus());
            assertEquals(b.publicKey(), HEX.formatHex(bob.publicKey()));
            assertEquals("Bob ✓ 100%", bob.nameText());
            assertEquals("out for lunch «ü»", bob.statusMessageText());
            assertEquals(UserStatus.BUSY.code(), bob.userStatus());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(bob.lastSeen() > now - 600 && bob.lastSeen() <= now + 60, "b was seen just now: " + bob);
        }

        // A c-toxcore save is written back unchanged.
        assertArrayEquals(plainBytes, plain.encode(), "re-encoding a c-toxcore save must give the same bytes");
        assertArrayEquals(ToxSave.decrypt(encBytes, PASS_UNICODE.toCharArray()), enc.encode());

        // Passphrase errors are told apart from damage.
        IncorrectPassphraseException wrong = assertThrows(IncorrectPassphraseException.class,
                () -> ToxSave.decode(encBytes, "pässwörd ✓ 100% «tox".toCharArray()));
        assertTrue(wrong.getCause() instanceof WrongPassphraseException, "cause: " + wrong.getCause());
        assertThrows(IncorrectPassphraseException.class, () -> ToxSave.decode(encBytes, "".toCharArray()));
        assertThrows(PassphraseRequiredException.class, () -> ToxSave.decode(encBytes, null));
        assertThrows(CorruptProfileException.class, () -> ToxSave.decode(encBytes));
    }

    // --- Parley -> c-toxcore ------------------------------------------------------------------

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleySaveStartsCToxcore(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        KeyPair keys = KeyPair.generate();
        int nospam = RANDOM.nextInt();
        ToxSave made;
        try {
            made = ToxSave.create(keys, nospam);
        } finally {
            keys.destroy();
        }
        ToxId pendingId = ToxId.of(freshPublicKey(), RANDOM.nextInt());
        List<FriendRecord> friends = List.of(
                FriendRecord.confirmed(freshPublicKey(), "Carol ✓", "on a boat «⛵»", UserStatus.AWAY, 1_700_000_000L),
                FriendRecord.confirmed(freshPublicKey(), "", "", UserStatus.NONE, 0),
                FriendRecord.confirmed(freshPublicKey(), "Dave 100%", "do not disturb", UserStatus.BUSY, 1_600_000_000L),
                FriendRecord.requestSent(pendingId.publicKey(), pendingId.nospam(), "hi, it's Parley 100% «ü»"));
        ToxSave save = made.withName("Parley «π» ✓").withStatusMessage("made by Parley, 100%").withUserStatus(UserStatus.BUSY)
                .withFriends(friends);
        assertEquals(ToxId.of(save.publicKey(), nospam), save.toxId());

        Path plainFile = rig.dir().resolve("parley-" + version + ".tox");
        Path encFile = rig.dir().resolve("parley-" + version + ".enc.tox");
        Files.write(plainFile, save.encode());
        byte[] encBytes = save.encode(PASS_ASCII.toCharArray());
        assertTrue(ToxSave.isEncrypted(encBytes));
        Files.write(encFile, encBytes);

        ToxPeer p = rig.startPeer(lib, "plain", "--load", plainFile.toString());
        assertPeerHas(p, save);
        ToxPeer e = rig.startPeer(lib, "enc", "--load", encFile.toString(), "--pass", PASS_ASCII);
        assertPeerHas(e, save);

        // c-toxcore's own save of Parley's profile keeps every friend field Parley wrote.
        Path again = rig.dir().resolve("parley-" + version + ".resaved.tox");
        p.call("save " + Event.encode(again.toString()));
        ToxSave resaved = ToxSave.decode(Files.readAllBytes(again));
        assertEquals(save.toxId(), resaved.toxId());
        assertEquals(save.name(), resaved.name());
        assertEquals(save.statusMessage(), resaved.statusMessage());
        assertEquals(save.userStatus(), resaved.userStatus());
        assertEquals(friends.size(), resaved.friends().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(friends.get(i), resaved.friends().get(i), "confirmed friend " + i);
        }
        FriendRecord pending = resaved.friends().get(3);
        assertFalse(pending.friendStatus().isConfirmed(), "still pending: " + pending);
        assertArrayEquals(pendingId.publicKey(), pending.publicKey());
        assertEquals(pendingId.nospam(), pending.nospam());
        assertEquals("hi, it's Parley 100% «ü»", pending.requestMessageText());

        // A wrong passphrase is refused by c-toxcore too.
        AssertionError refused = assertThrows(AssertionError.class, () -> startExpectingFailure(lib, rig,
                "wrongpass", "--load", encFile.toString(), "--pass", PASS_ASCII + "!"));
        assertTrue(refused.getMessage().contains("load_decrypt"), refused.getMessage());
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcoreSaveChangedByParleyStartsCToxcore(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        ToxPeer a = rig.startPeer(lib, "a");
        a.setName("before");
        a.setStatusMessage("unchanged status message");
        a.call("status away");
        String nospam = randomNospamHex();
        a.call("nospam " + nospam);
        for (int i = 0; i < 4; i++) {
            a.call("add_norequest " + HEX.formatHex(freshPublicKey()));
        }
        List<Event> friendsBefore = friends(a);
        Event infoBefore = a.call("info");
        Path file = rig.dir().resolve("a.enc.tox");
        a.call("save " + Event.encode(file.toString()) + " " + Event.encode(PASS_ASCII));

        ToxSave loaded = ToxSave.decode(Files.readAllBytes(file), PASS_ASCII.toCharArray());
        ToxSave renamed = loaded.withName("after ✓ «renamed by Parley»");
        byte[] out = renamed.encode(PASS_ASCII.toCharArray());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(file), out));
        Path renamedFile = rig.dir().resolve("a-renamed.enc.tox");
        Files.write(renamedFile, out);

        ToxPeer a2 = rig.startPeer(lib, "a2", "--load", renamedFile.toString(), "--pass", PASS_ASCII);
        assertEquals(a.publicKey(), a2.publicKey());
        assertEquals(infoBefore.get("address"), a2.address());
        Event info = a2.call("info");
        assertEquals("after ✓ «renamed by Parley»", info.text("name"));
        assertEquals("unchanged status message", info.text("status_message"));
        assertEquals("away", info.get("status"));
        assertEquals(nospam, info.get("nospam"));
        assertEquals(publicKeys(friendsBefore), publicKeys(friends(a2)));
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void maximumLengthsCrossBothWays(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        // 128, 1007 and 1016 bytes (tox.h's maxima), ending in multi-byte UTF-8 characters.
        String name = "n".repeat(126) + "é";
        String statusMessage = "s".repeat(1004) + "€";
        String request = "r".repeat(1011) + "€é";
        assertEquals(128, name.getBytes(UTF_8).length);
        assertEquals(1007, statusMessage.getBytes(UTF_8).length);
        assertEquals(1016, request.getBytes(UTF_8).length);

        // c-toxcore -> Parley
        ToxPeer a = rig.startPeer(lib, "a");
        a.setName(name);
        a.setStatusMessage(statusMessage);
        ToxId pendingId = ToxId.of(freshPublicKey(), RANDOM.nextInt());
        a.addFriend(pendingId.toString(), request);
        Path file = rig.dir().resolve("max.tox");
        a.call("save " + Event.encode(file.toString()));
        byte[] bytes = Files.readAllBytes(file);
        ToxSave s = ToxSave.decode(bytes);
        assertProfile(a.call("info"), friends(a), s);
        assertEquals(name, s.name());
        assertEquals(statusMessage, s.statusMessage());
        assertEquals(request, s.friends().get(0).requestMessageText());
        assertArrayEquals(bytes, s.encode());

        // Parley -> c-toxcore
        ToxSave made = ToxSave.generate().withName(name).withStatusMessage(statusMessage).withFriends(List.of(
                FriendRecord.confirmed(freshPublicKey(), name, statusMessage, UserStatus.AWAY, 1L),
                FriendRecord.requestSent(pendingId.publicKey(), pendingId.nospam(), request)));
        Path madeFile = rig.dir().resolve("max-parley.tox");
        Files.write(madeFile, made.encode());
        ToxPeer b = rig.startPeer(lib, "b", "--load", madeFile.toString());
        assertPeerHas(b, made);
        Path back = rig.dir().resolve("max-parley.resaved.tox");
        b.call("save " + Event.encode(back.toString()));
        ToxSave resaved = ToxSave.decode(Files.readAllBytes(back));
        assertEquals(made.friends().get(0), resaved.friends().get(0));
        assertEquals(request, resaved.friends().get(1).requestMessageText());
    }

    // --- across versions ----------------------------------------------------------------------

    @Test
    void saveCrossesVersionsThroughParley(Rig rig) throws Exception {
        Toxcore.Installation old = Toxcore.require("0.2.18");
        Toxcore.Installation young = Toxcore.require("0.2.20");
        crossVersion(rig, old, young);
        crossVersion(rig, young, old);
    }

    private static void crossVersion(Rig rig, Toxcore.Installation from, Toxcore.Installation to) throws Exception {
        String tag = from.version() + "-to-" + to.version();
        ToxPeer src = rig.startPeer(from, "src-" + tag);
        src.setName("from " + from.version() + " ✓");
        src.setStatusMessage("crossing versions «100%»");
        src.call("status busy");
        src.call("nospam " + randomNospamHex());
        for (int i = 0; i < 3; i++) {
            src.call("add_norequest " + HEX.formatHex(freshPublicKey()));
        }
        ToxId pendingId = ToxId.of(freshPublicKey(), RANDOM.nextInt());
        src.addFriend(pendingId.toString(), "cross-version request");
        Event srcInfo = src.call("info");
        List<Event> srcFriends = friends(src);
        Path file = rig.dir().resolve(tag + ".tox");
        src.call("save " + Event.encode(file.toString()) + " " + Event.encode(PASS_UNICODE));

        byte[] encrypted = Files.readAllBytes(file);
        ToxSave s = ToxSave.decode(encrypted, PASS_UNICODE.toCharArray());
        assertArrayEquals(ToxSave.decrypt(encrypted, PASS_UNICODE.toCharArray()), s.encode());
        assertProfile(srcInfo, srcFriends, s);
        Path reencoded = rig.dir().resolve(tag + ".parley.tox");
        Files.write(reencoded, s.encode(PASS_ASCII.toCharArray()));

        ToxPeer dst = rig.startPeer(to, "dst-" + tag, "--load", reencoded.toString(), "--pass", PASS_ASCII);
        assertEquals(to.version(), dst.version());
        assertEquals(srcInfo.get("address"), dst.address());
        Event info = dst.call("info");
        assertEquals(srcInfo.get("address"), info.get("address"));
        assertEquals(srcInfo.text("name"), info.text("name"));
        assertEquals(srcInfo.text("status_message"), info.text("status_message"));
        assertEquals("busy", info.get("status"));
        assertEquals(publicKeys(srcFriends), publicKeys(friends(dst)));
        assertEquals(4, srcFriends.size());

        // and the destination version's own save still holds the pending request as sent from the source
        Path back = rig.dir().resolve(tag + ".dst.tox");
        dst.call("save " + Event.encode(back.toString()));
        FriendRecord pending = ToxSave.decode(Files.readAllBytes(back)).friends().get(3);
        assertArrayEquals(pendingId.publicKey(), pending.publicKey());
        assertEquals(pendingId.nospam(), pending.nospam());
        assertEquals("cross-version request", pending.requestMessageText());
    }

    // --- helpers ------------------------------------------------------------------------------

    /** The peer's own profile and friend list (as {@code info} and {@code friends} show them) are in {@code s}. */
    private static void assertProfile(Event info, List<Event> friends, ToxSave s) {
        assertEquals(info.get("address"), s.toxId().toString());
        assertEquals(info.get("public_key"), HEX.formatHex(s.publicKey()));
        assertEquals(info.get("nospam"), String.format("%08X", s.nospam()));
        assertEquals(info.text("name"), s.name());
        assertEquals(info.text("status_message"), s.statusMessage());
        assertEquals(info.get("status"), statusWord(s.userStatus()));
        List<FriendRecord> fr = s.friends();
        assertEquals(friends.size(), fr.size(), "friend count");
        for (Event f : friends) {
            FriendRecord r = fr.get(f.intValue("friend"));
            assertEquals(f.get("public_key"), HEX.formatHex(r.publicKey()), "friend " + f.get("friend"));
            if (r.friendStatus() != null && r.friendStatus().isConfirmed()) {
                assertEquals(f.text("name"), r.nameText(), "friend " + f.get("friend") + " name");
                assertEquals(f.text("status_message"), r.statusMessageText(), "friend " + f.get("friend"));
                assertEquals(f.get("status"), statusWord(UserStatus.fromCode(r.userStatus())), "friend " + f.get("friend"));
            }
        }
    }

    /** A peer started from {@code save} reports its identity, profile and friends. */
    private static void assertPeerHas(ToxPeer p, ToxSave save) {
        String id = save.toxId().toString();
        assertEquals(id, p.address(), "ready address");
        assertEquals(HEX.formatHex(save.publicKey()), p.publicKey());
        Event info = p.call("info");
        assertEquals(id, info.get("address"));
        assertEquals(String.format("%08X", save.nospam()), info.get("nospam"));
        assertEquals(save.name(), info.text("name"));
        assertEquals(save.statusMessage(), info.text("status_message"));
        assertEquals(statusWord(save.userStatus()), info.get("status"));
        List<Event> friends = friends(p);
        assertEquals(save.friends().size(), friends.size(), "friend count: " + friends);
        for (int i = 0; i < friends.size(); i++) {
            Event f = friends.get(i);
            FriendRecord r = save.friends().get(i);
            assertEquals(String.valueOf(i), f.get("friend"));
            assertEquals(HEX.formatHex(r.publicKey()), f.get("public_key"));
            if (r.friendStatus().isConfirmed()) {
                assertEquals(r.nameText(), f.text("name"));
                assertEquals(r.statusMessageText(), f.text("status_message"));
                assertEquals(statusWord(UserStatus.fromCode(r.userStatus())), f.get("status"));
            }
        }
    }

    /** The {@code friend} lines of one {@code friends} command, in order. */
    private static List<Event> friends(ToxPeer p) {
        int mark = p.mark();
        int count = p.call("friends").intValue("count");
        List<Event> all = p.events();
        List<Event> out = all.subList(mark, all.size()).stream().filter(e -> e.is("friend")).toList();
        assertEquals(count, out.size(), "friend lines before 'ok friends count=" + count + "'");
        return out;
    }

    private static List<String> publicKeys(List<Event> friends) {
        return friends.stream().map(e -> e.get("public_key").toUpperCase(Locale.ROOT)).toList();
    }

    private static String statusWord(UserStatus s) {
        return switch (s) {
            case NONE -> "online";
            case AWAY -> "away";
            case BUSY -> "busy";
        };
    }

    private static byte[] freshPublicKey() {
        KeyPair k = KeyPair.generate();
        try {
            return k.publicKey();
        } finally {
            k.destroy();
        }
    }

    private static String randomNospamHex() {
        String hex;
        do {
            hex = String.format("%08X", RANDOM.nextInt());
        } while (hex.equals("00000000"));
        return hex;
    }

    /** Starts a peer that must not come up; its failure is thrown as an AssertionError. */
    private static void startExpectingFailure(Toxcore.Installation lib, Rig rig, String name, String... args) {
        ToxPeer p;
        try {
            p = ToxPeer.start(lib, name, rig.dir().resolve(name), List.of(args));
        } catch (IllegalStateException | ToxPeer.ToxPeerException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        p.close(); // it came up: the caller's assertThrows reports that
    }
}
