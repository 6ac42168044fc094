package dev.parley.itests.dht;

import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.dht.NodeInfo;
import dev.parley.itests.rig.Ports;
import dev.parley.net.PacketCounters;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.UdpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A Parley DHT node in the test JVM, bound to loopback only, as plain Java objects. */
final class ParleyDhtNode implements AutoCloseable {
    final ThreadEventLoop loop;
    final PacketNetwork net;
    final DhtService dht;

    ParleyDhtNode(String name, String bindHost, String motd) throws Exception {
        loop = new ThreadEventLoop("parley-dht-" + name);
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getByName(bindHost)).withPorts(port, port + 20)));
        dht = Dht.start(net, DhtOptions.defaults().withMotd(motd));
    }

    int port() {
        return dht.localAddress().getPort();
    }

    String keyHex() {
        return dht.selfKey().toHex();
    }

    List<NodeInfo> closeNodes() throws Exception {
        return dht.closeNodes().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Polls the close list until it satisfies {@code ok}; fails with what it holds at the deadline. */
    List<NodeInfo> awaitCloseList(String what, Predicate<List<NodeInfo>> ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<NodeInfo> now = closeNodes();
        while (!ok.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Parley's close list: " + what + " not within " + timeout + "; holds " + now
                        + "; counters " + net.counters());
            }
            Thread.sleep(200); // polling interval, not a wait for luck: the deadline decides
            now = closeNodes();
        }
        return now;
    }

    static boolean containsKey(List<NodeInfo> nodes, String hex) {
        DhtKey k = DhtKey.fromHex(hex);
        return nodes.stream().anyMatch(n -> n.key().equals(k));
    }

    PacketCounters counters(int kind) {
        return net.counters(kind);
    }

    InetSocketAddress address() {
        return dht.localAddress();
    }

    @Override
    public void close() {
        net.close();
        loop.close();
    }
}
