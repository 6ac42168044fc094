package dev.parley.itests.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.wire.PacketKind;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.itests.rig.Toxcore;
import dev.parley.net.PacketCounters;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parley's DHT against c-toxcore, both ways, on loopback: Parley joins a c-toxcore DHT and is kept
 * by it; c-toxcore peers that know only Parley find each other through it and chat.
 */
@ExtendWith(RigExtension.class)
class DhtInteropIT {

    /** (a) Parley bootstraps off tox-bootstrapd and fills its close list with the c-toxcore peers. */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void parleyJoinsACToxcoreDht(String version, Rig rig) throws Exception {
        List<ToxPeer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(rig.peer(version, "p" + i + "-" + version));
        }
        try (ParleyDhtNode parley = new ParleyDhtNode("a", "127.0.0.1", null)) {
            parley.dht.bootstrap(new InetSocketAddress(rig.bootstrapd().host(), rig.bootstrapd().port()),
                    DhtKey.fromHex(rig.bootstrapd().publicKey()));
            List<NodeInfo> close = parley.awaitCloseList("bootstrapd and all 3 peers",
                    l -> ParleyDhtNode.containsKey(l, rig.bootstrapd().publicKey())
                            && peers.stream().allMatch(p -> ParleyDhtNode.containsKey(l, p.dhtKey())),
                    Duration.ofSeconds(45));
            for (ToxPeer p : peers) {
                NodeInfo n = close.stream().filter(x -> x.key().toHex().equals(p.dhtKey())).findFirst().orElseThrow();
                assertEquals(p.udpPort(), n.address().getPort(), "address Parley learnt for " + p.name());
            }
            // c-toxcore keeps Parley: it pings it and asks it for nodes, and Parley's answers to it
            // were accepted (they led it to ask again). Nothing c-toxcore sent failed to decode.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // A request is counted before its handler answers it, so the answers are waited for too.
            while (parley.counters(PacketKind.PING_REQUEST).received() == 0
                    || parley.counters(PacketKind.NODES_REQUEST).received() < peers.size()
                    || parley.counters(PacketKind.PING_RESPONSE).sent() == 0
                    || parley.counters(PacketKind.NODES_RESPONSE).sent() < peers.size()) {
                assertTrue(System.nanoTime() < deadline, "c-toxcore did not ping Parley, or Parley did not answer: "
                        + parley.net.counters());
                Thread.sleep(200);
            }
            for (int kind : new int[] {0x00, 0x01, 0x02, 0x04}) {
                PacketCounters c = parley.counters(kind);
                assertEquals(0, c.malformed(), "malformed " + c);
            }
        }
    }

    /**
     * (b) Five c-toxcore peers whose only bootstrap node is Parley find each other through it; two
     * become friends and exchange a message. They have no TCP relay, so only the DHT joins them.
     */
    @ParameterizedTest(name = "c-toxcore {0}")
    @MethodSource("dev.parley.itests.rig.Toxcore#requiredVersions")
    void cToxcorePeersMeetThroughParley(String version, Rig rig) throws Exception {
        try (ParleyDhtNode parley = new ParleyDhtNode("b", "127.0.0.1", null)) {
            List<ToxPeer> peers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ToxPeer p = rig.startPeer(Toxcore.require(version), "q" + i + "-" + version);
                p.bootstrap("127.0.0.1", parley.port(), parley.keyHex());
                peers.add(p);
            }
            parley.awaitCloseList("all 5 peers",
                    l -> peers.stream().allMatch(p -> ParleyDhtNode.containsKey(l, p.dhtKey())), Duration.ofSeconds(45));
            for (ToxPeer p : peers) {
                Rig.awaitOnline(p, Duration.ofSeconds(90));
            }
            Rig.Friendship f = rig.befriend(peers.get(0), peers.get(1), Duration.ofSeconds(120));
            int id = f.a().sendMessage(f.bOnA(), "found you through Parley");
            Event m = f.b().awaitEvent("message", Event.of("friend_message", "friend", "" + f.aOnB()), Duration.ofSeconds(30));
            assertEquals("found you through Parley", m.text("text"));
            f.a().awaitEvent(Event.of("friend_read_receipt", "message_id", "" + id), Duration.ofSeconds(30));
            for (int kind : new int[] {0x00, 0x01, 0x02, 0x04}) {
                assertEquals(0, parley.counters(kind).malformed(), "malformed " + parley.counters(kind));
            }
        }
    }

    /** (c) Parley's bootstrap info request to tox-bootstrapd returns its version and MOTD. */
    @Test
    void bootstrapInfoFromToxBootstrapd(Rig rig) throws Exception {
        try (ParleyDhtNode parley = new ParleyDhtNode("c", "127.0.0.1", null)) {
            Optional<DhtService.BootstrapInfo> info = parley.dht
                    .bootstrapInfo(new InetSocketAddress(rig.bootstrapd().host(), rig.bootstrapd().port()), Duration.ofSeconds(10))
                    .toCompletableFuture().get(15, TimeUnit.SECONDS);
            assertTrue(info.isPresent(), "tox-bootstrapd did not answer");
            assertEquals("parley-interop-rig", info.get().motd());
            // tox-bootstrapd reports 1000000000 + its c-toxcore version (0.2.18: 1000002018).
            assertTrue(info.get().version() > 1_000_000_000L && info.get().version() < 1_100_000_000L, "version " + info.get().version());
        }
    }

    /** Parley answers its own kind of request with its MOTD (the same format, checked end to end). */
    @Test
    void parleyServesBootstrapInfo() throws Exception {
        try (ParleyDhtNode server = new ParleyDhtNode("s", "127.0.0.1", "hello from Parley");
                ParleyDhtNode client = new ParleyDhtNode("k", "127.0.0.1", null)) {
            Optional<DhtService.BootstrapInfo> info = client.dht.bootstrapInfo(server.address(), Duration.ofSeconds(5))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("hello from Parley", info.orElseThrow().motd());
        }
    }
}
