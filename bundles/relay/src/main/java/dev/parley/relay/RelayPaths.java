package dev.parley.relay;

import dev.parley.crypto.SharedKey;
import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.netcrypto.CryptoTransport;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.wire.PacketKind;
import dev.parley.onion.OnionService;
import dev.parley.onion.TcpOnion;
import dev.parley.relay.wire.RelayPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * TCP relays under a node's net_crypto and onion (c-toxcore's TCP_connections as net_crypto and
 * onion_client use them). Plain state on the node's loop.
 *
 * <ul>
 *   <li>net_crypto addresses peers by socket address; a peer reached through relays gets an
 *       address of its own making, {@link #addressOf} its DHT key (in {@code 100::/64}, the IPv6
 *       discard prefix, so it can never be a real peer). {@link #transport} sends to such
 *       addresses through the relays and to any other through UDP (or nowhere, UDP off).
 *   <li>Data from a linked peer, and net_crypto packets that come out of band (a cookie request
 *       or handshake from a peer that has not routed to us yet), go to net_crypto as if from
 *       that address; a handshake net_crypto takes makes us route to the peer, as c-toxcore does.
 *   <li>As {@link TcpOnion}, ready relays serve as the first hop of onion paths and onion
 *       responses go back to the onion.
 * </ul>
 */
public final class RelayPaths implements RelayConnections.Listener, TcpOnion, AutoCloseable {

    private static final byte[] PREFIX = {0x01, 0, 0, 0, 0, 0, 0, 0};

    private final RelayConnections relays;
    private final Map<InetSocketAddress, byte[]> keysByAddress = new HashMap<>();
    private NetCrypto netCrypto;
    private OnionService onion;
    private RelayConnections.Listener also = new RelayConnections.Listener() {
    };
    private long malformed;

    public RelayPaths(EventLoop loop, byte[] ownDhtPublicKey, Function<byte[], Optional<SharedKey>> keyAgreement,
            RelayConnections.Connector connector, RelayConnections.Options options, Random random) {
        this.relays = new RelayConnections(loop, ownDhtPublicKey, keyAgreement, connector, options, random, this);
    }

    public RelayConnections relays() {
        return relays;
    }

    /** Also tells {@code listener} what the relays report (peer status, relay status). */
    public void setListener(RelayConnections.Listener listener) {
        this.also = listener;
    }

    /** The net_crypto address of a peer reached through relays. */
    public static InetSocketAddress addressOf(byte[] dhtKey) {
        byte[] ip = new byte[16];
        System.arraycopy(PREFIX, 0, ip, 0, 8);
        System.arraycopy(dhtKey, 0, ip, 8, 8);
        int port = (((dhtKey[8] & 0xff) << 8) | (dhtKey[9] & 0xff)) | 1;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** True for addresses {@link #addressOf} makes. */
    public static boolean isRelayAddress(InetSocketAddress a) {
        byte[] ip = a.getAddress() == null ? null : a.getAddress().getAddress();
        return ip != null && ip.length == 16 && Arrays.equals(Arrays.copyOf(ip, 8), PREFIX);
    }

    private InetSocketAddress remember(byte[] dhtKey) {
        InetSocketAddress a = addressOf(dhtKey);
        keysByAddress.putIfAbsent(a, dhtKey.clone());
        return a;
    }

    /**
     * net_crypto's transport: relay addresses through the relays, any other through {@code udp}
     * (null: UDP is off, nothing else is sent).
     */
    public CryptoTransport transport(CryptoTransport udp) {
        return (to, packet) -> {
            if (isRelayAddress(to)) {
                byte[] key = keysByAddress.get(to);
                return key != null && relays.send(key, packet);
            }
            return udp != null && udp.send(to, packet);
        };
    }

    /** Where relayed net_crypto packets go. */
    public void attach(NetCrypto nc) {
        this.netCrypto = nc;
    }

    /** Onion requests through the relays, and their responses back; {@code udp} false: only through relays. */
    public void attach(OnionService onion, boolean udp) {
        this.onion = onion;
        onion.useTcp(this, udp);
    }

    /** Starts reaching the peer with this DHT key through the relays. */
    public void addPeer(byte[] dhtKey) {
        remember(dhtKey);
        relays.addPeer(dhtKey);
    }

    public void removePeer(byte[] dhtKey) {
        relays.removePeer(dhtKey);
    }

    /** The peer's relay address if some relay can carry packets to it now (linked, or out of band). */
    public Optional<InetSocketAddress> address(byte[] dhtKey) {
        if (relays.isOnline(dhtKey) || relays.isRegistered(dhtKey)) {
            return Optional.of(remember(dhtKey));
        }
        return Optional.empty();
    }

    /** Adds relays a friend named (as many as there is room for). */
    public void addRelays(List<NodeInfo> list) {
        for (NodeInfo n : list) {
            relays.addRelay(n.address(), n.key().toBytes());
        }
    }

    /** Packets from relays that net_crypto or the onion found malformed. */
    public long malformed() {
        return malformed + relays.malformed();
    }

    @Override
    public void data(byte[] peer, byte[] data) {
        if (netCrypto != null && data.length > 0) {
            int kind = data[0] & 0xff;
            if (kind >= PacketKind.COOKIE_REQUEST && kind <= PacketKind.CRYPTO_DATA) {
                if (netCrypto.receive(remember(peer), data) == Verdict.MALFORMED) {
                    malformed++;
                }
            }
        }
        also.data(peer, data);
    }

    @Override
    public void oob(byte[] relay, byte[] sender, byte[] data) {
        if (netCrypto != null && data.length > 0) {
            int kind = data[0] & 0xff;
            if (kind >= PacketKind.COOKIE_REQUEST && kind <= PacketKind.CRYPTO_DATA) {
                Verdict v = netCrypto.receive(remember(sender), data);
                if (v == Verdict.MALFORMED) {
                    malformed++;
                } else if (v == Verdict.HANDLED && kind == PacketKind.CRYPTO_HANDSHAKE) {
                    relays.addPeer(sender);
                }
            }
        }
        also.oob(relay, sender, data);
    }

    @Override
    public void onionResponse(byte[] relay, byte[] payload) {
        if (onion != null) {
            onion.tcpResponse(payload);
        }
        also.onionResponse(relay, payload);
    }

    @Override
    public void peerStatus(byte[] peer, boolean online) {
        also.peerStatus(peer, online);
    }

    @Override
    public void relayStatus(byte[] relay, boolean ready) {
        also.relayStatus(relay, ready);
    }

    @Override
    public List<NodeInfo> readyRelays() {
        List<NodeInfo> out = new ArrayList<>();
        for (RelayConnections.RelayInfo r : relays.relays()) {
            if (r.ready()) {
                out.add(new NodeInfo(DhtKey.of(r.publicKey()), r.address()));
            }
        }
        return out;
    }

    @Override
    public boolean send(NodeInfo relay, byte[] nonce, byte[] payload) {
        return relays.sendOnion(relay.key().toBytes(), new RelayPacket.OnionRequest(nonce, payload));
    }

    @Override
    public void close() {
        relays.close();
    }
}
