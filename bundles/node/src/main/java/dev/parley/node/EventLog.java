package dev.parley.node;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The event stream for scripts: one JSON object per line,
 * {@code {"ts":<ms since start>,"event":"<name>",...}}, flushed at once. Every event is also one
 * human-readable log line. See docs/EVENTS.md.
 */
final class EventLog implements AutoCloseable {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private final PrintStream events;
    private final boolean ownsEvents;
    private final PrintStream log;
    private final LongSupplier clock;
    private final long start;

    EventLog(PrintStream events, boolean ownsEvents, PrintStream log, LongSupplier clock) {
        this.events = events;
        this.ownsEvents = ownsEvents;
        this.log = log;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /**
     * Opens the stream {@code target} names ({@code -}: standard output, else a file, replaced);
     * when events go to standard output, log lines go to standard error.
     */
    static EventLog open(java.util.Optional<String> target, PrintStream stdout, PrintStream stderr) throws IOException {
        LongSupplier millis = () -> System.nanoTime() / 1_000_000L;
        if (target.isEmpty()) {
            return new EventLog(null, false, stdout, millis);
        }
        if (target.get().equals("-")) {
            return new EventLog(stdout, false, stderr, millis);
        }
        Path file = Path.of(target.get());
        OutputStream out = Files.newOutputStream(file);
        return new EventLog(new PrintStream(out, false, StandardCharsets.UTF_8), true, stdout, millis);
    }

    /** Writes one event; {@code fields} in order, values strings, numbers, booleans or null. */
    synchronized void emit(String name, Map<String, Object> fields) {
        JsonObject o = new JsonObject();
        o.addProperty("ts", clock.getAsLong() - start);
        o.addProperty("event", name);
        StringBuilder line = new StringBuilder("parley-node: ").append(name);
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Object v = f.getValue();
            o.add(f.getKey(), GSON.toJsonTree(v));
            line.append(' ').append(f.getKey()).append('=').append(v == null ? "-" : v);
        }
        if (events != null) {
            events.println(GSON.toJson(o));
            events.flush();
        }
        log.println(line);
        log.flush();
    }

    /** A log line that is not an event. */
    synchronized void log(String message) {
        log.println("parley-node: " + message);
        log.flush();
    }

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        if (ownsEvents) {
            events.close();
        }
    }
}
