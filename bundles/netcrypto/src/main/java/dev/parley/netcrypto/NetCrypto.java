package dev.parley.netcrypto;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SecretBox;
import dev.parley.crypto.SharedKey;
import dev.parley.net.Addresses;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.net.PacketNetwork;
import dev.parley.netcrypto.SessionListener.CloseReason;
import dev.parley.netcrypto.wire.Cookie;
import dev.parley.netcrypto.wire.CookieRequest;
import dev.parley.netcrypto.wire.CookieResponse;
import dev.parley.netcrypto.wire.CryptoHandshake;
import dev.parley.netcrypto.wire.MalformedPacketException;
import dev.parley.netcrypto.wire.PacketKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One node's net_crypto: answers cookie requests, opens sessions to peers
 * ({@link #connect}), accepts sessions peers open (through the {@link IncomingHandler}), routes
 * packets 0x19-0x1b to sessions by source address, and drives every session's timers. Plain Java on
 * the node's {@link EventLoop}; every method must be called on the loop.
 *
 * <p>Keys: the real (long-term) key pair authenticates handshakes; the DHT key pair encrypts
 * cookie requests and responses, so it must be the key the node's DHT announces. Cookies are sealed
 * with a random symmetric key made per instance.
 */
public final class NetCrypto implements AutoCloseable {

    /** Tunables; defaults are c-toxcore's where it has one. */
    public record Options(long tickMillis, int maxHandshakeTries, long idleTimeoutMillis) {
        public static Options defaults() {
            return new Options(20, 8, 32_000);
        }

        public Options withIdleTimeout(long millis) {
            return new Options(tickMillis, maxHandshakeTries, millis);
        }

        public Options withTick(long millis) {
            return new Options(millis, maxHandshakeTries, idleTimeoutMillis);
        }
    }

    /** Decides about a session a peer opens to us. */
    @FunctionalInterface
    public interface IncomingHandler {
        /**
         * Called when a valid handshake arrives from a peer we have no session with.
         *
         * @return the new session's listener, or null to refuse
         */
        SessionListener accept(byte[] realPublicKey, byte[] dhtPublicKey, InetSocketAddress from);
    }

    record OpenedHandshake(Cookie cookie, CryptoHandshake.Plain plain) {
    }

    private static final int COOKIE_TOKENS = 10;
    private static final long COOKIE_TOKEN_INTERVAL = 100;

    private final EventLoop loop;
    private final KeyPair realKeys;
    private final byte[] ownDhtPublicKey;
    private final Function<byte[], Optional<SharedKey>> dhtKeyAgreement;
    private final CryptoTransport transport;
    private final Options options;
    private final SecretBox cookieKey = SecretBox.generate();
    private final Map<String, CryptoSession> byRealKey = new LinkedHashMap<>();
    private final Map<InetSocketAddress, CryptoSession> byAddress = new HashMap<>();
    private final Map<String, SharedKey> dhtSharedKeys = new HashMap<>();
    private final Map<String, SharedKey> realSharedKeys = new HashMap<>();
    private final Cancellable timer;
    private IncomingHandler incoming = (real, dht, from) -> null;
    private long cookieTokens = COOKIE_TOKENS;
    private long cookieTokenTime;
    private final AtomicLong bad = new AtomicLong();
    private boolean closed;

    public NetCrypto(EventLoop loop, KeyPair realKeys, KeyPair dhtKeys, CryptoTransport transport, Options options) {
        this(loop, realKeys, dhtKeys.publicKey(), peer -> SharedKey.precompute(dhtKeys, peer), transport, options);
    }

    /**
     * A net_crypto that never holds the DHT secret key: {@code dhtKeyAgreement} precomputes the
     * shared key of our DHT key pair with a peer's DHT public key (empty for an unusable key), as
     * {@code DhtService.sharedKey} does. It is called on the loop; results are cached here.
     */
    public NetCrypto(EventLoop loop, KeyPair realKeys, byte[] dhtPublicKey,
            Function<byte[], Optional<SharedKey>> dhtKeyAgreement, CryptoTransport transport, Options options) {
        this.loop = loop;
        this.realKeys = realKeys;
        this.ownDhtPublicKey = dhtPublicKey.clone();
        this.dhtKeyAgreement = dhtKeyAgreement;
        this.transport = transport;
        this.options = options;
        this.cookieTokenTime = loop.nowMillis();
        this.timer = loop.every(options.tickMillis(), this::tick);
    }

    /**
     * A net_crypto on a UDP {@link PacketNetwork}: registers the handlers of packets 0x18-0x1b and
     * sends through the network. Call on the network's loop.
     */
    public static NetCrypto attach(PacketNetwork net, KeyPair realKeys, KeyPair dhtKeys, Options options) {
        NetCrypto nc = new NetCrypto(net.loop(), realKeys, dhtKeys, net::send, options);
        for (int kind = PacketKind.COOKIE_REQUEST; kind <= PacketKind.CRYPTO_DATA; kind++) {
            net.register(kind, nc::receive);
        }
        return nc;
    }

    /**
     * As {@link #attach(PacketNetwork, KeyPair, KeyPair, Options)}, with the DHT secret key kept
     * by its owner: see {@link #NetCrypto(EventLoop, KeyPair, byte[], Function, CryptoTransport, Options)}.
     */
    public static NetCrypto attach(PacketNetwork net, KeyPair realKeys, byte[] dhtPublicKey,
            Function<byte[], Optional<SharedKey>> dhtKeyAgreement, Options options) {
        NetCrypto nc = new NetCrypto(net.loop(), realKeys, dhtPublicKey, dhtKeyAgreement, net::send, options);
        for (int kind = PacketKind.COOKIE_REQUEST; kind <= PacketKind.CRYPTO_DATA; kind++) {
            net.register(kind, nc::receive);
        }
        return nc;
    }

    public Options options() {
        return options;
    }

    public byte[] realPublicKey() {
        return realKeys.publicKey();
    }

    public byte[] dhtPublicKey() {
        return ownDhtPublicKey.clone();
    }

    public void setIncomingHandler(IncomingHandler handler) {
        this.incoming = handler == null ? (real, dht, from) -> null : handler;
    }

    /** The session with this peer, if any. */
    public Optional<CryptoSession> session(byte[] realPublicKey) {
        return Optional.ofNullable(byRealKey.get(hex(realPublicKey)));
    }

    public List<CryptoSession> sessions() {
        return List.copyOf(byRealKey.values());
    }

    /** Packets that failed to decode or authenticate since start (also counted per kind by PacketNetwork). */
    public long badPackets() {
        return bad.get();
    }

    /**
     * Opens a session to a peer, or returns the one that exists. Sends a cookie request to
     * {@code address} at once and repeats it every second until answered.
     */
    public CryptoSession connect(byte[] realPublicKey, byte[] dhtPublicKey, InetSocketAddress address,
            SessionListener listener) {
        CryptoSession existing = byRealKey.get(hex(realPublicKey));
        if (existing != null) {
            return existing;
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        InetSocketAddress to = Addresses.normalize(address);
        CryptoSession s = new CryptoSession(this, realPublicKey, dhtPublicKey, to, listener,
                CryptoSession.State.COOKIE_REQUESTING);
        SharedKey dhtShared = dhtShared(dhtPublicKey)
                .orElseThrow(() -> new IllegalArgumentException("unusable DHT public key"));
        long number = ((long) Bytes.randomInt() << 32) ^ (Bytes.randomInt() & 0xffffffffL);
        CookieRequest req = CookieRequest.seal(dhtShared, ownDhtPublicKey,
                new CookieRequest.Plain(realKeys.publicKey(), number));
        remember(s);
        s.startCookieRequest(dhtShared, bytes(req::encode, CookieRequest.SIZE), number);
        return s;
    }

    /**
     * Adds a direct (UDP) address to the session with this peer, whose packets otherwise go to its
     * address (a TCP relay's): packets from it are taken, and once they arrive the session sends
     * there only, falling back to the first address when they stop (see
     * {@link CryptoSession#isDirect()}). False if there is no such session.
     */
    public boolean addDirect(byte[] realPublicKey, InetSocketAddress direct) {
        CryptoSession s = byRealKey.get(hex(realPublicKey));
        if (s == null || s.state() == CryptoSession.State.CLOSED) {
            return false;
        }
        InetSocketAddress to = Addresses.normalize(direct);
        if (to.equals(s.address()) || to.equals(s.directAddress())) {
            return true;
        }
        CryptoSession other = byAddress.get(to);
        if (other != null && other != s) {
            return false;
        }
        if (s.directAddress() != null) {
            byAddress.remove(s.directAddress(), s);
        }
        s.setDirect(to);
        byAddress.put(to, s);
        return true;
    }

    /**
     * Gives the session with this peer a relay address to fall back on: the address it runs on
     * now (a UDP one) becomes its direct path, counted as working, and {@code relay} (a TCP relay
     * address that reaches the same peer) its first address, so that when UDP stops the session
     * carries on over the relay instead of timing out. Packets from either address are taken.
     * False if there is no such session, it has a direct path already, or the address is taken.
     */
    public boolean addFallback(byte[] realPublicKey, InetSocketAddress relay) {
        CryptoSession s = byRealKey.get(hex(realPublicKey));
        if (s == null || s.state() == CryptoSession.State.CLOSED) {
            return false;
        }
        InetSocketAddress to = Addresses.normalize(relay);
        if (to.equals(s.address())) {
            return true;
        }
        if (s.directAddress() != null) {
            return false;
        }
        CryptoSession other = byAddress.get(to);
        if (other != null && other != s) {
            return false;
        }
        InetSocketAddress udp = s.address();
        s.setAddress(to);
        byAddress.put(to, s);
        s.setDirect(udp);
        s.receivedFrom(udp); // it was the session's only path: working until it goes quiet
        return true;
    }

    /**
     * Our own datagram transport went away: every direct path stops counting as working at once
     * (rather than after {@link CryptoSession#DIRECT_TIMEOUT} of silence), so sessions with a
     * relay address send there from now on. A direct path counts again when packets arrive on it.
     */
    public void directPathsLost() {
        for (CryptoSession s : byRealKey.values()) {
            s.directLost();
        }
    }

    /** Handles one received packet of kind 0x18-0x1b. Never throws on bad input. */
    public Verdict receive(InetSocketAddress from, byte[] packet) {
        if (closed || packet.length == 0) {
            return Verdict.DROPPED;
        }
        Verdict v;
        try {
            v = dispatch(Addresses.normalize(from), packet);
        } catch (MalformedPacketException e) {
            v = Verdict.MALFORMED;
        }
        if (v == Verdict.MALFORMED) {
            bad.incrementAndGet();
        }
        return v;
    }

    private Verdict dispatch(InetSocketAddress from, byte[] packet) {
        int kind = packet[0] & 0xff;
        if (kind == PacketKind.COOKIE_REQUEST) {
            return handleCookieRequest(from, packet);
        }
        if (packet.length > PacketKind.MAX_PACKET_SIZE) {
            return Verdict.MALFORMED;
        }
        CryptoSession s = byAddress.get(from);
        switch (kind) {
            case PacketKind.COOKIE_RESPONSE:
                return s == null ? Verdict.DROPPED : s.handleCookieResponse(packet);
            case PacketKind.CRYPTO_HANDSHAKE: {
                CryptoHandshake hs = CryptoHandshake.decode(Unpooled.wrappedBuffer(packet));
                return s == null ? handleNewHandshake(from, hs) : s.handleHandshake(hs);
            }
            case PacketKind.CRYPTO_DATA: {
                if (s == null) {
                    return Verdict.DROPPED;
                }
                return s.handleData(packet, from);
            }
            default:
                return Verdict.DROPPED;
        }
    }

    private Verdict handleCookieRequest(InetSocketAddress from, byte[] packet) {
        long now = now();
        long newTokens = (now - cookieTokenTime) / COOKIE_TOKEN_INTERVAL;
        if (newTokens > 0) {
            cookieTokens += newTokens;
            if (cookieTokens > COOKIE_TOKENS) {
                cookieTokens = COOKIE_TOKENS;
                cookieTokenTime = now;
            } else {
                cookieTokenTime += newTokens * COOKIE_TOKEN_INTERVAL;
            }
        }
        if (cookieTokens == 0) {
            return Verdict.DROPPED;
        }
        cookieTokens--;
        CookieRequest req = CookieRequest.decode(Unpooled.wrappedBuffer(packet));
        byte[] senderDht = req.senderDhtPublicKey();
        Optional<SharedKey> key = dhtShared(senderDht);
        if (key.isEmpty()) {
            return Verdict.MALFORMED;
        }
        Optional<CookieRequest.Plain> plain = req.open(key.get());
        if (plain.isEmpty()) {
            return Verdict.MALFORMED;
        }
        byte[] cookie = new Cookie(nowSeconds(), plain.get().realPublicKey(), senderDht).seal(cookieKey);
        CookieResponse resp = CookieResponse.seal(key.get(), new CookieResponse.Plain(cookie, plain.get().number()));
        sendRaw(from, bytes(resp::encode, CookieResponse.SIZE));
        return Verdict.HANDLED;
    }

    private Verdict handleNewHandshake(InetSocketAddress from, CryptoHandshake hs) {
        Optional<OpenedHandshake> opened = openHandshake(hs, null);
        if (opened.isEmpty()) {
            return Verdict.MALFORMED;
        }
        byte[] real = opened.get().cookie().realPublicKey();
        byte[] dht = opened.get().cookie().dhtPublicKey();
        CryptoSession existing = byRealKey.get(hex(real));
        if (existing != null) {
            if (!existing.dhtKeyEquals(dht)) {
                existing.close(CloseReason.PEER_DHT_KEY_CHANGED);
            } else {
                CryptoSession.State st = existing.state();
                if (st != CryptoSession.State.COOKIE_REQUESTING && st != CryptoSession.State.HANDSHAKE_SENT) {
                    return Verdict.DROPPED;
                }
                moveAddress(existing, from);
                existing.acceptHandshake(opened.get().plain(), true);
                return Verdict.HANDLED;
            }
        }
        SessionListener listener = incoming.accept(real, dht, from);
        if (listener == null) {
            return Verdict.DROPPED;
        }
        CryptoSession s = new CryptoSession(this, real, dht, from, listener, CryptoSession.State.NOT_CONFIRMED);
        remember(s);
        s.acceptHandshake(opened.get().plain(), true);
        if (s.state() != CryptoSession.State.NOT_CONFIRMED) {
            s.close(CloseReason.KILLED_LOCALLY);
            return Verdict.MALFORMED;
        }
        return Verdict.HANDLED;
    }

    /** Opens and checks a handshake: our cookie, fresh, from {@code expectedRealKey} if given, hash matching. */
    Optional<OpenedHandshake> openHandshake(CryptoHandshake hs, byte[] expectedRealKey) {
        Optional<Cookie> cookie = Cookie.open(cookieKey, hs.cookie(), 0);
        if (cookie.isEmpty() || !cookie.get().isFresh(nowSeconds())) {
            return Optional.empty();
        }
        byte[] real = cookie.get().realPublicKey();
        if (expectedRealKey != null && !Arrays.equals(real, expectedRealKey)) {
            return Optional.empty();
        }
        Optional<SharedKey> key = realShared(real);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<CryptoHandshake.Plain> plain = hs.open(key.get());
        if (plain.isEmpty() || !hs.hashMatches(plain.get())) {
            return Optional.empty();
        }
        return Optional.of(new OpenedHandshake(cookie.get(), plain.get()));
    }

    byte[] makeHandshake(byte[] peerCookie, Nonce baseNonce, byte[] sessionPublicKey, byte[] peerReal, byte[] peerDht) {
        byte[] ourCookie = new Cookie(nowSeconds(), peerReal, peerDht).seal(cookieKey);
        SharedKey key = realShared(peerReal).orElseThrow(() -> new IllegalStateException("unusable real key"));
        CryptoHandshake hs = CryptoHandshake.seal(key, peerCookie, baseNonce, sessionPublicKey, ourCookie);
        return bytes(hs::encode, CryptoHandshake.SIZE);
    }

    boolean sendRaw(InetSocketAddress to, byte[] packet) {
        return !closed && transport.send(to, packet);
    }

    long now() {
        return loop.nowMillis();
    }

    void schedule(Runnable task, long delayMillis) {
        loop.schedule(task, delayMillis);
    }

    private long nowSeconds() {
        return Math.floorDiv(loop.nowMillis(), 1000);
    }

    private void tick() {
        long now = now();
        for (CryptoSession s : new ArrayList<>(byRealKey.values())) {
            s.tick(now);
        }
    }

    private void remember(CryptoSession s) {
        byRealKey.put(hex(s.realKeyRaw()), s);
        byAddress.put(s.address(), s);
    }

    private void moveAddress(CryptoSession s, InetSocketAddress to) {
        byAddress.remove(s.address(), s);
        s.setAddress(to);
        byAddress.put(to, s);
    }

    void forget(CryptoSession s) {
        byRealKey.remove(hex(s.realKeyRaw()), s);
        byAddress.remove(s.address(), s);
        if (s.directAddress() != null) {
            byAddress.remove(s.directAddress(), s);
        }
    }

    private Optional<SharedKey> dhtShared(byte[] peerDht) {
        String k = hex(peerDht);
        SharedKey s = dhtSharedKeys.get(k);
        if (s != null) {
            return Optional.of(s);
        }
        Optional<SharedKey> made = dhtKeyAgreement.apply(peerDht.clone());
        if (made.isPresent()) {
            if (dhtSharedKeys.size() > 4096) {
                dhtSharedKeys.clear();
            }
            dhtSharedKeys.put(k, made.get());
        }
        return made;
    }

    private Optional<SharedKey> realShared(byte[] peerReal) {
        return cached(realSharedKeys, realKeys, peerReal);
    }

    private static Optional<SharedKey> cached(Map<String, SharedKey> cache, KeyPair own, byte[] peer) {
        String k = hex(peer);
        SharedKey s = cache.get(k);
        if (s != null) {
            return Optional.of(s);
        }
        Optional<SharedKey> made = SharedKey.precompute(own, peer);
        if (made.isPresent()) {
            if (cache.size() > 4096) {
                cache.clear();
            }
            cache.put(k, made.get());
        }
        return made;
    }

    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    private static byte[] bytes(java.util.function.Consumer<ByteBuf> encoder, int size) {
        ByteBuf b = Unpooled.buffer(size);
        encoder.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** Kills every session (telling established peers) and stops the timer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (CryptoSession s : new ArrayList<>(byRealKey.values())) {
            s.kill();
        }
        closed = true;
        timer.cancel();
    }
}
