package dev.parley.itests.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rig itself: for each c-toxcore version, two peers bootstrap to the rig's tox-bootstrapd,
 * become friends and exchange a message each way with read receipts; then the same between
 * 0.2.18 and 0.2.20. A machine without c-toxcore fails here with a hint to run .ci/install-toxcore.
 *
 * <p>The versions required are {@link Toxcore#EXPECTED_VERSIONS}, or the comma-separated system
 * property {@code parley.toxcore.versions}.
 */
@ExtendWith(RigExtension.class)
class RigSelfTestIT {

    static List<String> versions() {
        String p = System.getProperty("parley.toxcore.versions", "");
        return p.isBlank() ? Toxcore.EXPECTED_VERSIONS
                : Arrays.stream(p.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void theExpectedVersionsAreInstalled() {
        for (String v : versions()) {
            Toxcore.Installation lib = Toxcore.require(v);
            assertTrue(lib.peerBinary().toFile().canExecute(), "toxpeer for " + v);
        }
        assertTrue(Toxcore.bootstrapd().toFile().canExecute(), "tox-bootstrapd");
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void twoPeersOfOneVersionTalk(String version, Rig rig) {
        ToxPeer a = rig.peer(version, "a-" + version);
        ToxPeer b = rig.peer(version, "b-" + version);
        assertEquals(version, a.version());
        assertEquals(version, b.version());
        exchange(rig, a, b);
    }

    @Test
    void oldAndNewTalk(Rig rig) {
        List<String> vs = versions();
        assertTrue(vs.contains("0.2.18") && vs.contains("0.2.20"),
                "the mixed-version test needs 0.2.18 and 0.2.20 among " + vs);
        ToxPeer old = rig.peer("0.2.18", "old");
        ToxPeer young = rig.peer("0.2.20", "new");
        exchange(rig, young, old);
    }

    private static void exchange(Rig rig, ToxPeer a, ToxPeer b) {
        Rig.Friendship f = rig.befriend(a, b);
        say(a, f.bOnA(), b, f.aOnB(), "hello from " + a.name() + " (" + a.version() + "): 100% ✓ = ok");
        say(b, f.aOnB(), a, f.bOnA(), "and back from " + b.name() + " (" + b.version() + ")\ttab, «ünïcode»");
    }

    /** from sends text to to; to must get exactly that text, and from a read receipt for it. */
    private static void say(ToxPeer from, int toOnFrom, ToxPeer to, int fromOnTo, String text) {
        Duration t = Duration.ofSeconds(30);
        int id = from.sendMessage(toOnFrom, text);
        Event got = to.awaitEvent(to.name() + " gets a message", e -> e.is("friend_message")
                && e.has("friend", String.valueOf(fromOnTo)), t);
        assertEquals("normal", got.get("type"));
        assertEquals(text, got.text("text"));
        from.awaitEvent(from.name() + " gets the read receipt of message " + id,
                Event.of("friend_read_receipt", "friend", String.valueOf(toOnFrom), "message_id", String.valueOf(id)), t);
    }
}
