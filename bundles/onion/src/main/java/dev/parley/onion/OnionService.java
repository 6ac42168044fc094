package dev.parley.onion;

import dev.parley.crypto.ToxId;
import dev.parley.dht.DhtKey;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * One node's onion: it serves as onion hop and announce node for others, announces our long-term
 * key, searches friends' keys, exchanges DHT keys with friends and carries friend requests. Every
 * method may be called from any thread (it hops onto the node's loop); listeners run on the loop.
 * Long-term keys are given as {@link DhtKey} values (32-byte keys), though they are not DHT keys.
 */
public interface OnionService {

    /**
     * Service property: {@link #configStamp} of the configuration the client started with. Others
     * configured by the same PID (the Messenger) compare it with a configuration they are told of,
     * to know whether this client already restarted for it.
     */
    String CONFIG_STAMP = "onion.config";

    /**
     * A configuration's public properties as text, sorted: those starting with {@code .} (private,
     * such as a passphrase), {@code component.} or {@code service.} left out.
     */
    static SortedMap<String, String> publicConfig(Map<String, ?> config) {
        SortedMap<String, String> m = new TreeMap<>();
        config.forEach((k, v) -> {
            if (!k.startsWith(".") && !k.startsWith("component.") && !k.startsWith("service.")) {
                m.put(k, v instanceof Object[] a ? Arrays.toString(a) : String.valueOf(v));
            }
        });
        return m;
    }

    /** A short digest of {@link #publicConfig}, the value of {@link #CONFIG_STAMP}. */
    static String configStamp(Map<String, ?> config) {
        return Integer.toHexString(publicConfig(config).toString().hashCode());
    }

    /** Our long-term public key. */
    DhtKey publicKey();

    /** Our Tox ID with the current nospam. */
    ToxId address();

    /** Changes the nospam: requests to older addresses are ignored from now on; friends stay. */
    void setNospam(int nospam);

    /** Starts finding a friend and exchanging DHT keys with it (also how a request is accepted). */
    void addFriend(DhtKey friend);

    void removeFriend(DhtKey friend);

    /**
     * Whether a friend is connected (c-toxcore's onion_set_friend_online): while it is, the onion
     * neither searches for it nor sends it our DHT key; when it goes offline, the search starts
     * afresh (its back-off reset) and a DHT-key announcement from it is taken whatever its
     * no-replay number.
     */
    void setFriendOnline(DhtKey friend, boolean online);

    /**
     * Sends a friend request (repeated every 5 s, as c-toxcore does, until the friend answers with
     * its DHT key or is removed).
     *
     * @throws IllegalArgumentException if the message is empty or longer than 1016 bytes, or the
     *     ID is our own
     */
    void sendFriendRequest(ToxId to, byte[] message);

    /** Hears friend requests (after the nospam check and de-duplication). */
    void onFriendRequest(FriendRequestListener listener);

    /** Hears each new DHT key a friend tells us. */
    void onFriendDhtKey(FriendDhtKeyListener listener);

    CompletionStage<Optional<DhtKey>> friendDhtKey(DhtKey friend);

    /** Where the DHT found the friend's DHT key, if it did. */
    CompletionStage<Optional<InetSocketAddress>> friendAddress(DhtKey friend);

    /** Whether at least one announce node stores our announcement. */
    CompletionStage<Boolean> isAnnounced();

    /**
     * Sends onion requests through TCP relays ({@code tcp}); with {@code udp} false, only through
     * them (the node's UDP is off). Our DHT-key announcements name up to two of its relays, and
     * relays friends name reach {@link #onFriendRelays} listeners.
     */
    void useTcp(TcpOnion tcp, boolean udp);

    /** An onion response (kind 0x83, 0x84 or 0x86 packet) a TCP relay handed us. */
    void tcpResponse(byte[] packet);

    /** Nodes to build onion paths from when there is no DHT (UDP off): bootstrap nodes. */
    void addPathNodes(java.util.List<dev.parley.dht.NodeInfo> nodes);

    /** Hears the TCP relays a friend names in its DHT-key announcement. */
    void onFriendRelays(FriendRelaysListener listener);

    @FunctionalInterface
    interface FriendRelaysListener {
        void relays(DhtKey friend, DhtKey dhtKey, java.util.List<dev.parley.dht.NodeInfo> relays);
    }

    @FunctionalInterface
    interface FriendRequestListener {
        void request(DhtKey from, byte[] message);
    }

    @FunctionalInterface
    interface FriendDhtKeyListener {
        void dhtKey(DhtKey friend, DhtKey dhtKey);
    }
}
