package dev.parley.itests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.itests.rig.Bootstrapd;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transport swap benchmark (issue 9; docs/BENCHMARKS.md), run only by
 * {@code mvn -pl itests/interop -Pbench verify}. A {@code bin/parley-node --profile} with
 * {@code tox-bootstrapd}'s relay chats over UDP with a peer that uses the same relay: a c-toxcore
 * 0.2.20 peer, then a second {@code bin/parley-node}. Each repetition stops the node's bundle
 * {@code dev.parley.transport.udp} at its console, waits until the node's process holds no UDP
 * socket any more and then sends one message each way; it times, from the {@code stop} command:
 * the socket closing, the node's message arriving at the peer, the peer's arriving at the node,
 * and both sides reporting the friend connection as {@code tcp}. Then
 * the bundle is started again and the time until both report {@code udp} is taken. At the end
 * every message of every repetition must have arrived exactly once.
 */
@ExtendWith(RigExtension.class)
class TransportSwapBench {
    static final int REPETITIONS = Integer.getInteger("parley.bench.swaps", 5);
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Duration T = Duration.ofSeconds(40);

    /** The other end of the conversation. */
    interface Peer {
        String address();

        String publicKey();

        /** Sends; the text must arrive at the node. */
        void send(String text) throws Exception;

        int mark();

        /** Waits for the node's message {@code text} after {@code mark}. */
        void awaitMessage(int mark, String text, Duration deadline) throws Exception;

        /** Waits until the peer reports its connection with the node as {@code status}. */
        void awaitStatus(int mark, String status, Duration deadline) throws Exception;

        long count(String text);
    }

    @Test
    void cToxcorePeer(Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require("0.2.20");
        try (ParleyNodeProcess node = node(rig, lib, "swap-bench-c")) {
            String pk = node.await(TransportSwapInteropIT.NodeEvents.PROFILE, T).group(2).substring(0, 64);
            ToxPeer carol = rig.peer(lib, "carol");
            Rig.awaitOnline(carol, WAIT);
            node.command("parley:add " + carol.address() + " bench");
            carol.awaitEvent("request", Event.of("friend_request", "public_key", pk), WAIT);
            int friend = carol.acceptFriend(pk);
            Peer peer = new Peer() {
                @Override
                public String address() {
                    return carol.address();
                }

                @Override
                public String publicKey() {
                    return carol.publicKey();
                }

                @Override
                public void send(String text) {
                    carol.sendMessage(friend, text);
                }

                @Override
                public int mark() {
                    return carol.mark();
                }

                @Override
                public void awaitMessage(int mark, String text, Duration deadline) {
                    carol.awaitEventAfter(mark, text, e -> e.is("friend_message") && text.equals(e.text("text")), deadline);
                }

                @Override
                public void awaitStatus(int mark, String status, Duration deadline) {
                    carol.awaitEventAfter(mark, status, e -> e.is("friend_connection") && e.has("friend", "" + friend)
                            && e.has("status", status), deadline);
                }

                @Override
                public long count(String text) {
                    return carol.events().stream().filter(e -> e.is("friend_message") && text.equals(e.text("text"))).count();
                }
            };
            run("c-toxcore 0.2.20", node, peer);
        }
    }

    @Test
    void parleyPeer(Rig rig) throws Exception {
        Toxcore.Installation lib = Toxcore.require("0.2.20");
        try (ParleyNodeProcess node = node(rig, lib, "swap-bench-p");
                ParleyNodeProcess other = node(rig, lib, "swap-bench-q")) {
            String pk = node.await(TransportSwapInteropIT.NodeEvents.PROFILE, T).group(2).substring(0, 64);
            String otherAddress = other.await(TransportSwapInteropIT.NodeEvents.PROFILE, T).group(2);
            String otherKey = otherAddress.substring(0, 64);
            node.command("parley:add " + otherAddress + " bench");
            String index = other.await(Pattern.compile(".*\"event\":\"friend_request\",\"index\":(\\d+),\"public_key\":\""
                    + pk + "\".*"), WAIT).group(1);
            other.command("parley:accept " + index);
            Peer peer = new Peer() {
                @Override
                public String address() {
                    return otherAddress;
                }

                @Override
                public String publicKey() {
                    return otherKey;
                }

                @Override
                public void send(String text) throws Exception {
                    other.command("parley:send " + pk + " " + text);
                }

                @Override
                public int mark() {
                    return other.mark();
                }

                @Override
                public void awaitMessage(int mark, String text, Duration deadline) throws Exception {
                    other.awaitAfter(mark, message(pk, text), deadline);
                }

                @Override
                public void awaitStatus(int mark, String status, Duration deadline) throws Exception {
                    other.awaitAfter(mark, connection(pk, status), deadline);
                }

                @Override
                public long count(String text) {
                    Pattern p = message(pk, text);
                    return other.lines().stream().filter(l -> p.matcher(l).matches()).count();
                }
            };
            run("Parley", node, peer);
        }
    }

    private static ParleyNodeProcess node(Rig rig, Toxcore.Installation lib, String name) throws Exception {
        Bootstrapd d = rig.bootstrapd();
        List<String> flags = new ArrayList<>(List.of("--profile", rig.dir().resolve(name + "/bot.tox").toString(),
                "--name", name, "--relay", d.host() + ":" + d.tcpPort() + ":" + d.publicKey(),
                "--bootstrap", d.host() + ":" + d.port() + ":" + d.publicKey()));
        for (ToxPeer p : dhtPeers(rig, lib)) {
            flags.addAll(List.of("--bootstrap", "127.0.0.1:" + p.udpPort() + ":" + p.dhtKey()));
        }
        return ParleyNodeProcess.startWithConsole(rig.dir().resolve(name), flags.toArray(String[]::new));
    }

    private static synchronized List<ToxPeer> dhtPeers(Rig rig, Toxcore.Installation lib) {
        List<ToxPeer> out = new ArrayList<>();
        for (ToxPeer p : rig.peers()) {
            if (p.name().startsWith("dht")) {
                out.add(p);
            }
        }
        for (int i = out.size(); i < 2; i++) {
            out.add(rig.peer(lib, "dht" + i));
        }
        return out;
    }

    static Pattern message(String from, String text) {
        return Pattern.compile(".*\"event\":\"message\",\"friend\":\"" + from + "\",\"kind\":\"normal\",\"text\":\""
                + Pattern.quote(text) + "\".*");
    }

    static Pattern connection(String friend, String status) {
        return Pattern.compile(".*\"event\":\"friend_connection\",\"friend\":\"" + friend + "\",\"status\":\"" + status
                + "\".*");
    }

    private static void run(String label, ParleyNodeProcess node, Peer peer) throws Exception {
        node.awaitAfter(0, connection(peer.publicKey(), "udp"), WAIT);
        peer.awaitStatus(0, "udp", WAIT);
        node.command("lb -s");
        String id = node.await(TransportSwapInteropIT.BUNDLE, T).group(1);
        List<String> fromNode = new ArrayList<>();
        List<String> fromPeer = new ArrayList<>();
        List<long[]> results = new ArrayList<>();
        for (int r = 0; r < REPETITIONS; r++) {
            final int nm = node.mark();
            final int pm = peer.mark();
            String a = "swap " + r + " from node";
            String b = "swap " + r + " from peer";
            long t0 = System.nanoTime();
            node.command("stop " + id);
            long deadline = t0 + T.toNanos();
            while (!node.udpSockets().isEmpty()) { // until the socket is really gone
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the UDP socket stayed open");
                }
                Thread.sleep(5);
            }
            long closed = (System.nanoTime() - t0) / 1_000_000;
            node.command("parley:send " + peer.publicKey() + " " + a);
            peer.send(b);
            fromNode.add(a);
            fromPeer.add(b);
            CompletableFuture<Long> atPeer = timed(t0, () -> peer.awaitMessage(pm, a, WAIT));
            CompletableFuture<Long> atNode = timed(t0, () -> node.awaitAfter(nm, message(peer.publicKey(), b), WAIT));
            CompletableFuture<Long> tcp = timed(t0, () -> {
                node.awaitAfter(nm, connection(peer.publicKey(), "tcp"), WAIT);
                peer.awaitStatus(pm, "tcp", WAIT);
            });
            long[] row = {closed, atPeer.get(150, TimeUnit.SECONDS), atNode.get(150, TimeUnit.SECONDS),
                tcp.get(150, TimeUnit.SECONDS), 0};
            int nm1 = node.mark();
            int pm1 = peer.mark();
            long t1 = System.nanoTime();
            node.command("start " + id);
            node.awaitAfter(nm1, connection(peer.publicKey(), "udp"), WAIT);
            peer.awaitStatus(pm1, "udp", WAIT);
            row[4] = (System.nanoTime() - t1) / 1_000_000;
            results.add(row);
            System.out.printf(Locale.ROOT, "[swap bench %s] #%d socket closed %d ms, node->peer %d ms, peer->node %d ms,"
                    + " both tcp %d ms; after start both udp %d ms%n", label, r, row[0], row[1], row[2], row[3], row[4]);
        }
        Thread.sleep(2000);
        for (String text : fromNode) {
            assertEquals(1, peer.count(text), "'" + text + "' once at the peer");
        }
        for (String text : fromPeer) {
            Pattern p = message(peer.publicKey(), text);
            assertEquals(1, node.lines().stream().filter(l -> p.matcher(l).matches()).count(), "'" + text + "' once at the node");
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 5; c++) {
            List<Long> col = new ArrayList<>();
            for (long[] row : results) {
                col.add(row[c]);
            }
            col.sort(null);
            sb.append(String.format(Locale.ROOT, " %s median %d (min %d, max %d) ms;",
                    new String[] {"socket closed", "node->peer", "peer->node", "both tcp", "back to udp"}[c], col.get(col.size() / 2),
                    col.get(0), col.get(col.size() - 1)));
        }
        System.out.printf(Locale.ROOT, "[swap bench %s] %d swaps:%s nothing lost or doubled%n", label, REPETITIONS, sb);
    }

    interface Wait {
        void run() throws Exception;
    }

    private static CompletableFuture<Long> timed(long t0, Wait w) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                w.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return (System.nanoTime() - t0) / 1_000_000;
        });
    }
}
