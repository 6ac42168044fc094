package dev.parley.itests.rig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One output line of a toxpeer process: {@code <ms> <type> [<command>] key=value ...}, where
 * {@code <ms>} is CLOCK_MONOTONIC in milliseconds with a microsecond fraction ({@code 1234.567};
 * a whole number is read too), kept here as {@link #timeMicros()}.
 *
 * <p>For replies, {@link #type()} is {@code ok} or {@code error} and {@link #command()} names the
 * command; for events the command is {@code null}. Values are kept as written; text values are
 * percent-encoded, {@link #text(String)} decodes them.
 */
public record Event(long timeMicros, String type, String command, Map<String, String> fields, String line) {

    public Event {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses one line; a line that is not in the protocol's form becomes type {@code unparsed}. */
    public static Event parse(String line) {
        String[] words = line.split(" ");
        long time = micros(words[0]);
        if (time < 0) {
            return new Event(-1, "unparsed", null, Map.of(), line);
        }
        if (words.length < 2) {
            return new Event(time, "unparsed", null, Map.of(), line);
        }
        String type = words[1];
        int i = 2;
        String command = null;
        if ((type.equals("ok") || type.equals("error")) && words.length > 2) {
            command = words[2];
            i = 3;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return new Event(time, type, command, fields, line);
    }

    /** "1234.567" or "1234" milliseconds as microseconds; -1 when it is not such a number. */
    private static long micros(String ms) {
        int dot = ms.indexOf('.');
        String whole = dot < 0 ? ms : ms.substring(0, dot);
        String fraction = dot < 0 ? "000" : ms.substring(dot + 1);
        if (whole.isEmpty() || fraction.length() != 3 || !(whole + fraction).chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Math.addExact(Math.multiplyExact(Long.parseLong(whole), 1000L), Long.parseLong(fraction));
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    /** The time in whole milliseconds (CLOCK_MONOTONIC). */
    public long timeMs() {
        return timeMicros / 1000;
    }

    /** The time in nanoseconds, comparable with {@link System#nanoTime()} on Linux (to the microsecond). */
    public long timeNanos() {
        return timeMicros * 1000;
    }

    public boolean is(String type) {
        return this.type.equals(type);
    }

    public boolean isReply() {
        return command != null;
    }

    public boolean isOk() {
        return type.equals("ok");
    }

    /** The raw value of a field, or null. */
    public String get(String key) {
        return fields.get(key);
    }

    /** A field that must be there. */
    public String require(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalStateException("no field '" + key + "' in: " + line);
        }
        return v;
    }

    public int intValue(String key) {
        return Integer.parseInt(require(key));
    }

    public long longValue(String key) {
        return Long.parseLong(require(key));
    }

    /** A percent-encoded text field, decoded as UTF-8. */
    public String text(String key) {
        return decode(require(key));
    }

    /** True if every key has the given raw value: {@code has("friend", "0", "status", "udp")}. */
    public boolean has(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!keyValues[i + 1].equalsIgnoreCase(String.valueOf(fields.get(keyValues[i])))) {
                return false;
            }
        }
        return true;
    }

    /** A predicate: the event has this type and these raw field values (hex compared ignoring case). */
    public static Predicate<Event> of(String type, String... keyValues) {
        return e -> e.is(type) && e.has(keyValues);
    }

    /** Percent-encodes text the way toxpeer writes it; the result has no spaces and no newlines. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX sequences (others are kept) and reads the bytes as UTF-8. */
    public static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()
                    && Character.digit(encoded.charAt(i + 1), 16) >= 0
                    && Character.digit(encoded.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(encoded.charAt(i + 1), 16) << 4 | Character.digit(encoded.charAt(i + 2), 16));
                i += 3;
            } else {
                int cp = encoded.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return line;
    }
}
