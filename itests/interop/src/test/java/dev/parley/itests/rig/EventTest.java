package dev.parley.itests.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void parsesEventsAndReplies() {
        Event e = Event.parse("123 friend_message friend=0 type=normal text=hi%20there%21");
        assertEquals(123, e.timeMs());
        assertEquals("friend_message", e.type());
        assertNull(e.command());
        assertEquals("hi there!", e.text("text"));
        assertTrue(Event.of("friend_message", "friend", "0").test(e));

        Event fine = Event.parse("1234.567 friend_typing friend=0 typing=true");
        assertEquals(1_234_567, fine.timeMicros());
        assertEquals(1234, fine.timeMs());
        assertEquals(1_234_567_000L, fine.timeNanos());
        assertEquals("friend_typing", fine.type());
        assertEquals("unparsed", Event.parse("12.5 friend_typing").type());
        assertEquals("unparsed", Event.parse("12.a45 friend_typing").type());

        Event ok = Event.parse("124 ok send friend=0 message_id=7");
        assertTrue(ok.isReply() && ok.isOk());
        assertEquals("send", ok.command());
        assertEquals(7, ok.intValue("message_id"));

        Event empty = Event.parse("125 friend_name friend=1 name=");
        assertEquals("", empty.text("name"));
    }

    @Test
    void encodingRoundTrips() {
        String s = "100% ✓ = ok\ttab «ünï» 😀 a/b";
        String enc = Event.encode(s);
        assertTrue(enc.matches("[A-Za-z0-9._~%-]*"), enc);
        assertEquals(s, Event.decode(enc));
        assertEquals("50%", Event.decode("50%"));
        assertEquals("%zz", Event.decode("%zz"));
    }
}
