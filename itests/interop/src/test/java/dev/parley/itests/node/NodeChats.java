package dev.parley.itests.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.ToxPeer;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Friendship and chat between a {@code bin/parley-node --profile} process, driven through its
 * console and read from its JSON events, and a c-toxcore peer: either side asks, the other
 * accepts, both report the friend connection with the expected status, and a message with its
 * receipt crosses each way.
 */
public final class NodeChats {
    /** The node's {@code profile} event: group 1 the name, group 2 the Tox ID. */
    public static final Pattern PROFILE = Pattern.compile(
            ".*\\{\"ts\":\\d+,\"event\":\"profile\",\"name\":\"([^\"]*)\",\"address\":\"([0-9A-F]{76})\".*");

    private NodeChats() {
    }

    /** The peer sends the request (to the node's Tox ID), the node accepts, then messages both ways. */
    public static void peerAsks(ParleyNodeProcess node, String nodeAddress, ToxPeer peer, String status, String text,
            Duration wait, Duration t) throws Exception {
        int nodeOnPeer = peer.addFriend(nodeAddress, "hello node");
        var request = node.await(Pattern.compile(".*\"event\":\"friend_request\",\"index\":(\\d+),\"public_key\":\""
                + peer.publicKey() + "\".*"), wait);
        node.command("parley:accept " + request.group(1));
        chat(node, peer, nodeOnPeer, status, text, wait, t);
    }

    /** The node sends the request (to the peer's Tox ID), the peer accepts, then messages both ways. */
    public static void nodeAsks(ParleyNodeProcess node, String nodePublicKey, ToxPeer peer, String status, String text,
            Duration wait, Duration t) throws Exception {
        node.command("parley:add " + peer.address() + " from the node");
        peer.awaitEvent("request", Event.of("friend_request", "public_key", nodePublicKey), wait);
        chat(node, peer, peer.acceptFriend(nodePublicKey), status, text, wait, t);
    }

    private static void chat(ParleyNodeProcess node, ToxPeer peer, int nodeOnPeer, String status, String text,
            Duration wait, Duration t) throws Exception {
        node.await(Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + peer.publicKey()
                + "\",\"status\":\"" + status + "\".*"), wait);
        peer.awaitEvent("node online over " + status, e -> e.is("friend_connection") && e.has("friend", "" + nodeOnPeer)
                && e.has("status", status), wait);
        int id = peer.sendMessage(nodeOnPeer, text);
        node.await(Pattern.compile(".*\"event\":\"message\",\"friend\":\"" + peer.publicKey()
                + "\",\"kind\":\"normal\",\"text\":\"" + Pattern.quote(text) + "\".*"), t);
        peer.awaitEvent("receipt", Event.of("friend_read_receipt", "friend", "" + nodeOnPeer, "message_id", "" + id), t);
        int mark = peer.mark();
        int nodeMark = node.mark();
        node.command("parley:send " + peer.publicKey() + " back " + text);
        assertEquals("back " + text, peer.awaitEventAfter(mark, "message",
                e -> e.is("friend_message") && e.has("friend", "" + nodeOnPeer), t).text("text"));
        node.awaitAfter(nodeMark, Pattern.compile(".*\"event\":\"receipt\",\"friend\":\"" + peer.publicKey()
                + "\",\"message_id\":\\d+.*"), t);
    }
}
