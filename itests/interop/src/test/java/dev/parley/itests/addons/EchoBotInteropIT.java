package dev.parley.itests.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.messenger.ParleyMessengerNode;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.messenger.OutboxStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample echo bot in the shipped {@code bin/parley-node}, end to end against c-toxcore: the
 * node runs as a client ({@code --profile FILE --name NAME}, created on the first start); the echo
 * bot jar is copied into its {@code addons/} folder while it runs; a c-toxcore peer sends a friend request, the bot accepts,
 * and every message and action the peer sends comes back unchanged. Then the bot is deleted and
 * dropped in again, and the time from the jar landing to the first echo is measured.
 */
@ExtendWith(RigExtension.class)
class EchoBotInteropIT {

    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void echoBotDroppedIntoARunningNodeEchoesACToxcorePeer(String version, Rig rig) throws Exception {
        Path dir = rig.dir().resolve("echo-" + version);
        Path home = copyDistribution(ParleyNodeProcess.distribution(), dir.resolve("parley"));

        List<ParleyMessengerNode> helpers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ParleyMessengerNode n = new ParleyMessengerNode("eh" + i + "-" + version, dev.parley.profile.ToxSave.generate(),
                        OutboxStore.none());
                n.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
                for (ParleyMessengerNode o : helpers) {
                    n.bootstrap("127.0.0.1", o.port(), o.dhtKeyHex());
                }
                helpers.add(n);
            }
            List<String> flags = new ArrayList<>(List.of("--profile", dir.resolve("echo.tox").toString(),
                    "--name", "Echo bot", "--bootstrap",
                    rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":" + rig.bootstrapd().publicKey()));
            for (ParleyMessengerNode h : helpers) {
                flags.addAll(List.of("--bootstrap", "127.0.0.1:" + h.port() + ":" + h.dhtKeyHex()));
            }
            try (ParleyNodeProcess node = ParleyNodeProcess.startFrom(home, dir, flags.toArray(String[]::new))) {
                String toxId = node.await(Pattern.compile(
                        ".*\"event\":\"profile\",\"name\":\"Echo bot\",\"address\":\"([0-9A-F]{76})\".*"),
                        Duration.ofSeconds(60)).group(1);
                // The echo bot lands in addons/ while the node runs.
                Path jar = sample(home, "parley-echo-bot");
                int beforeDrop = node.mark();
                Path dropped = drop(jar, home.resolve("addons"));
                // A request the node already holds is not announced again: the bot must be up first.
                node.awaitAfter(beforeDrop, Pattern.compile(".*bot echo started.*"), T);

                ToxPeer c = rig.peer(version, "c-echo-" + version);
                for (ParleyMessengerNode h : helpers.subList(0, 2)) {
                    c.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
                }
                long t0 = System.nanoTime();
                int bot = c.addFriend(toxId, "hello echo bot, c-toxcore " + version + " here");
                c.awaitEvent("the bot online", e -> e.is("friend_connection") && e.has("friend", "" + bot)
                        && !e.has("status", "none"), CONNECT);
                System.out.printf("[echo %s] friend request to the bot online: %d ms%n", version,
                        (System.nanoTime() - t0) / 1_000_000);
                node.await(Pattern.compile("(?i).*\"event\":\"friend_added\",\"friend\":\"" + c.publicKey()
                        + "\",\"number\":0,\"confirmed\":true.*"), T); // the bot accepted the request

                List<String> texts = List.of("hello", "grüße aus C ✓ 🦜", "  spaces kept  ", "x".repeat(1372),
                        "line one\nline two");
                for (String text : texts) {
                    int m = c.mark();
                    c.sendMessage(bot, text);
                    Event e = c.awaitEventAfter(m, "echo of " + text.substring(0, Math.min(20, text.length())),
                            ev -> ev.is("friend_message") && ev.has("friend", "" + bot), T);
                    assertEquals(text, e.text("text"));
                    assertEquals("normal", e.get("type"));
                }
                int m = c.mark();
                c.sendAction(bot, "waves at the bot");
                Event action = c.awaitEventAfter(m, "echoed action",
                        ev -> ev.is("friend_message") && ev.has("friend", "" + bot), T);
                assertEquals("waves at the bot", action.text("text"));
                assertEquals("action", action.get("type"));

                // Benchmark, 5 rounds: the bot goes (no echo then), then the jar lands again; the
                // peer sends a message every 100 ms until the first echo comes back.
                List<Long> rounds = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    int beforeDelete = node.mark();
                    Files.delete(dropped);
                    node.awaitAfter(beforeDelete, Pattern.compile(".*bot echo stopped.*"), T);
                    int quiet = c.mark();
                    c.sendMessage(bot, "anyone there? " + round);
                    Thread.sleep(1000); // how long we look for an echo that must not come
                    assertTrue(!messageSince(c, quiet, bot), "no echo without the bot");
                    int before = c.mark();
                    long landed = System.nanoTime();
                    dropped = drop(jar, home.resolve("addons"));
                    long answered = -1;
                    for (int i = 0; i < 100 && answered < 0; i++) {
                        c.sendMessage(bot, "ping " + round + "." + i);
                        long until = System.nanoTime() + 100_000_000L;
                        while (System.nanoTime() < until && answered < 0) {
                            if (messageSince(c, before, bot)) {
                                answered = System.nanoTime();
                            } else {
                                Thread.sleep(5);
                            }
                        }
                    }
                    assertTrue(answered > 0, "the dropped-in bot never answered");
                    rounds.add((answered - landed) / 1_000_000);
                }
                List<Long> sorted = rounds.stream().sorted().toList();
                System.out.printf("[echo %s] BENCH jar in addons/ -> first echo at the c-toxcore peer: %s ms"
                        + " (min %d, median %d, max %d)%n", version, rounds, sorted.get(0), sorted.get(2), sorted.get(4));
            }
        } finally {
            for (ParleyMessengerNode n : helpers) {
                n.close();
            }
        }
    }

    /** Whether the peer got a message from {@code friend} since {@code mark}. */
    static boolean messageSince(ToxPeer c, int mark, int friend) {
        List<Event> events = c.events();
        return events.subList(Math.min(mark, events.size()), events.size()).stream()
                .anyMatch(ev -> ev.is("friend_message") && ev.has("friend", "" + friend));
    }

    /** Copies a jar beside the folder, then moves it in, so the folder never holds half a jar. */
    static Path drop(Path jar, Path addons) throws IOException {
        Path partial = Files.createTempFile(addons.getParent(), "drop-", ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(partial, addons.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    static Path sample(Path home, String artifact) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("samples"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample " + artifact + " in " + home));
        }
    }

    static Path copyDistribution(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
