package dev.parley.itests.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.PacketKind;
import dev.parley.itests.rig.PrivateNetwork;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.net.ForwardingTransport;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.Transport;
import dev.parley.net.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LAN discovery between c-toxcore and Parley, each way, with no bootstrap node at all, on a LAN of
 * the test's own making: the c-toxcore peer runs in a network namespace of its own (a child of the
 * test JVM's private one), joined to the test JVM's namespace by a veth pair, 10.77.0.2/24 on its
 * side and 10.77.0.1/24 on Parley's. Broadcasts to 10.77.0.255 cross the veth as they would cross
 * an Ethernet segment; neither namespace has any other interface than its own {@code lo}, so
 * nothing leaves the machine.
 *
 * <p>Each test lets only one side's discovery packets through (the other side's are dropped by a
 * filter on Parley's socket), so the test shows which side found which.
 */
class LanDiscoveryInteropIT {

    static final String HOST_IF = "plan0";
    static final String PEER_IF = "plan1";
    static final String HOST_IP = "10.77.0.1";
    static final String PEER_IP = "10.77.0.2";
    static final Duration FIND = Duration.ofSeconds(60);

    static List<String> versions() {
        return Toxcore.versions();
    }

    /**
     * Only inside the private namespace that itests/netns/bin/java makes (PrivateNetwork);
     * anywhere else this test would add interfaces to a real host.
     */
    @BeforeAll
    static void onlyInAPrivateNamespace() {
        Assumptions.assumeTrue(PrivateNetwork.isOurs(), "not in the test JVM's private network namespace (interfaces "
                + PrivateNetwork.interfaces() + "): not touching this host's network");
    }

    /** Parley broadcasts, c-toxcore answers; c-toxcore's own discovery packets never reach Parley's DHT. */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void cToxcoreAnswersParleysLanDiscovery(String version) throws Exception {
        try (Lan lan = new Lan("answers-parley-" + version, true, false)) {
            lan.startPeer(version);
            List<NodeInfo> close = lan.awaitPeerInCloseList();
            // Parley's own broadcasts loop back to it too: only the peer's count here. Its first
            // may go out before the veth is up, the next 10 s later, so this is waited for.
            lan.await("a LAN discovery packet from c-toxcore", () -> lan.filter.droppedPeerDiscovery > 0);
            assertTrue(lan.net.counters(PacketKind.LAN_DISCOVERY).sent() > 0);
            assertEquals(0, lan.net.counters(PacketKind.LAN_DISCOVERY).received());
            // c-toxcore spoke first, with a nodes request (its answer to a LAN discovery packet):
            // Parley had sent nothing to its address before.
            assertEquals(List.of(), lan.filter.sentToPeerBeforeHeard, "Parley wrote to the peer before hearing from it");
            assertEquals(PacketKind.NODES_REQUEST, lan.filter.firstKindFromPeer);
            assertEquals(0, lan.net.counters(PacketKind.NODES_REQUEST).malformed());
            lan.assertPeerAtItsPort(close);
        }
    }

    /** c-toxcore broadcasts, Parley answers; Parley's own discovery packets never leave it. */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("versions")
    void parleyAnswersCToxcoresLanDiscovery(String version) throws Exception {
        try (Lan lan = new Lan("parley-answers-" + version, false, true)) {
            lan.startPeer(version);
            List<NodeInfo> close = lan.awaitPeerInCloseList();
            assertTrue(lan.net.counters(PacketKind.LAN_DISCOVERY).received() > 0, "no LAN discovery packet from c-toxcore");
            assertEquals(0, lan.net.counters(PacketKind.LAN_DISCOVERY).malformed());
            // Parley's own first broadcast comes with its first DHT tick, which may still be ahead
            // when c-toxcore's broadcast has already made them meet.
            lan.await("a LAN discovery packet from Parley (it had discovery on)",
                    () -> lan.filter.droppedOutgoingDiscovery > 0);
            // Parley spoke first, with a nodes request, after c-toxcore's broadcast reached it.
            assertEquals(PacketKind.LAN_DISCOVERY, lan.filter.firstKindFromPeer);
            assertEquals(PacketKind.NODES_REQUEST, lan.filter.firstKindToPeer);
            lan.assertPeerAtItsPort(close);
            // And c-toxcore keeps Parley: it pings it (its answer to a node that asked it).
            lan.await("a ping from c-toxcore", () -> lan.net.counters(PacketKind.PING_REQUEST).received() > 0);
        }
    }

    /** Parley's socket with a filter that can drop LAN discovery one way and notes who spoke first. */
    static final class Filter extends ForwardingTransport {
        final boolean dropIncoming;
        final boolean dropOutgoing;
        final InetAddress peer;
        /** LAN discovery packets from the c-toxcore peer that the filter kept from Parley. */
        volatile int droppedPeerDiscovery;
        volatile int droppedOutgoingDiscovery;
        /** The kind of the first datagram from the peer that got past the filter. */
        volatile Integer firstKindFromPeer;
        volatile Integer firstKindToPeer;
        final List<Integer> sentToPeerBeforeHeard = Collections.synchronizedList(new ArrayList<>());
        /** Where the LAN discovery packets that reached Parley's socket came from. */
        final java.util.Set<InetSocketAddress> discoveryFrom = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Filter(Transport t, boolean dropIncoming, boolean dropOutgoing) throws IOException {
            super(t);
            this.dropIncoming = dropIncoming;
            this.dropOutgoing = dropOutgoing;
            this.peer = InetAddress.getByName(PEER_IP);
        }

        private boolean fromPeer(InetAddress a) {
            return a.equals(peer) || a.getHostAddress().equals("::ffff:" + PEER_IP);
        }

        @Override
        public void start(Receiver r) {
            inner.start((from, data) -> {
                int kind = data.length == 0 ? -1 : data[0] & 0xff;
                if (kind == PacketKind.LAN_DISCOVERY) {
                    discoveryFrom.add(from);
                }
                if (dropIncoming && kind == PacketKind.LAN_DISCOVERY) {
                    if (fromPeer(from.getAddress())) {
                        droppedPeerDiscovery++;
                    }
                    return;
                }
                if (fromPeer(from.getAddress()) && firstKindFromPeer == null) {
                    firstKindFromPeer = kind;
                }
                r.receive(from, data);
            });
        }

        @Override
        public boolean send(InetSocketAddress to, byte[] data) {
            int kind = data[0] & 0xff;
            if (dropOutgoing && kind == PacketKind.LAN_DISCOVERY) {
                droppedOutgoingDiscovery++;
                return true;
            }
            if (fromPeer(to.getAddress())) {
                if (firstKindToPeer == null) {
                    firstKindToPeer = kind;
                }
                if (firstKindFromPeer == null) {
                    sentToPeerBeforeHeard.add(kind);
                }
            }
            return inner.send(to, data);
        }
    }

    /** One LAN: Parley in the test JVM's namespace, a c-toxcore peer in its own, a veth between. */
    static final class Lan implements AutoCloseable {
        final Path dir;
        final ThreadEventLoop loop;
        final Filter filter;
        final PacketNetwork net;
        final DhtService dht;
        ToxPeer peer;

        Lan(String name, boolean dropIncoming, boolean dropOutgoing) throws Exception {
            dir = Paths.get(System.getProperty("parley.rig.dir", "target/rig")).toAbsolutePath().resolve("lan-" + name);
            Files.createDirectories(dir);
            loop = new ThreadEventLoop("parley-lan");
            // c-toxcore sends to the default port every time and to 10 more of the range in turn.
            filter = new Filter(UdpTransport.bind(UdpTransport.Options.defaults().withPorts(33445, 33455)),
                    dropIncoming, dropOutgoing);
            net = new PacketNetwork(loop, filter);
            dht = Dht.start(net, DhtOptions.defaults().withLanDiscovery(true));
        }

        DhtKey peerKey() {
            return DhtKey.fromHex(peer.dhtKey());
        }

        /** Starts the peer in a new namespace and links it to ours; returns once it runs. */
        void startPeer(String version) throws Exception {
            Path pidFile = dir.resolve("netns.pid");
            Files.deleteIfExists(pidFile);
            String script = "echo $$ > netns.pid; ip link set lo up || exit 2; n=0; "
                    + "until ip link show " + PEER_IF + " >/dev/null 2>&1; do n=$((n+1)); [ $n -gt 600 ] && exit 3; sleep 0.05; done; "
                    + "ip addr add " + PEER_IP + "/24 brd + dev " + PEER_IF + " && ip link set " + PEER_IF + " up && exec \"$@\"";
            CompletableFuture<Void> link = CompletableFuture.runAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the peer's namespace did not start");
                        }
                        Thread.sleep(20);
                    }
                    String pid = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
                    PrivateNetwork.ip("link", "add", HOST_IF, "type", "veth", "peer", "name", PEER_IF, "netns", pid);
                    PrivateNetwork.ip("addr", "add", HOST_IP + "/24", "brd", "+", "dev", HOST_IF);
                    PrivateNetwork.ip("link", "set", HOST_IF, "up");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            peer = ToxPeer.start(Toxcore.require(version), "lan-peer", dir,
                    List.of("unshare", "-n", "sh", "-c", script, "sh"), List.of("--lan"));
            link.get(5, TimeUnit.SECONDS);
        }

        /** The close list has the peer at the port it bound. */
        void assertPeerAtItsPort(List<NodeInfo> close) {
            NodeInfo n = close.stream().filter(i -> i.key().equals(peerKey())).findFirst().orElseThrow();
            assertEquals(peer.udpPort(), n.address().getPort());
        }

        List<NodeInfo> awaitPeerInCloseList() throws Exception {
            long deadline = System.nanoTime() + FIND.toNanos();
            while (true) {
                List<NodeInfo> close = dht.closeNodes().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (close.stream().anyMatch(n -> n.key().equals(peerKey()))) {
                    return close;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("c-toxcore not in Parley's close list within " + FIND + ": " + close
                            + "; counters " + net.counters() + "\n" + peer.tail(30));
                }
                Thread.sleep(200); // polling; the deadline decides
            }
        }

        void await(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
            long deadline = System.nanoTime() + FIND.toNanos();
            while (!ok.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(what + " not within " + FIND + "; counters " + net.counters());
                }
                Thread.sleep(200);
            }
        }

        @Override
        public void close() {
            System.out.println("LAN discovery packets reached Parley from " + filter.discoveryFrom);
            if (peer != null) {
                peer.close();
            }
            net.close();
            loop.close();
            try {
                // Gone with the peer's namespace already, as a rule; make sure.
                Process p = new ProcessBuilder("ip", "link", "del", HOST_IF).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // nothing to remove
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
