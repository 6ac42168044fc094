package dev.parley.itests.relay;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.SharedKey;
import dev.parley.net.ThreadEventLoop;
import dev.parley.relay.RelayConnections;
import dev.parley.relay.TcpRelayConnector;
import dev.parley.relay.proxy.Proxy;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A Parley node's relay side in the test JVM: its own loop and DHT key, {@link RelayConnections}
 * on a real {@link TcpRelayConnector} (directly or through a proxy), collecting the data and OOB
 * data it receives.
 */
public final class RelayClientNode implements RelayConnections.Listener, AutoCloseable {
    public final ThreadEventLoop loop;
    public final KeyPair keys = KeyPair.generate();
    public final TcpRelayConnector connector;
    public final RelayConnections relays;
    public final List<byte[]> data = new CopyOnWriteArrayList<>();
    public final List<byte[]> oob = new CopyOnWriteArrayList<>();

    public RelayClientNode(String name) {
        this(name, Optional.empty());
    }

    public RelayClientNode(String name, Optional<Proxy> proxy) {
        loop = new ThreadEventLoop(name);
        connector = new TcpRelayConnector(loop, 10_000, proxy);
        relays = new RelayConnections(loop, keys.publicKey(), peer -> SharedKey.precompute(keys, peer), connector,
                RelayConnections.Options.defaults(), new SecureRandom(), this);
    }

    @Override
    public void data(byte[] peer, byte[] d) {
        data.add(d);
    }

    @Override
    public void oob(byte[] relay, byte[] sender, byte[] d) {
        oob.add(d);
    }

    /** Polls {@code c} every 50 ms until it holds or {@code millis} have passed; its last value. */
    public static boolean await(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return c.getAsBoolean();
    }

    /** Runs {@code work} on the node's loop and waits (10 s) for its result. */
    public <T> T on(Supplier<T> work) {
        try {
            return loop.call(work).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public void addPeer(RelayClientNode other) {
        on(() -> {
            relays.addPeer(other.keys.publicKey());
            return null;
        });
    }

    public boolean online(RelayClientNode other) {
        return on(() -> relays.isOnline(other.keys.publicKey()));
    }

    /** One of the connector's counters (0 if never counted). */
    public long connectorCounter(String name) {
        return connector.counters().getOrDefault(name, 0L);
    }

    @Override
    public void close() {
        on(() -> {
            relays.close();
            return null;
        });
        connector.close();
        loop.close();
    }
}
