package dev.parley.itests.rig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private Tox network on loopback: one tox-bootstrapd (DHT node and TCP relay) and any number
 * of toxpeer processes, each bootstrapped to it. Closing the rig ends every process, whatever
 * state the test left them in.
 *
 * <pre>{@code
 * try (Rig rig = Rig.start("hello")) {
 *     ToxPeer a = rig.peer("0.2.20", "alice");
 *     ToxPeer b = rig.peer("0.2.18", "bob");
 *     Rig.Friendship f = rig.befriend(a, b);
 *     int id = a.sendMessage(f.bOnA(), "hi");
 *     b.awaitEvent(Event.of("friend_message", "friend", "" + f.aOnB()), Rig.TIMEOUT);
 * }
 * }</pre>
 *
 * <p>Files (configs, transcripts, c-toxcore logs) go to {@code <parley.rig.dir>/<name>-<time>},
 * {@code parley.rig.dir} defaulting to {@code target/rig}.
 */
public final class Rig implements AutoCloseable {

    /** A generous deadline for anything that crosses the network (friend requests, connections). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String name;
    private final Path dir;
    private final Bootstrapd bootstrapd;
    private final List<ToxPeer> peers = new ArrayList<>();
    private boolean closed;

    private Rig(String name, Path dir, Bootstrapd bootstrapd) {
        this.name = name;
        this.dir = dir;
        this.bootstrapd = bootstrapd;
    }

    /** Starts a rig whose bootstrapd is also a TCP relay. */
    public static Rig start(String name) {
        return start(name, true);
    }

    public static Rig start(String name, boolean tcpRelay) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        Path base = Paths.get(System.getProperty("parley.rig.dir", "target/rig")).toAbsolutePath();
        Path dir = base.resolve(safe + "-" + stamp + "-" + SEQ.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rig(name, dir, Bootstrapd.start(dir.resolve("bootstrapd"), tcpRelay));
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Bootstrapd bootstrapd() {
        return bootstrapd;
    }

    public synchronized List<ToxPeer> peers() {
        return List.copyOf(peers);
    }

    /** Starts a peer of an installed c-toxcore version and bootstraps it to the rig. */
    public ToxPeer peer(String version, String peerName, String... args) {
        return peer(Toxcore.require(version), peerName, args);
    }

    public ToxPeer peer(Toxcore.Installation lib, String peerName, String... args) {
        ToxPeer p = startPeer(lib, peerName, args);
        connect(p);
        return p;
    }

    /** Starts a peer without bootstrapping it (for tests of start options or savedata). */
    public synchronized ToxPeer startPeer(Toxcore.Installation lib, String peerName, String... args) {
        if (closed) {
            throw new IllegalStateException("rig " + name + " is closed");
        }
        ToxPeer p = ToxPeer.start(lib, peerName, dir.resolve(peerName), List.of(args));
        peers.add(p);
        return p;
    }

    /** Bootstraps a peer to the rig's DHT node and adds its TCP relay. */
    public void connect(ToxPeer p) {
        p.bootstrap(bootstrapd.host(), bootstrapd.port(), bootstrapd.publicKey());
        if (bootstrapd.tcpPort() != 0) {
            p.addTcpRelay(bootstrapd.host(), bootstrapd.tcpPort(), bootstrapd.publicKey());
        }
    }

    /** Waits until the peer reports a connection to the network (tcp or udp). */
    public static Event awaitOnline(ToxPeer p, Duration timeout) {
        return p.awaitEvent(p.name() + " online", e -> e.is("self_connection") && !e.has("status", "none"), timeout);
    }

    /** Friend numbers of a friendship made by {@link #befriend}: b in a's list, a in b's. */
    public record Friendship(ToxPeer a, int bOnA, ToxPeer b, int aOnB) {
    }

    public Friendship befriend(ToxPeer a, ToxPeer b) {
        return befriend(a, b, TIMEOUT);
    }

    /**
     * a sends b a friend request by address, b accepts it when it arrives, and both wait until
     * c-toxcore reports the friend connected, all within {@code timeout}.
     */
    public Friendship befriend(ToxPeer a, ToxPeer b, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int bOnA = a.addFriend(b.address(), "parley rig: " + a.name() + " to " + b.name());
        b.awaitEvent("a friend request from " + a.name(),
                Event.of("friend_request", "public_key", a.publicKey()), left(deadline));
        int aOnB = b.acceptFriend(a.publicKey());
        a.awaitEvent(a.name() + " sees " + b.name() + " connected", e -> e.is("friend_connection")
                && e.has("friend", String.valueOf(bOnA)) && !e.has("status", "none"), left(deadline));
        b.awaitEvent(b.name() + " sees " + a.name() + " connected", e -> e.is("friend_connection")
                && e.has("friend", String.valueOf(aOnB)) && !e.has("status", "none"), left(deadline));
        return new Friendship(a, bOnA, b, aOnB);
    }

    /**
     * Checks that both sides' first friend connection event has {@code status}, then a message with
     * its read receipt each way: a to b with {@code text}, b to a with {@code "back " + text}.
     */
    public static void chatBothWays(Friendship f, String status, String text, Duration timeout) {
        ToxPeer a = f.a();
        ToxPeer b = f.b();
        for (ToxPeer p : List.of(a, b)) {
            String first = p.awaitEvent(Event.of("friend_connection"), timeout).text("status");
            if (!status.equals(first)) {
                throw new AssertionError(p.name() + ": the friend connection came up over " + first + ", not " + status);
            }
        }
        int id = a.sendMessage(f.bOnA(), text);
        b.awaitEvent("message", e -> e.is("friend_message") && e.has("friend", "" + f.aOnB())
                && text.equals(e.text("text")), timeout);
        a.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + f.bOnA(), "message_id", "" + id), timeout);
        int back = b.sendMessage(f.aOnB(), "back " + text);
        a.awaitEvent("message back", e -> e.is("friend_message") && e.has("friend", "" + f.bOnA())
                && ("back " + text).equals(e.text("text")), timeout);
        b.awaitEvent("receipt back", Event.of("friend_read_receipt", "friend", "" + f.aOnB(), "message_id", "" + back),
                timeout);
    }

    /** An NGC group made by {@link #group}: its number on each side and its chat id. */
    public record Group(ToxPeer founder, int founderGroup, ToxPeer member, int memberGroup, String chatId) {
    }

    /**
     * The founder creates a private NGC group and invites the member (a friend), who accepts (toxpeer
     * accepts every invite); returns when the member has joined and the founder has seen it.
     *
     * <p>c-toxcore 0.2.20 can drop a join silently when the friend connection is young (its log
     * then says "UDP handshake failed and no TCP relays to fall back on"). An attempt that sees no
     * join within 15 s is therefore given up and repeated with a fresh group, until the deadline.
     */
    public Group group(Friendship f, String groupName, Duration timeout) {
        ToxPeer founder = f.a();
        ToxPeer member = f.b();
        if (!founder.installation().hasNgc() || !member.installation().hasNgc()) {
            throw new IllegalArgumentException("NGC groups need c-toxcore 0.2.19 or newer: " + founder + ", " + member);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            int memberMark = member.mark();
            int founderMark = founder.mark();
            Event created = founder.call("group_new " + Event.encode(groupName));
            int g = created.intValue("group");
            founder.call("group_invite " + g + " " + f.bOnA());
            Event accepted = member.awaitEventAfter(memberMark, member.name() + " takes the group invite",
                    e -> (e.is("group_invite_accepted") || e.is("group_invite_failed"))
                            && e.has("friend", String.valueOf(f.aOnB())), left(deadline));
            if (accepted.is("group_invite_failed")) {
                throw new ToxPeer.ToxPeerException(member.name() + " could not accept the group invite: " + accepted);
            }
            int mg = accepted.intValue("group");
            Duration attemptTime = left(deadline).compareTo(GROUP_ATTEMPT) < 0 ? left(deadline) : GROUP_ATTEMPT;
            long attemptEnd = System.nanoTime() + attemptTime.toNanos();
            try {
                member.awaitEventAfter(memberMark, member.name() + " joins group " + mg,
                        Event.of("group_self_join", "group", String.valueOf(mg)), attemptTime);
                founder.awaitEventAfter(founderMark, founder.name() + " sees a peer join group " + g,
                        Event.of("group_peer_join", "group", String.valueOf(g)), left(attemptEnd));
                return new Group(founder, g, member, mg, created.require("chat_id"));
            } catch (ToxPeer.ToxPeerException e) {
                if (!founder.isAlive() || !member.isAlive() || left(deadline).isZero()) {
                    throw e;
                }
                System.err.println("[rig] NGC join attempt " + attempt + " failed, trying a new group: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private static final Duration GROUP_ATTEMPT = Duration.ofSeconds(15);

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Writes the last lines of every peer's transcript and c-toxcore log, for a failed test. */
    public synchronized void dumpLogs(PrintStream out, int lines) {
        out.println("=== rig " + name + ": files in " + dir + " ===");
        out.println(bootstrapd + (bootstrapd.isAlive() ? "" : " (ended)"));
        for (ToxPeer p : peers) {
            out.println("--- " + p + (p.isAlive() ? "" : " (ended)") + ": " + p.transcript());
            tailFile(out, p.transcript(), lines);
            out.println("--- c-toxcore log: " + p.stderrLog());
            tailFile(out, p.stderrLog(), lines / 2);
        }
    }

    private static void tailFile(PrintStream out, Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
        } catch (IOException | RuntimeException e) {
            out.println("(cannot read " + file + ": " + e + ")");
        }
    }

    /** Ends every peer, then the bootstrapd; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = peers.size() - 1; i >= 0; i--) {
            try {
                peers.get(i).close();
            } catch (RuntimeException | Error e) {
                System.err.println("[rig] closing " + peers.get(i) + ": " + e);
            }
        }
        try {
            bootstrapd.close();
        } catch (RuntimeException | Error e) {
            System.err.println("[rig] closing " + bootstrapd + ": " + e);
        }
    }
}
