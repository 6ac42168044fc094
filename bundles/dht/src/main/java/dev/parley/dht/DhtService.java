package dev.parley.dht;

import dev.parley.crypto.SharedKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One Tox DHT node. Every method may be called from any thread: it hops onto the node's event
 * loop, and results come back as completion stages completed on that loop. Listeners are called
 * on the loop and must not block.
 */
public interface DhtService {

    /** This session's DHT public key (the DHT key pair is new every session unless one is given). */
    DhtKey selfKey();

    /**
     * The precomputed {@code crypto_box} key of this node's DHT secret key and {@code peer}: what
     * protocols addressed to our DHT key (onion hops, announce nodes) need to open and answer
     * packets, without the DHT secret key itself ever leaving the DHT. Each call returns a new
     * object that the caller owns (and may destroy); callers should keep it rather than ask
     * per packet (an X25519 costs). May be called from any thread.
     *
     * @return the key, or empty if {@code peer} is a low-order point
     */
    Optional<SharedKey> sharedKey(DhtKey peer);

    /** The address the node receives on. */
    InetSocketAddress localAddress();

    /** Sends a nodes request for our own key to a known node. */
    void bootstrap(InetSocketAddress address, DhtKey key);

    /**
     * Starts searching the DHT for the nodes closest to {@code friend}; {@code onAddress} hears
     * each address the friend's DHT key is found at.
     */
    void addFriend(DhtKey friend, Consumer<InetSocketAddress> onAddress);

    void removeFriend(DhtKey friend);

    /**
     * Asks {@code node} now for the nodes closest to {@code target}, as c-toxcore does with the
     * nodes a friend names in its DHT-key announcement: they know the friend, so the answer
     * usually names the friend itself.
     */
    void askFor(DhtKey target, NodeInfo node);

    /** Where the friend's DHT key answered us recently, if it did. */
    CompletionStage<Optional<InetSocketAddress>> friendAddress(DhtKey friend);

    /** The good (recently heard) nodes of the close list. */
    CompletionStage<List<NodeInfo>> closeNodes();

    /** Up to 4 good nodes closest to {@code key}, as this node would answer a nodes request. */
    CompletionStage<List<NodeInfo>> closestNodes(DhtKey key);

    /** Whether any node of the close list is good. */
    CompletionStage<Boolean> isConnected();

    /** Asks a bootstrap node for its version and message of the day (packet 0xf0). */
    CompletionStage<Optional<BootstrapInfo>> bootstrapInfo(InetSocketAddress node, Duration timeout);

    /** Handles the DHT request packets (0x20) with one request id that are addressed to us. */
    @FunctionalInterface
    interface RequestHandler {
        void handle(InetSocketAddress from, DhtKey sender, byte[] data);
    }

    /** Registers the handler of one request id inside DHT request packets. */
    void onRequest(int requestId, RequestHandler handler);

    /** Sends a DHT request packet to {@code receiver} at {@code address}. */
    void sendRequest(InetSocketAddress address, DhtKey receiver, int requestId, byte[] data);

    /** A bootstrap node's answer to a bootstrap info request. */
    record BootstrapInfo(long version, String motd) {
    }
}
