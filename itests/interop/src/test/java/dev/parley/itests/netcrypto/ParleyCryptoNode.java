package dev.parley.itests.netcrypto;

import dev.parley.crypto.KeyPair;
import dev.parley.itests.rig.Ports;
import dev.parley.net.PacketNetwork;
import dev.parley.net.ThreadEventLoop;
import dev.parley.net.UdpTransport;
import dev.parley.netcrypto.CryptoSession;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.SessionListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Parley net_crypto node in the test JVM on loopback, with the test's {@link MessengerLink}
 * on its one session. What happens is logged as lines ("online", "message TEXT", "receipt ID",
 * "name NAME", "accepted", "closed REASON", "offline") for the test to wait on.
 */
final class ParleyCryptoNode implements AutoCloseable {
    final ThreadEventLoop loop = new ThreadEventLoop("parley-netcrypto");
    final KeyPair real = KeyPair.generate();
    final KeyPair dht = KeyPair.generate();
    final PacketNetwork net;
    final NetCrypto nc;
    private final List<String> log = new ArrayList<>();
    private volatile MessengerLink link;
    volatile boolean accepting = true;

    ParleyCryptoNode() throws Exception {
        int port = Ports.freeUdpAndTcp();
        net = new PacketNetwork(loop, UdpTransport.bind(
                UdpTransport.Options.bindTo(InetAddress.getByName("127.0.0.1")).withPorts(port, port + 20)));
        nc = onLoop(() -> {
            NetCrypto n = NetCrypto.attach(net, real, dht, NetCrypto.Options.defaults());
            n.setIncomingHandler((realPk, dhtPk, from) -> {
                if (!accepting) {
                    return null;
                }
                log("accepted");
                return newLink();
            });
            return n;
        });
    }

    String publicKeyHex() {
        return HexFormat.of().withUpperCase().formatHex(real.publicKey());
    }

    private MessengerLink newLink() {
        MessengerLink l = new MessengerLink(loop, "parley", new MessengerLink.Listener() {
            @Override
            public void online(MessengerLink link) {
                log("online");
            }

            @Override
            public void offline(MessengerLink link) {
                log("offline");
            }

            @Override
            public void message(MessengerLink link, boolean action, String text) {
                log("message " + text);
            }

            @Override
            public void name(MessengerLink link, String name) {
                log("name " + name);
            }

            @Override
            public void receipt(MessengerLink link, long messageId) {
                log("receipt " + messageId);
            }
        });
        link = l;
        return l;
    }

    /** Opens a session to a c-toxcore peer straight at its UDP port. */
    void connect(String peerPublicKeyHex, String peerDhtKeyHex, int udpPort) throws Exception {
        onLoop(() -> {
            MessengerLink l = newLink();
            CryptoSession s = nc.connect(HexFormat.of().parseHex(peerPublicKeyHex),
                    HexFormat.of().parseHex(peerDhtKeyHex), new InetSocketAddress("127.0.0.1", udpPort),
                    new SessionListener() {
                        @Override
                        public void established(CryptoSession session) {
                            log("established");
                            l.established(session);
                        }

                        @Override
                        public void lossless(CryptoSession session, byte[] data) {
                            l.lossless(session, data);
                        }

                        @Override
                        public void delivered(CryptoSession session) {
                            l.delivered(session);
                        }

                        @Override
                        public void closed(CryptoSession session, CloseReason reason) {
                            log("closed " + reason);
                            l.closed(session, reason);
                        }
                    });
            return s;
        });
    }

    long send(String text) throws Exception {
        return onLoop(() -> link.sendMessage(text, false));
    }

    /** Kills the session (the peer gets a kill packet). */
    void kill() throws Exception {
        onLoop(() -> {
            nc.sessions().forEach(CryptoSession::kill);
            return null;
        });
    }

    CryptoSession session() throws Exception {
        return onLoop(() -> nc.sessions().isEmpty() ? null : nc.sessions().get(0));
    }

    <T> T onLoop(Supplier<T> work) throws Exception {
        return loop.call(work).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void log(String line) {
        synchronized (log) {
            log.add(line);
            log.notifyAll();
        }
    }

    List<String> lines() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The lines from number {@code mark} on, as one snapshot (the log grows meanwhile). */
    List<String> linesSince(int mark) {
        List<String> all = lines();
        return all.subList(mark, all.size());
    }

    int mark() {
        synchronized (log) {
            return log.size();
        }
    }

    /** Waits for a line after {@code mark} matching {@code match}; fails with the log at the deadline. */
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
                    throw new AssertionError("Parley: " + what + " not within " + timeout + "; log " + log
                            + "; counters " + net.counters());
                }
                log.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    @Override
    public void close() {
        try {
            onLoop(() -> {
                nc.close();
                return null;
            });
        } catch (Exception e) {
            // closing anyway
        }
        net.close();
        loop.close();
    }
}
