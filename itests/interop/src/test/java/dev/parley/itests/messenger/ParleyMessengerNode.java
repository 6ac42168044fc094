package dev.parley.itests.messenger;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.profile.UserStatus;
import dev.parley.crypto.KeyPair;
import dev.parley.dht.Dht;
import dev.parley.dht.DhtKey;
import dev.parley.dht.DhtOptions;
import dev.parley.dht.DhtService;
import dev.parley.itests.rig.Event;
import dev.parley.itests.rig.Ports;
import dev.parley.itests.rig.ToxPeer;
import dev.parley.messenger.Messenger;
import dev.parley.messenger.OutboxStore;
import dev.parley.messenger.WriteBehindOutbox;
import dev.parley.messenger.TcpPaths;
import dev.parley.dht.NodeInfo;
import dev.parley.relay.RelayConnections;
import dev.parley.relay.RelayPaths;
import dev.parley.relay.TcpRelayConnector;
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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A full Parley Messenger node in the test JVM on loopback: DHT, onion, net_crypto and Messenger
 * on one loop. Every api event is logged as a line ("request KEY MESSAGE", "connection KEY UDP",
 * "name KEY NAME", "message KEY NORMAL TEXT", "delivered KEY ID", "dhtkey KEY DHTKEY", ...) for
 * the test to wait on. Each node has a fresh UDP port and DHT key, so a restart is a new node
 * from {@link #lastSave()}, as a restarted c-toxcore is.
 */
public final class ParleyMessengerNode implements AutoCloseable {
    public final ThreadEventLoop loop;
    public final PacketNetwork net;
    public final DhtService dht;
    public final OnionService onion;
    public final NetCrypto nc;
    public final Messenger messenger;
    final ExecutorService events = Executors.newSingleThreadExecutor();
    /** As in the product: the outbox is written off the events thread. */
    private final WriteBehindOutbox outbox;
    volatile ToxSave lastSave;
    private final List<String> log = new ArrayList<>();

    public ParleyMessengerNode(String name, ToxSave save) throws Exception {
        this(name, save, OutboxStore.none());
    }

    public ParleyMessengerNode(String name, ToxSave save, OutboxStore store) throws Exception {
        this(name, save, store, false, true);
    }

    /**
     * A node whose UDP is off: its DHT is never bootstrapped, the onion builds its paths through
     * TCP relays only and net_crypto sends through relays only ({@link #relayPaths}; add relays
     * and onion path nodes before use). Its UDP socket stays bound but sends nothing, which
     * {@link #udpPacketsSent()} shows.
     */
    public static ParleyMessengerNode tcpOnly(String name, ToxSave save) throws Exception {
        return new ParleyMessengerNode(name, save, OutboxStore.none(), true, false);
    }

    /**
     * A node that reaches friends through TCP relays first: onion paths through relays only, but
     * net_crypto may also use UDP, so a session over a relay moves to UDP once the DHT finds the
     * friend (bootstrap the DHT for that) and back to the relay when UDP stops.
     */
    public static ParleyMessengerNode relayFirst(String name, ToxSave save) throws Exception {
        return new ParleyMessengerNode(name, save, OutboxStore.none(), true, true);
    }

    public final RelayPaths relayPaths;
    private final TcpRelayConnector connector;

    private ParleyMessengerNode(String name, ToxSave save, OutboxStore store, boolean tcpOnly, boolean udp)
            throws Exception {
        lastSave = save;
        loop = new ThreadEventLoop("parley-messenger-" + name);
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getLoopbackAddress()).withPorts(port, port + 20)));
        KeyPair dhtKeys = KeyPair.generate();
        SecureRandom random = new SecureRandom();
        dht = Dht.start(net, dhtKeys, random, DhtOptions.defaults());
        onion = Onion.start(net, dht, save.keyPair(), save.nospam(), random, OnionOptions.defaults());
        onion.onFriendDhtKey((friend, key) -> log("dhtkey " + friend.toHex() + " " + key.toHex()));
        if (tcpOnly) {
            connector = new TcpRelayConnector(loop);
            relayPaths = loop.call(() -> new RelayPaths(loop, dhtKeys.publicKey(),
                    peer -> dev.parley.crypto.SharedKey.precompute(dhtKeys, peer), connector,
                    RelayConnections.Options.defaults(), random)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            nc = loop.call(() -> {
                NetCrypto n = new NetCrypto(loop, save.keyPair(), dhtKeys, relayPaths.transport(udp ? net::send : null),
                        NetCrypto.Options.defaults());
                if (udp) {
                    for (int kind = 0x18; kind <= 0x1b; kind++) {
                        net.register(kind, n::receive);
                    }
                }
                return n;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            loop.call(() -> {
                relayPaths.attach(nc);
                relayPaths.attach(onion, false);
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } else {
            connector = null;
            relayPaths = null;
            nc = loop.call(() -> NetCrypto.attach(net, save.keyPair(), dhtKeys, NetCrypto.Options.defaults()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        outbox = new WriteBehindOutbox(store, "outbox-" + name);
        messenger = new Messenger(loop, dht, onion, nc, save, s -> lastSave = s, outbox, events,
                Messenger.Options.defaults());
        if (relayPaths != null) {
            RelayPaths rp = relayPaths;
            messenger.setTcpPaths(new TcpPaths() {
                @Override
                public void addPeer(byte[] dhtKey) {
                    rp.addPeer(dhtKey);
                }

                @Override
                public void removePeer(byte[] dhtKey) {
                    rp.removePeer(dhtKey);
                }

                @Override
                public Optional<InetSocketAddress> address(byte[] dhtKey) {
                    return rp.address(dhtKey);
                }

                @Override
                public boolean isRelayAddress(InetSocketAddress address) {
                    return RelayPaths.isRelayAddress(address);
                }

                @Override
                public void addRelays(List<NodeInfo> relays) {
                    rp.addRelays(relays);
                }

                @Override
                public List<NodeInfo> ourRelays() {
                    return rp.readyRelays();
                }
            });
        }
        messenger.addFriendListener(new FriendListener() {
            @Override
            public void requestReceived(FriendRequest r) {
                log("request " + r.key() + " " + r.message());
            }

            @Override
            public void friendAdded(dev.parley.api.friends.Friend f) {
                log("added " + f.key());
            }

            @Override
            public void connectionChanged(FriendKey key, Connection c) {
                log("connection " + key + " " + c);
            }

            @Override
            public void nameChanged(FriendKey key, String n) {
                log("name " + key + " " + n);
            }

            @Override
            public void statusMessageChanged(FriendKey key, String m) {
                log("statusmessage " + key + " " + m);
            }

            @Override
            public void statusChanged(FriendKey key, UserStatus s) {
                log("status " + key + " " + s);
            }

            @Override
            public void typingChanged(FriendKey key, boolean t) {
                log("typing " + key + " " + t);
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

    /** Adds a TCP relay (tcp-only nodes). */
    public void addRelay(String host, int port, String keyHex) throws Exception {
        loop.call(() -> relayPaths.relays().addRelay(new InetSocketAddress(host, port), DhtKey.fromHex(keyHex).toBytes()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Nodes for onion paths when there is no DHT (tcp-only nodes). */
    public void addPathNode(String host, int port, String keyHex) {
        onion.addPathNodes(List.of(new NodeInfo(DhtKey.fromHex(keyHex), new InetSocketAddress(host, port))));
    }

    /** How many relays the peer with this DHT key is linked to us on (tcp-only nodes). */
    public int relaysOf(String dhtHex) throws Exception {
        return loop.call(() -> relayPaths.relays().relaysOf(DhtKey.fromHex(dhtHex).toBytes()).size())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The DHT key (hex) of the relay that carries our data to that peer now, or null. */
    public String carryingRelay(String dhtHex) throws Exception {
        return loop.call(() -> relayPaths.relays().carrying(DhtKey.fromHex(dhtHex).toBytes())
                .map(k -> java.util.HexFormat.of().withUpperCase().formatHex(k)).orElse(null))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** UDP packets this node's socket sent, all kinds. */
    public long udpPacketsSent() throws Exception {
        return loop.call(() -> net.counters().stream().mapToLong(dev.parley.net.PacketCounters::sent).sum())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Malformed packets seen: UDP (all kinds), net_crypto, and from relays. */
    public long malformed() throws Exception {
        return loop.call(() -> net.counters().stream().mapToLong(dev.parley.net.PacketCounters::malformed).sum()
                + nc.badPackets() + (relayPaths == null ? 0 : relayPaths.malformed()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The profile as the Messenger last saved it (friends included); the start profile before that. */
    public ToxSave lastSave() {
        return lastSave;
    }

    /** The DHT key the friend's session runs with (learnt from the onion, or from its handshake). */
    public Optional<DhtKey> sessionDhtKey(String friendHex) throws Exception {
        return loop.call(() -> nc.session(DhtKey.fromHex(friendHex).toBytes()).map(s -> DhtKey.of(s.peerDhtPublicKey())))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The friend's DHT key as the onion learnt it. */
    public Optional<DhtKey> friendDhtKey(String friendHex) throws Exception {
        return onion.friendDhtKey(DhtKey.fromHex(friendHex)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Waits until the onion has announced this node. */
    public void awaitAnnounced(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!onion.isAnnounced().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Parley not announced within " + timeout);
            }
            Thread.sleep(200); // polling interval; the deadline decides
        }
    }

    public int port() {
        return dht.localAddress().getPort();
    }

    public String dhtKeyHex() {
        return dht.selfKey().toHex();
    }

    public void bootstrap(String host, int port, String keyHex) {
        dht.bootstrap(new InetSocketAddress(host, port), DhtKey.fromHex(keyHex));
    }

    private void log(String line) {
        synchronized (log) {
            log.add(line);
            log.notifyAll();
        }
    }

    public int mark() {
        synchronized (log) {
            return log.size();
        }
    }

    public List<String> lines() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The lines from number {@code mark} on, as one snapshot (the log grows meanwhile). */
    public List<String> linesSince(int mark) {
        synchronized (log) {
            return List.copyOf(log.subList(mark, log.size()));
        }
    }

    public String await(int mark, String what, Predicate<String> match, Duration timeout) throws InterruptedException {
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
        try {
            events.awaitTermination(5, TimeUnit.SECONDS); // the Messenger's last outbox write goes through it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
        if (relayPaths != null) {
            try {
                loop.call(() -> {
                    relayPaths.close();
                    return null;
                }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
            connector.close();
        }
        net.close();
        loop.close();
    }

    /**
     * This node asks {@code peer} (a c-toxcore peer) with {@code message}, the peer accepts, and
     * both see the other online over TCP within {@code wait}. Returns the peer's number for us.
     */
    public int befriendOverTcp(ToxPeer peer, String message, java.time.Duration wait) throws Exception {
        String pk = messenger.publicKey();
        FriendKey key = new FriendKey(peer.publicKey());
        int m = mark();
        messenger.add(peer.address(), message);
        peer.awaitEvent("request", Event.of("friend_request", "public_key", pk), wait);
        int us = peer.acceptFriend(pk);
        await(m, "peer online over TCP", l -> l.equals("connection " + key + " TCP"), wait);
        peer.awaitEvent("Parley online over TCP", e -> e.is("friend_connection") && e.has("friend", "" + us)
                && e.has("status", "tcp"), wait);
        return us;
    }

    /** Waits until {@code file} exists and its text passes {@code ok} (an outbox written behind the loop). */
    public static void awaitFile(Path file, Predicate<String> ok, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(file) && ok.test(Files.readString(file)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s; " + file
                        + (Files.exists(file) ? " holds " + Files.readString(file) : " is missing"));
            }
            Thread.sleep(50); // polling a file; the deadline decides
        }
    }
}
