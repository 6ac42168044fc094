package dev.parley.itests.rig;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One running toxpeer process: a c-toxcore instance driven over its line protocol (see toxpeer.c).
 *
 * <p>Every line the peer writes is kept, in order, as an {@link Event}; waits are on conditions
 * over that log with deadlines. In the peer's directory: {@code <name>.transcript.log} (commands
 * as {@code "> "}, output as {@code "< "}) and {@code <name>.stderr.log} (c-toxcore's log).
 * {@link #close()} ends the process for sure.
 */
public final class ToxPeer implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Toxcore.Installation lib;
    private final Process process;
    private final Path dir;
    private final Path stderrLog;
    private final Path transcript;
    private final Writer transcriptOut;
    private final BufferedWriter stdin;
    private final Thread reader;
    private final List<Event> log = new ArrayList<>();
    private final Object lock = new Object();
    private boolean ended;
    private int replyCursor;
    private Event ready;

    private ToxPeer(String name, Toxcore.Installation lib, Process process, Path dir, Path stderrLog, Path transcript)
            throws IOException {
        this.name = name;
        this.lib = lib;
        this.process = process;
        this.dir = dir;
        this.stderrLog = stderrLog;
        this.transcript = transcript;
        this.transcriptOut = Files.newBufferedWriter(transcript, StandardCharsets.UTF_8);
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.reader = new Thread(this::readLoop, "toxpeer-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts a peer and waits for its {@code ready} line.
     *
     * @param lib  the c-toxcore version to run
     * @param name a short name, used in file names and messages
     * @param dir  the working directory; logs go here
     * @param args start options (see toxpeer.c), e.g. {@code --no-udp}
     */
    public static ToxPeer start(Toxcore.Installation lib, String name, Path dir, List<String> args) {
        return start(lib, name, dir, List.of(), args);
    }

    /**
     * {@link #start(Toxcore.Installation, String, Path, List)} with the peer's command line put
     * after {@code wrapper} (e.g. {@code unshare -n ...}), which must end by exec-ing it.
     */
    public static ToxPeer start(Toxcore.Installation lib, String name, Path dir, List<String> wrapper, List<String> args) {
        Path binary = lib.peerBinary();
        try {
            Files.createDirectories(dir);
            Path err = dir.resolve(name + ".stderr.log");
            List<String> cmd = new ArrayList<>(wrapper);
            cmd.add(binary.toString());
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
            Processes.register(p);
            ToxPeer peer = new ToxPeer(name, lib, p, dir, err, dir.resolve(name + ".transcript.log"));
            peer.transcriptLine("# " + String.join(" ", cmd));
            try {
                Event first = peer.awaitEvent("ready", e -> e.is("ready") || e.is("fatal"), START_TIMEOUT);
                if (first.is("fatal")) {
                    throw new IllegalStateException("toxpeer " + name + " did not start: " + first.line()
                            + "\n" + peer.tail(20));
                }
                peer.ready = first;
            } catch (RuntimeException | Error e) {
                peer.close();
                throw e;
            }
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                transcriptLine("< " + line);
                Event e = Event.parse(line);
                synchronized (lock) {
                    log.add(e);
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            transcriptLine("# read error: " + e);
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    private void transcriptLine(String line) {
        synchronized (transcriptOut) {
            try {
                transcriptOut.write(line);
                transcriptOut.write('\n');
                transcriptOut.flush();
            } catch (IOException e) {
                // the transcript is a diagnostic only
            }
        }
    }

    // --- identity -------------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public Toxcore.Installation installation() {
        return lib;
    }

    public String version() {
        return ready.require("version");
    }

    /** The Tox address (76 hex digits) at start; {@code id} asks for the current one. */
    public String address() {
        return ready.require("address");
    }

    public String publicKey() {
        return ready.require("public_key");
    }

    public String dhtKey() {
        return ready.require("dhtkey");
    }

    public int udpPort() {
        return ready.intValue("udp_port");
    }

    public Event ready() {
        return ready;
    }

    public Path dir() {
        return dir;
    }

    public Path transcript() {
        return transcript;
    }

    public Path stderrLog() {
        return stderrLog;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    // --- commands -------------------------------------------------------------------------------

    /** Writes one raw line to the peer (no reply is awaited; prefer {@link #call}). */
    public void sendLine(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a command is one line: " + line);
        }
        transcriptLine("> " + line);
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("toxpeer " + name + " does not take input (ended?)\n" + tail(20), e);
        }
    }

    /** Sends a command and returns its {@code ok} reply; an {@code error} reply throws. */
    public Event call(String command) {
        return call(command, DEFAULT_TIMEOUT);
    }

    public Event call(String command, Duration timeout) {
        Event reply = tryCall(command, timeout);
        if (!reply.isOk()) {
            throw new ToxPeerException(name + ": '" + command + "' failed: " + reply.line());
        }
        return reply;
    }

    /** Sends a command and returns its reply, {@code ok} or {@code error}. */
    public Event tryCall(String command, Duration timeout) {
        String word = command.split(" ", 2)[0];
        synchronized (this) { // one command in flight per peer: replies come back in order
            sendLine(command);
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (true) {
                    for (; replyCursor < log.size(); replyCursor++) {
                        Event e = log.get(replyCursor);
                        if (e.isReply()) {
                            replyCursor++;
                            if (!e.command().equals(word)) {
                                throw new ToxPeerException(name + ": reply to '" + e.command() + "' while waiting for '"
                                        + word + "': " + e.line());
                            }
                            return e;
                        }
                    }
                    waitOnLog(deadline, "the reply to '" + command + "'");
                }
            }
        }
    }

    /** Waits with the lock held; throws when the deadline passed or the peer ended. */
    private void waitOnLog(long deadline, String what) {
        long left = deadline - System.nanoTime();
        if (ended) {
            throw new ToxPeerException("toxpeer " + name + " (" + lib.version() + ") ended while waiting for " + what
                    + " (exit " + exitCode() + ")\n" + tailLocked(25) + stderrTail(15));
        }
        if (left <= 0) {
            throw new ToxPeerException("toxpeer " + name + " (" + lib.version() + "): timed out waiting for " + what
                    + "\n" + tailLocked(25) + stderrTail(15));
        }
        try {
            lock.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToxPeerException("interrupted waiting for " + what);
        }
    }

    private String exitCode() {
        try {
            return process.isAlive() ? "?" : String.valueOf(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    // --- events ---------------------------------------------------------------------------------

    /** The number of lines so far: pass it to {@link #awaitEventAfter} to see only newer ones. */
    public int mark() {
        synchronized (lock) {
            return log.size();
        }
    }

    /** Waits for an event (any line since the start) that matches. */
    public Event awaitEvent(Predicate<Event> match, Duration timeout) {
        return awaitEventAfter(0, "a matching event", match, timeout);
    }

    public Event awaitEvent(String what, Predicate<Event> match, Duration timeout) {
        return awaitEventAfter(0, what, match, timeout);
    }

    /** Waits for a line at or after {@code mark} that matches. */
    public Event awaitEventAfter(int mark, String what, Predicate<Event> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int i = mark;
        synchronized (lock) {
            while (true) {
                for (; i < log.size(); i++) {
                    if (match.test(log.get(i))) {
                        return log.get(i);
                    }
                }
                waitOnLog(deadline, what);
            }
        }
    }

    /** All lines so far. */
    public List<Event> events() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** The lines from number {@code mark} on, as one snapshot (the log grows meanwhile). */
    public List<Event> eventsSince(int mark) {
        synchronized (lock) {
            return List.copyOf(log.subList(mark, log.size()));
        }
    }

    /** The last lines of output, for messages. */
    public String tail(int lines) {
        synchronized (lock) {
            return tailLocked(lines);
        }
    }

    private String tailLocked(int lines) {
        StringBuilder sb = new StringBuilder("--- last output of " + name + " ---\n");
        for (int i = Math.max(0, log.size() - lines); i < log.size(); i++) {
            sb.append(log.get(i).line()).append('\n');
        }
        return sb.toString();
    }

    private String stderrTail(int lines) {
        try {
            List<String> all = Files.readAllLines(stderrLog, StandardCharsets.UTF_8);
            return "--- last stderr of " + name + " (" + stderrLog + ") ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    // --- conveniences ---------------------------------------------------------------------------

    public void bootstrap(String host, int port, String dhtKey) {
        call("bootstrap " + Event.encode(host) + " " + port + " " + dhtKey);
    }

    public void addTcpRelay(String host, int port, String dhtKey) {
        call("add_tcp_relay " + Event.encode(host) + " " + port + " " + dhtKey);
    }

    /** Sends a friend request; returns the new friend number. */
    public int addFriend(String address, String message) {
        return call("add " + address + " " + Event.encode(message)).intValue("friend");
    }

    /** Accepts a friend request (tox_friend_add_norequest); returns the new friend number. */
    public int acceptFriend(String publicKey) {
        return call("accept " + publicKey).intValue("friend");
    }

    /** Sends a normal message; returns its message id (for the read receipt). */
    public int sendMessage(int friend, String text) {
        return call("send " + friend + " " + Event.encode(text)).intValue("message_id");
    }

    public int sendAction(int friend, String text) {
        return call("action " + friend + " " + Event.encode(text)).intValue("message_id");
    }

    public void setName(String name) {
        call("name " + Event.encode(name));
    }

    public void setStatusMessage(String message) {
        call("status_message " + Event.encode(message));
    }

    /** Ends the peer: {@code quit}, then SIGTERM, then SIGKILL; never throws. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    synchronized (stdin) {
                        stdin.write("quit\n");
                        stdin.flush();
                        stdin.close();
                    }
                } catch (IOException e) {
                    // already gone
                }
                try {
                    process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            Processes.stop(process, 2000);
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (transcriptOut) {
                try {
                    transcriptOut.write("# ended, exit " + exitCode() + "\n");
                    transcriptOut.close();
                } catch (IOException e) {
                    // diagnostic only
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ToxPeer[" + name + ", c-toxcore " + lib.version() + ", pid " + process.pid() + "]";
    }

    /** A failed command, a timeout, or a peer that ended. */
    public static final class ToxPeerException extends AssertionError {
        private static final long serialVersionUID = 1L;

        public ToxPeerException(String message) {
            super(message);
        }
    }
}
