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
import dev.parley.onion.OnionRelay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * A Parley node in the test JVM that only serves onion (hop and announce store, as
 * {@code bin/parley-node} does): a DHT and {@link Onion#serve}, no long-term identity. Loopback only.
 */
final class RelayNode implements AutoCloseable {
    final ThreadEventLoop loop;
    final PacketNetwork net;
    final DhtService dht;
    final OnionRelay relay;

    RelayNode(String name) throws Exception {
        loop = new ThreadEventLoop("parley-relay-" + name);
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getLoopbackAddress()).withPorts(port, port + 20)));
        SecureRandom random = new SecureRandom();
        dht = Dht.start(net, KeyPair.generate(), random, DhtOptions.defaults());
        relay = Onion.serve(net, dht, random);
    }

    void bootstrap(int port, String keyHex) {
        dht.bootstrap(new InetSocketAddress("127.0.0.1", port), DhtKey.fromHex(keyHex));
    }

    @Override
    public void close() {
        relay.stop();
        net.close();
        loop.close();
    }
}
