package dev.parley.itests.rig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rest of toxpeer's protocol, so later interop tests can rely on it: profile changes, typing,
 * actions, nospam, friend listing, file transfer, conferences, NGC groups, encrypted savedata
 * and friend deletion, on a 0.2.20 pair; NGC being refused on 0.2.18.
 */
@ExtendWith(RigExtension.class)
class ToxPeerCommandsIT {

    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void everyCommandDoesWhatItSays(Rig rig) throws IOException {
        Path recv = Files.createDirectories(rig.dir().resolve("b-recv"));
        ToxPeer a = rig.peer("0.2.20", "a");
        ToxPeer b = rig.peer("0.2.20", "b", "--recv-dir", recv.toString());

        // Profile set before the friendship arrives with it.
        a.setName("Alice «A»");
        a.setStatusMessage("busy bee 100%");
        assertEquals("away", a.call("status away").get("status"));
        Rig.Friendship f = rig.befriend(a, b);
        b.awaitEvent("a's name", e -> e.is("friend_name") && e.text("name").equals("Alice «A»"), T);
        b.awaitEvent("a's status message",
                e -> e.is("friend_status_message") && e.text("message").equals("busy bee 100%"), T);
        b.awaitEvent("a's status", Event.of("friend_status", "friend", "" + f.aOnB(), "status", "away"), T);

        // Own identity.
        Event info = a.call("info");
        assertEquals(a.address(), info.get("address"));
        assertEquals(a.publicKey(), info.get("public_key"));
        assertEquals("Alice «A»", info.text("name"));
        assertEquals(a.dhtKey(), a.call("dhtkey").get("dhtkey"));
        assertEquals(a.udpPort(), a.call("port").intValue("udp_port"));
        String newAddress = a.call("nospam DEADBEEF").get("address");
        assertEquals(a.publicKey() + "DEADBEEF", newAddress.substring(0, 72));
        assertEquals(newAddress, a.call("id").get("address"));
        assertNotEquals(a.address(), newAddress);

        // Friend list.
        int mark = b.mark();
        Event count = b.call("friends");
        assertEquals(1, count.intValue("count"));
        Event friend = b.awaitEventAfter(mark, "friend line", e -> e.is("friend"), T);
        assertEquals(a.publicKey(), friend.get("public_key"));
        assertEquals("Alice «A»", friend.text("name"));
        assertFalse(friend.has("connection", "none"));

        // Action and typing.
        int id = a.sendAction(f.bOnA(), "waves");
        b.awaitEvent("action", e -> e.is("friend_message") && e.has("type", "action") && e.text("text").equals("waves"), T);
        a.awaitEvent("receipt", Event.of("friend_read_receipt", "message_id", "" + id), T);
        a.call("typing " + f.bOnA() + " 1");
        b.awaitEvent("typing", Event.of("friend_typing", "friend", "" + f.aOnB(), "typing", "1"), T);

        // File transfer, byte for byte.
        byte[] payload = new byte[200_000];
        new Random(42).nextBytes(payload);
        Path file = rig.dir().resolve("payload.bin");
        Files.write(file, payload);
        Event sent = a.call("file_send " + f.bOnA() + " " + Event.encode(file.toString()));
        assertEquals(payload.length, sent.intValue("size"));
        Event got = b.awaitEvent("file received", e -> e.is("file_done") && e.has("direction", "recv"), T);
        a.awaitEvent("file sent", Event.of("file_done", "direction", "send", "file", sent.get("file")), T);
        assertEquals(payload.length, got.intValue("size"));
        assertArrayEquals(payload, Files.readAllBytes(Path.of(got.text("path"))));
        assertTrue(b.events().stream().anyMatch(e -> e.is("file_chunk")));

        // Conference (old group chats).
        int conf = a.call("conf_new").intValue("conference");
        a.call("conf_invite " + conf + " " + f.bOnA());
        Event joined = b.awaitEvent("conference joined", e -> e.is("conference_joined"), T);
        int bConf = joined.intValue("conference");
        b.awaitEvent("conference connected", Event.of("conference_connected", "conference", "" + bConf), T);
        a.call("conf_send " + conf + " " + Event.encode("conference hello"));
        b.awaitEvent("conference message", e -> e.is("conference_message") && e.has("conference", "" + bConf)
                && e.text("text").equals("conference hello"), T);
        assertEquals(2, b.call("conf_peers " + bConf).intValue("count"));

        // NGC group.
        Rig.Group g = rig.group(f, "parley test group", Duration.ofSeconds(60));
        a.call("group_send " + g.founderGroup() + " " + Event.encode("group hello"));
        b.awaitEvent("group message", e -> e.is("group_message") && e.has("group", "" + g.memberGroup())
                && e.text("text").equals("group hello"), T);

        // Encrypted savedata: a comes back with the same keys and friend, and reconnects.
        Path save = rig.dir().resolve("a.tox");
        Event saved = a.call("save " + Event.encode(save.toString()) + " " + Event.encode("pass phrase"));
        assertEquals("1", saved.get("encrypted"));
        a.close();
        b.awaitEvent("a gone", e -> e.is("friend_connection") && e.has("friend", "" + f.aOnB(), "status", "none"), T);
        ToxPeer a2 = rig.startPeer(a.installation(), "a2", "--load", save.toString(), "--pass", "pass phrase");
        assertEquals(a.publicKey(), a2.publicKey());
        assertEquals(newAddress, a2.address());
        rig.connect(a2);
        a2.awaitEvent("b back", e -> e.is("friend_connection") && !e.has("status", "none"), Rig.TIMEOUT);
        ToxPeer wrong = null;
        try {
            wrong = ToxPeer.start(a.installation(), "a3", rig.dir().resolve("a3"), List.of("--load", save.toString()));
            throw new AssertionError("an encrypted save without passphrase must not start");
        } catch (ToxPeer.ToxPeerException | IllegalStateException e) {
            assertTrue(e.getMessage().contains("load_encrypted_no_pass"), e.getMessage());
        } finally {
            if (wrong != null) {
                wrong.close();
            }
        }

        // Deleting, and errors.
        b.call("delete_friend " + f.aOnB());
        assertEquals(0, b.call("friends").intValue("count"));
        Event err = b.tryCall("send " + f.aOnB() + " nobody", T);
        assertEquals("error", err.type());
        assertEquals("tox_friend_send_message", err.get("reason"));
        assertEquals("unknown_command", b.tryCall("bogus", T).get("reason"));
        assertEquals("usage", b.tryCall("send x", T).get("reason"));
        assertEquals("a%20b", b.call("ping " + Event.encode("a b")).get("text"));
    }

    @Test
    void ngcIsUnsupportedOn0218(Rig rig) {
        ToxPeer old = rig.startPeer(Toxcore.require("0.2.18"), "old");
        assertEquals("0", old.ready().get("ngc"));
        Event reply = old.tryCall("group_new test", T);
        assertEquals("error", reply.type());
        assertEquals("unsupported", reply.get("reason"));
    }
}
