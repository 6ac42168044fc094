package dev.parley.shell.swt.presentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.account.ToxIdCheck;
import dev.parley.api.chat.MessageKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    /** A valid ID made by hand: key 0x01.. 0x20, nospam 0xDEADBEEF, checksum by the c-toxcore rule. */
    static String validId() {
        byte[] b = new byte[38];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (i + 1);
        }
        b[32] = (byte) 0xDE;
        b[33] = (byte) 0xAD;
        b[34] = (byte) 0xBE;
        b[35] = (byte) 0xEF;
        for (int i = 0; i < 36; i++) {
            b[36 + i % 2] ^= b[i];
        }
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    @Test
    void initials() {
        assertEquals("AS", Initials.of("alice  smith"));
        assertEquals("B", Initials.of("Bob"));
        assertEquals("?", Initials.of("  "));
        assertEquals("🦜", Initials.of("🦜 parrot").substring(0, 2));
    }

    @Test
    void enterSendsShiftEnterBreaksTheLine() {
        assertEquals(Composer.KeyAction.SEND, Composer.onKey(true, false, false));
        assertEquals(Composer.KeyAction.NEW_LINE, Composer.onKey(true, true, false));
        assertEquals(Composer.KeyAction.NONE, Composer.onKey(false, false, false));
        assertEquals(Composer.KeyAction.NONE, Composer.onKey(true, false, true));
    }

    @Test
    void meIsAnAction() {
        assertEquals(Optional.of(new Composer.Outgoing(MessageKind.ACTION, "waves")), Composer.parse("/me waves "));
        assertEquals(Optional.of(new Composer.Outgoing(MessageKind.NORMAL, "hi\nthere")), Composer.parse(" hi\nthere\n"));
        assertTrue(Composer.parse("   ").isEmpty());
        assertTrue(Composer.parse("/me ").isEmpty());
        assertEquals(MessageKind.NORMAL, Composer.parse("/mexico").orElseThrow().kind());
    }

    @Test
    void linksAreFound() {
        List<TextSegment> s = TextSegment.split("see https://tox.chat/download.html, or www.example.org.");
        assertEquals(List.of(new TextSegment("see ", null),
                new TextSegment("https://tox.chat/download.html", "https://tox.chat/download.html"),
                new TextSegment(", or ", null),
                new TextSegment("www.example.org", "https://www.example.org"),
                new TextSegment(".", null)), s);
        assertEquals(List.of(new TextSegment("no links here", null)), TextSegment.split("no links here"));
    }

    @Test
    void toxIdErrorsArePrecise() {
        String id = validId();
        assertTrue(ToxIdCheck.of(id).valid());
        assertTrue(ToxIdCheck.of("tox:" + id.toLowerCase()).valid());
        assertTrue(ToxIdCheck.of(id.substring(0, 30) + " \n" + id.substring(30)).valid());
        assertEquals(ToxIdCheck.Problem.EMPTY, ToxIdCheck.of(" ").problem());
        ToxIdCheck shortId = ToxIdCheck.of(id.substring(0, 70));
        assertEquals(ToxIdCheck.Problem.TOO_SHORT, shortId.problem());
        assertEquals("Too short: 70 of 76 characters (6 missing).", shortId.message());
        assertEquals(ToxIdCheck.Problem.TOO_LONG, ToxIdCheck.of(id + "00").problem());
        ToxIdCheck bad = ToxIdCheck.of(id.substring(0, 10) + "G" + id.substring(11));
        assertEquals(ToxIdCheck.Problem.CHARACTERS, bad.problem());
        assertEquals("'G' at position 11 is not allowed: a Tox ID has only 0-9 and A-F.", bad.message());
        char c = id.charAt(5);
        String typo = id.substring(0, 5) + (c == '0' ? '1' : '0') + id.substring(6);
        assertEquals(ToxIdCheck.Problem.CHECKSUM, ToxIdCheck.of(typo).problem());
    }

    @Test
    void addFriendFormValidatesAsYouType() {
        String id = validId();
        AddFriendForm f = new AddFriendForm("F".repeat(76), Set.of());
        assertEquals("", f.idFeedback());
        assertFalse(f.canSend());
        f.setId(id.substring(0, 40));
        assertEquals("Too short: 40 of 76 characters (36 missing).", f.idFeedback());
        f.setId(id);
        assertEquals("✓ Valid Tox ID", f.idFeedback());
        assertTrue(f.canSend());
        f.setMessage("");
        assertFalse(f.canSend());
        f.setMessage("x".repeat(1017));
        assertEquals("The message is too long (1017 of 1016 bytes).", f.messageFeedback());
        AddFriendForm own = new AddFriendForm(id, Set.of());
        own.setId(id);
        assertEquals("That is your own Tox ID.", own.idFeedback());
        AddFriendForm dup = new AddFriendForm("", Set.of(id.substring(0, 64)));
        dup.setId(id);
        assertEquals("You are friends already.", dup.idFeedback());
    }

    @Test
    void shortTimes() {
        Instant now = Instant.parse("2026-11-26T15:00:00Z");
        assertEquals("14:05", Times.shortTime(Instant.parse("2026-11-26T14:05:00Z"), now, ZoneOffset.UTC));
        assertEquals("Yesterday", Times.shortTime(Instant.parse("2026-11-25T14:05:00Z"), now, ZoneOffset.UTC));
        assertEquals("3 Nov", Times.shortTime(Instant.parse("2026-11-03T14:05:00Z"), now, ZoneOffset.UTC));
        assertEquals("", Times.shortTime(Instant.ofEpochMilli(123_456), now, ZoneOffset.UTC));
    }
}
