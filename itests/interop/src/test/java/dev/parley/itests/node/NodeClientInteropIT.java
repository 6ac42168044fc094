package dev.parley.itests.node;

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
import dev.parley.profile.ToxSave;
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
 * {@code bin/parley-node --profile} as a headless Tox client, driven only through its console and
 * watched only through its event stream, against c-toxcore: the profile is created, a c-toxcore
 * user's request arrives as a {@code friend_request} event and is accepted with
 * {@code parley:accept}, messages and receipts cross both ways, the node's own request to a second
 * c-toxcore user is accepted there, and after a restart from the same file the node has the same
 * address and both friendships come back.
 */
@ExtendWith(RigExtension.class)
class NodeClientInteropIT {
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(30);
    static final Pattern PROFILE = Pattern.compile(
            ".*\\{\"ts\":\\d+,\"event\":\"profile\",\"name\":\"([^\"]*)\",\"address\":\"([0-9A-F]{76})\",\"created\":(true|false),\"friends\":(\\d+)\\}");

    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void headlessClientBefriendsAndChatsWithToxcore(String version, Rig rig) throws Exception {
        Path dir = rig.dir().resolve("node-client-" + version);
        Path profile = dir.resolve("profiles/bot.tox");
        List<ParleyMessengerNode> helpers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ParleyMessengerNode h = new ParleyMessengerNode("nch" + i + version, ToxSave.generate(), OutboxStore.none());
                h.bootstrap(rig.bootstrapd().host(), rig.bootstrapd().port(), rig.bootstrapd().publicKey());
                helpers.add(h);
            }
            String address;
            String carolKey;
            try (ParleyNodeProcess node = ParleyNodeProcess.startWithConsole(dir, bootstrapFlags(rig, helpers,
                    "--profile", profile.toString(), "--name", "Node Bot"))) {
                Matcher p = node.await(PROFILE, T);
                assertEquals("Node Bot", p.group(1));
                assertEquals("true", p.group(3), "the profile is created on first start");
                address = p.group(2);

                // c-toxcore -> node: the request shows up as an event and is accepted at the console.
                ToxPeer bob = peer(rig, helpers, version, "ncbob" + version);
                int nodeOnBob = bob.addFriend(address, "hello node, ça va? 👋");
                Matcher request = node.await(Pattern.compile(".*\"event\":\"friend_request\",\"index\":(\\d+),\"public_key\":\""
                        + bob.publicKey() + "\",\"message\":\"hello node, ça va\\? 👋\".*"), CONNECT);
                node.command("parley:accept " + request.group(1));
                node.await(Pattern.compile(".*\"event\":\"friend_added\",\"friend\":\"" + bob.publicKey() + "\".*"), T);
                node.await(Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + bob.publicKey()
                        + "\",\"status\":\"udp\".*"), CONNECT);
                bob.awaitEvent("node online", e -> e.is("friend_connection") && e.has("friend", "" + nodeOnBob)
                        && !e.has("status", "none"), CONNECT);

                bob.sendMessage(nodeOnBob, "ping from c-toxcore");
                node.await(Pattern.compile(".*\"event\":\"message\",\"friend\":\"" + bob.publicKey()
                        + "\",\"kind\":\"normal\",\"text\":\"ping from c-toxcore\".*"), T);
                int mark = bob.mark();
                node.command("parley:send " + bob.publicKey() + " pong from parley-node");
                assertEquals("pong from parley-node", bob.awaitEventAfter(mark, "message",
                        e -> e.is("friend_message") && e.has("friend", "" + nodeOnBob), T).text("text"));
                node.await(Pattern.compile(".*\"event\":\"receipt\",\"friend\":\"" + bob.publicKey() + "\",\"message_id\":\\d+.*"), T);
                bob.setName("Bob C");
                node.await(Pattern.compile(".*\"event\":\"friend_name\",\"friend\":\"" + bob.publicKey() + "\",\"name\":\"Bob C\".*"), T);

                // node -> c-toxcore: the node's request is accepted on the other side.
                ToxPeer carol = peer(rig, helpers, version, "nccarol" + version);
                carolKey = carol.publicKey();
                node.command("parley:add " + carol.address() + " from the headless node");
                Event r = carol.awaitEvent("request", Event.of("friend_request", "public_key", address.substring(0, 64)), CONNECT);
                assertEquals("from the headless node", r.text("message"));
                int nodeOnCarol = carol.acceptFriend(address.substring(0, 64));
                node.await(Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + carolKey
                        + "\",\"status\":\"udp\".*"), CONNECT);
                carol.awaitEvent("node online", e -> e.is("friend_connection") && e.has("friend", "" + nodeOnCarol)
                        && !e.has("status", "none"), CONNECT);
                carol.sendMessage(nodeOnCarol, "hi back");
                node.await(Pattern.compile(".*\"event\":\"message\",\"friend\":\"" + carolKey + "\",\"kind\":\"normal\",\"text\":\"hi back\".*"), T);
                assertMalformedFree(node);
            }

            // Restart from the same file: same address, both friends, no --name needed.
            try (ParleyNodeProcess node = ParleyNodeProcess.startWithConsole(dir.resolve("again"), bootstrapFlags(rig, helpers,
                    "--profile", profile.toString()))) {
                Matcher p = node.await(PROFILE, T);
                assertEquals(address, p.group(2));
                assertEquals("false", p.group(3));
                assertEquals("2", p.group(4), "both friendships were saved");
                ToxPeer bob = rig.peers().stream().filter(x -> x.name().equals("ncbob" + version)).findFirst().orElseThrow();
                node.await(Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + bob.publicKey()
                        + "\",\"status\":\"udp\".*"), CONNECT);
                int mark = bob.mark();
                node.command("parley:send " + bob.publicKey() + " back again");
                bob.awaitEventAfter(mark, "message after restart", e -> e.is("friend_message") && e.text("text").equals("back again"), T);
            }
        } finally {
            helpers.forEach(ParleyMessengerNode::close);
        }
    }

    private static String[] bootstrapFlags(Rig rig, List<ParleyMessengerNode> helpers, String... more) {
        List<String> flags = new ArrayList<>(List.of(more));
        flags.addAll(List.of("--bootstrap", rig.bootstrapd().host() + ":" + rig.bootstrapd().port() + ":"
                + rig.bootstrapd().publicKey()));
        for (ParleyMessengerNode h : helpers) {
            flags.addAll(List.of("--bootstrap", "127.0.0.1:" + h.port() + ":" + h.dhtKeyHex()));
        }
        return flags.toArray(String[]::new);
    }

    private static ToxPeer peer(Rig rig, List<ParleyMessengerNode> helpers, String version, String name) {
        ToxPeer c = rig.peer(version, name);
        for (ParleyMessengerNode h : helpers.subList(0, 2)) {
            c.bootstrap("127.0.0.1", h.port(), h.dhtKeyHex());
        }
        return c;
    }

    /** The node's log has no line about a dropped malformed packet of the chat's kinds. */
    private static void assertMalformedFree(ParleyNodeProcess node) {
        for (String line : node.lines()) {
            assertTrue(!line.contains("malformed"), "the node reported a malformed packet: " + line);
        }
    }
}
