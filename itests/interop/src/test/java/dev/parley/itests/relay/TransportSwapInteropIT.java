package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UDP transport swapped out and back in while a conversation runs (issue 9), against
 * c-toxcore: {@code bin/parley-node --profile} (UDP on, {@code tox-bootstrapd}'s TCP relay
 * configured) and a c-toxcore peer (UDP on, the same relay) become friends and chat over UDP.
 * The bundle {@code dev.parley.transport.udp} is stopped at the node's console while both keep
 * sending: the node's socket is gone, the friend connection moves to the relay (both sides
 * report {@code tcp}) and the conversation goes on. The bundle is started again: a new socket,
 * and the session returns to UDP (both report {@code udp}). Every message of every phase arrives
 * exactly once and every one gets its receipt.
 */
@ExtendWith(RigExtension.class)
class TransportSwapInteropIT {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(40);
    static final Pattern BUNDLE = Pattern.compile("\\s*(\\d+)\\|Active\\s*\\|\\s*\\d+\\|dev\\.parley\\.transport\\.udp\\b.*");
    static final Pattern SENT = Pattern.compile("sent\\s+\\d+\\s+(\\d+)\\s*");

    static List<String> versions() {
        return Toxcore.EXPECTED_VERSIONS;
    }

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void udpTransportStoppedAndStartedWhileChatting(String version, Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require(version);
        Bootstrapd d = rig.bootstrapd();
        List<String> flags = new ArrayList<>(List.of("--profile", rig.dir().resolve("swap/bot.tox").toString(),
                "--name", "Swap Bot", "--relay", d.host() + ":" + d.tcpPort() + ":" + d.publicKey(),
                "--bootstrap", d.host() + ":" + d.port() + ":" + d.publicKey()));
        for (int i = 0; i < 2; i++) {
            ToxPeer p = rig.peer(lib, "dht" + i);
            flags.addAll(List.of("--bootstrap", "127.0.0.1:" + p.udpPort() + ":" + p.dhtKey()));
        }
        Path dir = rig.dir().resolve("transport-swap-" + version);
        try (ParleyNodeProcess node = ParleyNodeProcess.startWithConsole(dir, flags.toArray(String[]::new))) {
            String pk = node.await(NodeEvents.PROFILE, T).group(2).substring(0, 64);
            ToxPeer carol = rig.peer(lib, "carol"); // UDP on, bootstrapped, with the daemon's relay
            Rig.awaitOnline(carol, WAIT);
            Conversation talk = new Conversation(node, carol);
            node.command("parley:add " + carol.address() + " swap test");
            carol.awaitEvent("request", Event.of("friend_request", "public_key", pk), WAIT);
            talk.friend = carol.acceptFriend(pk);
            talk.carolKey = carol.publicKey();
            talk.awaitStatus(0, 0, "udp", WAIT);
            talk.exchange("udp", 3);

            // Stop the UDP transport bundle while both keep talking.
            node.command("lb -s");
            String id = node.await(BUNDLE, T).group(1);
            talk.burst("before stop", 3);
            int nodeMark = node.mark();
            int carolMark = carol.mark();
            long t0 = System.nanoTime();
            node.command("stop " + id);
            talk.burst("while stopping", 10);
            node.awaitAfter(nodeMark, Pattern.compile(".*\"event\":\"transport\",\"kind\":\"tcp-relay-only\".*"), T);
            talk.awaitStatus(nodeMark, carolMark, "tcp", WAIT);
            System.out.printf("[swap %s] both sides on the relay %d ms after stop%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            node.awaitAfter(nodeMark, Pattern.compile(".*\"event\":\"self_connection\",\"status\":\"tcp\".*"), T);
            assertEquals(List.of(), node.udpSockets(), "the node holds no UDP socket while the bundle is stopped");
            talk.exchange("over the relay", 3);

            // Start it again: a new socket, and the session returns to UDP.
            nodeMark = node.mark();
            carolMark = carol.mark();
            t0 = System.nanoTime();
            node.command("start " + id);
            talk.burst("while starting", 5);
            node.awaitAfter(nodeMark, Pattern.compile(".*\"event\":\"transport\",\"kind\":\"udp\",\"udp_port\":"
                    + node.udpPort() + ".*"), T);
            talk.awaitStatus(nodeMark, carolMark, "udp", WAIT);
            System.out.printf("[swap %s] both sides back on UDP %d ms after start%n", version,
                    (System.nanoTime() - t0) / 1_000_000);
            assertEquals(List.of(node.udpPort()), node.udpSockets(), "one UDP socket again, on the configured port");
            talk.exchange("udp again", 3);

            talk.assertEachDeliveredOnceWithReceipts(T);
            for (String line : node.lines()) {
                assertTrue(!line.contains("malformed"), "the node reported a malformed packet: " + line);
            }
        }
    }

    /** Events of {@code bin/parley-node} this test waits for. */
    static final class NodeEvents {
        static final Pattern PROFILE = Pattern.compile(
                ".*\\{\"ts\":\\d+,\"event\":\"profile\",\"name\":\"([^\"]*)\",\"address\":\"([0-9A-F]{76})\".*");

        private NodeEvents() {
        }
    }

    /**
     * The messages of one conversation between the node (driven through its console) and a
     * c-toxcore peer, and the checks that each arrived once with a receipt.
     */
    static final class Conversation {
        final ParleyNodeProcess node;
        final ToxPeer carol;
        int friend;
        String carolKey;
        final List<String> sentByNode = new ArrayList<>();
        final List<String> sentByCarol = new ArrayList<>();
        final List<Integer> carolIds = new ArrayList<>();
        int sentByNodeCount;

        Conversation(ParleyNodeProcess node, ToxPeer carol) {
            this.node = node;
            this.carol = carol;
        }

        /** Waits until both sides report the friend connection as {@code status}. */
        void awaitStatus(int nodeMark, int carolMark, String status, Duration deadline) throws Exception {
            node.awaitAfter(nodeMark, Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + carolKey
                    + "\",\"status\":\"" + status + "\".*"), deadline);
            carol.awaitEventAfter(carolMark, "friend connection " + status, e -> e.is("friend_connection")
                    && e.has("friend", "" + friend) && e.has("status", status), deadline);
        }

        /** {@code n} messages each way, without waiting for them. */
        void burst(String phase, int n) throws Exception {
            for (int i = 0; i < n; i++) {
                sendFromNode(phase + " n" + i);
                sendFromCarol(phase + " c" + i);
            }
        }

        /** {@code n} round trips: each message awaited at the other side before the next. */
        void exchange(String phase, int n) throws Exception {
            for (int i = 0; i < n; i++) {
                int nm = node.mark();
                String fromC = phase + " c" + i;
                sendFromCarol(fromC);
                node.awaitAfter(nm, messageAtNode(fromC), T);
                String fromN = phase + " n" + i;
                int cm = carol.mark();
                sendFromNode(fromN);
                carol.awaitEventAfter(cm, "message " + fromN, e -> e.is("friend_message") && fromN.equals(e.text("text")), T);
            }
        }

        private void sendFromNode(String text) throws Exception {
            node.command("parley:send " + carolKey + " " + text);
            sentByNode.add(text);
        }

        private void sendFromCarol(String text) {
            carolIds.add(carol.sendMessage(friend, text));
            sentByCarol.add(text);
        }

        private Pattern messageAtNode(String text) {
            return Pattern.compile(".*\"event\":\"message\",\"friend\":\"" + carolKey + "\",\"kind\":\"normal\",\"text\":\""
                    + Pattern.quote(text) + "\".*");
        }

        /** The message ids of the console's answers to parley:send so far. */
        private List<String> sentIds() {
            List<String> ids = new ArrayList<>();
            for (String line : node.lines()) {
                Matcher m = SENT.matcher(line);
                if (m.matches()) {
                    ids.add(m.group(1));
                }
            }
            return ids;
        }

        void assertEachDeliveredOnceWithReceipts(Duration deadline) throws Exception {
            long end = System.nanoTime() + deadline.toNanos();
            for (String text : sentByCarol) {
                node.await(messageAtNode(text), Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            for (String text : sentByNode) {
                carol.awaitEvent("message " + text, e -> e.is("friend_message") && text.equals(e.text("text")),
                        Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            for (int id : carolIds) {
                carol.awaitEvent("receipt " + id, Event.of("friend_read_receipt", "friend", "" + friend, "message_id",
                        "" + id), Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            // The console prints its answer after the send was handed to the loop, on another pipe
            // than carol's: the last answer may come after carol has the message.
            RelayClientNode.await(() -> sentIds().size() >= sentByNode.size(),
                    Math.max(1, (end - System.nanoTime()) / 1_000_000));
            List<String> ids = sentIds();
            assertEquals(sentByNode.size(), ids.size(), "the console answered every parley:send");
            for (String id : ids) {
                node.await(Pattern.compile(".*\"event\":\"receipt\",\"friend\":\"" + carolKey + "\",\"message_id\":" + id
                        + "\\b.*"), Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            Thread.sleep(1000); // a duplicate would come with the next retransmission: give it a moment
            for (String text : sentByCarol) {
                Pattern p = messageAtNode(text);
                assertEquals(1, node.lines().stream().filter(l -> p.matcher(l).matches()).count(),
                        "'" + text + "' once at the node");
            }
            for (String text : sentByNode) {
                assertEquals(1, carol.events().stream().filter(e -> e.is("friend_message") && text.equals(e.text("text")))
                        .count(), "'" + text + "' once at carol");
            }
        }
    }
}
