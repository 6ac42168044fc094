package dev.parley.itests.onion;

import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.itests.rig.Ports;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.UdpTransport;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/** A Parley node (DHT and onion) in the test JVM, bound to loopback only. */
final class ParleyOnionNode implements AutoCloseable {
    final ThreadEventLoop loop;
    final PacketNetwork net;
    final DhtService dht;
    final OnionService onion;

    ParleyOnionNode(String name) throws Exception {
        loop = new ThreadEventLoop("parley-onion-" + name);
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getLoopbackAddress()).withPorts(port, port + 20)));
        KeyPair dhtKeys = KeyPair.generate();
        SecureRandom random = new SecureRandom();
        dht = Dht.start(net, dhtKeys, random, DhtOptions.defaults());
        onion = Onion.start(net, dht, KeyPair.generate(), random.nextInt(), random, OnionOptions.defaults());
    }

    int port() {
        return dht.localAddress().getPort();
    }

    String dhtKeyHex() {
        return dht.selfKey().toHex();
    }

    void bootstrap(ParleyOnionNode other) {
        dht.bootstrap(new InetSocketAddress("127.0.0.1", other.port()), other.dht.selfKey());
    }

    void bootstrap(String host, int port, String keyHex) {
        dht.bootstrap(new InetSocketAddress(host, port), DhtKey.fromHex(keyHex));
    }

    boolean announced() throws Exception {
        return onion.isAnnounced().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        net.close();
        loop.close();
    }
}
