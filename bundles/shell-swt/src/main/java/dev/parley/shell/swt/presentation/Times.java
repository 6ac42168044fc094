package dev.parley.shell.swt.presentation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Short times for the chat and the contact list. */
public final class Times {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private Times() {
    }

    /** Times before this are no wall-clock times (a monotonic clock's reading): not shown. */
    private static final Instant PLAUSIBLE = Instant.parse("2001-01-01T00:00:00Z");

    /** "14:05" for today, "Yesterday", else "3 Nov"; empty for no time or an implausible one. */
    public static String shortTime(Instant time, Instant now, ZoneId zone) {
        if (time == null || time.isBefore(PLAUSIBLE)) {
            return "";
        }
        LocalDate d = time.atZone(zone).toLocalDate();
        LocalDate today = now.atZone(zone).toLocalDate();
        if (d.equals(today)) {
            return CLOCK.format(time.atZone(zone));
        }
        if (d.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return DAY.format(time.atZone(zone));
    }

    public static String clock(Instant time, ZoneId zone) {
        return CLOCK.format(time.atZone(zone));
    }
}
