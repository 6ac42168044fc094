package dev.parley.itests.onion;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.itests.rig.Ports;
import dev.parley.messenger.Messenger;
import dev.parley.messenger.OutboxStore;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.UdpTransport;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.onion.Onion;
import dev.parley.onion.OnionOptions;
import dev.parley.onion.OnionService;
import dev.parley.profile.ToxSave;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Parley Messenger (DHT, onion, net_crypto, Messenger) on loopback that can be stopped and
 * started again from its last profile: each start has a fresh UDP port and a fresh DHT key, as a
 * restarted c-toxcore has. Events are logged as lines: "request KEY MESSAGE", "connection KEY UDP",
 * "dhtkey KEY DHTKEY", "message KEY NORMAL TEXT", "delivered KEY ID".
 */
final class RestartableMessengerNode implements AutoCloseable {
    final ThreadEventLoop loop;
    final PacketNetwork net;
    final DhtService dht;
    final OnionService onion;
    final NetCrypto nc;
    final Messenger messenger;
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private volatile ToxSave lastSave;
    private final List<String> log = new ArrayList<>();

    RestartableMessengerNode(String name, ToxSave save) throws Exception {
        lastSave = save;
        loop = new ThreadEventLoop("parley-restart-" + name);
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getLoopbackAddress()).withPorts(port, port + 20)));
        KeyPair dhtKeys = KeyPair.generate();
        SecureRandom random = new SecureRandom();
        dht = Dht.start(net, dhtKeys, random, DhtOptions.defaults());
        onion = Onion.start(net, dht, save.keyPair(), save.nospam(), random, OnionOptions.defaults());
        onion.onFriendDhtKey((friend, key) -> log("dhtkey " + friend.toHex() + " " + key.toHex()));
        nc = loop.call(() -> NetCrypto.attach(net, save.keyPair(), dhtKeys, NetCrypto.Options.defaults()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        messenger = new Messenger(loop, dht, onion, nc, save, s -> lastSave = s, OutboxStore.none(), events,
                Messenger.Options.defaults());
        messenger.addFriendListener(new FriendListener() {
            @Override
            public void requestReceived(FriendRequest r) {
                log("request " + r.key() + " " + r.message());
            }

            @Override
            public void connectionChanged(FriendKey key, Connection c) {
                log("connection " + key + " " + c);
            }
        });
        messenger.addChatListener(new ChatListener() {
            @Override
            public void received(IncomingMessage m) {
                log("message " + m.from() + " " + m.kind() + " " + m.text());
            }

            @Override
            public void delivered(FriendKey to, long id) {
                log("delivered " + to + " " + id);
            }
        });
    }

    /** The profile as the Messenger last saved it (friends included). */
    ToxSave lastSave() {
        return lastSave;
    }

    int port() {
        return dht.localAddress().getPort();
    }

    String dhtKeyHex() {
        return dht.selfKey().toHex();
    }

    void bootstrap(String host, int port, String keyHex) {
        dht.bootstrap(new InetSocketAddress(host, port), DhtKey.fromHex(keyHex));
    }

    Optional<DhtKey> friendDhtKey(String friendHex) throws Exception {
        return onion.friendDhtKey(DhtKey.fromHex(friendHex)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    void awaitAnnounced(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!onion.isAnnounced().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Parley not announced within " + timeout);
            }
            Thread.sleep(200); // polling interval; the deadline decides
        }
    }

    private void log(String line) {
        synchronized (log) {
            log.add(line);
            log.notifyAll();
        }
    }

    int mark() {
        synchronized (log) {
            return log.size();
        }
    }

    String await(int mark, String what, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (true) {
                for (int i = mark; i < log.size(); i++) {
                    if (match.test(log.get(i))) {
                        return log.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Parley: " + what + " not within " + timeout + "; log " + log);
                }
                log.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    @Override
    public void close() {
        try {
            messenger.close();
            loop.call(() -> {
                nc.close();
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        events.shutdown();
        net.close();
        loop.close();
    }
}
