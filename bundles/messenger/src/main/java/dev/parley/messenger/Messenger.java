package dev.parley.messenger;

import dev.parley.api.chat.ChatListener;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.IncomingMessage;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Connection;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendKey;
import dev.parley.api.friends.FriendListener;
import dev.parley.api.friends.FriendRequest;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.api.profile.UserStatus;
import dev.parley.crypto.ToxId;
import dev.parley.dht.DhtKey;
import dev.parley.dht.NodeInfo;
import dev.parley.dht.DhtService;
import dev.parley.messenger.wire.MessengerPacket;
import dev.parley.messenger.wire.ShareRelays;
import dev.parley.messenger.wire.Utf8Split;
import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.netcrypto.CryptoSession;
import dev.parley.netcrypto.NetCrypto;
import dev.parley.netcrypto.SessionListener;
import dev.parley.onion.OnionService;
import dev.parley.profile.ToxSave;
import dev.parley.profile.format.FriendRecord;
import dev.parley.profile.format.FriendStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * c-toxcore's friend_connection and Messenger for one node, and the api's profile, friends and
 * chat services on top. All protocol state belongs to the node's event loop; api methods may be
 * called from any thread (they hop onto the loop and wait for it briefly, never for the network).
 * Listener events go out through an {@link Executor} off the loop, in order.
 *
 * <p>Friend connection: the onion learns each friend's DHT key; the DHT finds its address; we open
 * a net_crypto session to it (and accept the sessions friends open to us), send ALIVE every
 * {@link Options#pingMillis} and kill a session silent for {@link Options#timeoutMillis}; a closed
 * session is reopened when an address is known again.
 *
 * <p>Messenger: ONLINE first, then NICKNAME, STATUSMESSAGE, USERSTATUS and TYPING; MESSAGE and
 * ACTION with receipts from net_crypto's delivery confirmations. Texts longer than one packet are
 * split on UTF-8 boundaries; a receipt is reported when every part is delivered. Messages to an
 * offline friend are queued in an {@link OutboxStore} and sent when it comes online; a message
 * leaves the queue when delivered. Parts sent but unconfirmed when a session breaks are sent again
 * on the next session (as a c-toxcore client resends unreceipted messages).
 */
public final class Messenger implements ProfileService, FriendsService, ChatService, AutoCloseable {

    /**
     * Tunables.
     *
     * @param tickMillis how often friend connections are checked
     * @param pingMillis ALIVE interval (c-toxcore's {@code FRIEND_PING_INTERVAL}, 8 s)
     * @param timeoutMillis silence after which a session is killed (c-toxcore's
     *     {@code FRIEND_CONNECTION_TIMEOUT}, 32 s)
     */
    /**
     * Timing of the friend connections, and the wall clock that stamps "last seen" (the one
     * reading of calendar time; the loop's clock is monotonic and has no epoch).
     */
    public record Options(long tickMillis, long pingMillis, long timeoutMillis, java.time.Clock wallClock) {
        public static Options defaults() {
            return new Options(200, 8_000, 32_000, java.time.Clock.systemUTC());
        }
    }

    private record Part(long messageId, int packetId, byte[] payload, boolean last) {
    }

    private record Inflight(long packetNumber, Part part) {
    }

    /** One friend's state; loop only. */
    private final class F {
        final FriendKey key;
        final DhtKey pk;
        final int number;
        boolean confirmed;
        int requestNospam;
        String requestMessage = "";
        String name = "";
        String statusMessage = "";
        UserStatus status = UserStatus.ONLINE;
        boolean typing;
        long lastSeen;
        boolean ourTyping;
        DhtKey dhtKey;
        InetSocketAddress address;
        CryptoSession session;
        boolean peerOnline;
        long lastAliveReceived;
        long lastAliveSent;
        long lastLookup;
        Connection reported = Connection.NONE;
        DhtKey dhtSearch;
        /** The DHT key whose found addresses {@link #onDhtAddress} hears (one listener per key). */
        DhtKey dhtListened;
        final Deque<Part> outbox = new ArrayDeque<>();
        final Deque<Inflight> inflight = new ArrayDeque<>();

        F(FriendKey key, int number) {
            this.key = key;
            this.pk = DhtKey.fromHex(key.hex());
            this.number = number;
        }

        Friend snapshot() {
            return new Friend(key, number, confirmed, name, statusMessage, status,
                    peerOnline ? connectionOf(this) : Connection.NONE, typing,
                    lastSeen == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(lastSeen)));
        }

        FriendRecord record() {
            if (!confirmed) {
                return FriendRecord.requestSent(pk.toBytes(), requestNospam, requestMessage);
            }
            return FriendRecord.confirmed(pk.toBytes(), name, statusMessage,
                    dev.parley.profile.format.UserStatus.fromCode(status.ordinal()), lastSeen);
        }
    }

    private final EventLoop loop;
    private final Consumer<ToxSave> saveSink;
    private final OutboxStore outboxStore;
    private final Executor events;
    private final Options options;
    private final String selfHex;

    // loop-owned
    /** The node's DHT, onion and net_crypto: null until {@link #attach} (the Messenger runs from the save alone). */
    private DhtService dht;
    private OnionService onion;
    private NetCrypto netCrypto;
    private ToxSave save;
    private final Map<FriendKey, F> friends = new LinkedHashMap<>();
    private final Map<FriendKey, FriendRequest> requests = new LinkedHashMap<>();
    private final Map<Long, QueuedMessage> queued = new LinkedHashMap<>();
    private Cancellable timer;
    private TcpPaths tcp = TcpPaths.NONE;

    // snapshots for any thread
    private final Map<FriendKey, Friend> friendSnapshots = new ConcurrentHashMap<>();
    private boolean queuePersistPending; // loop only
    /** When the outbox was last handed to the store, on the loop's clock; loop only. */
    private long queueStoredAt = Long.MIN_VALUE / 4;
    private volatile List<FriendRequest> requestSnapshot = List.of();
    private volatile String name;
    private volatile String statusMessage;
    private volatile UserStatus status;
    private volatile int nospam;
    private final AtomicLong nextMessageId = new AtomicLong(1);
    /** Sends not yet taken by the loop, in id order (see {@link #send}). */
    private final List<QueuedMessage> sendQueue = new ArrayList<>();
    private final AtomicBoolean sendsQueued = new AtomicBoolean();
    private final List<FriendListener> friendListeners = new CopyOnWriteArrayList<>();
    private final List<ChatListener> chatListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Starts the Messenger of a node whose DHT, onion and net_crypto run on {@code loop}, for the
     * identity and friends in {@code save}. The net_crypto must use the save's key pair as its real
     * keys; this Messenger becomes its handler of incoming sessions.
     *
     * @param saveSink hears every changed save (off the loop), to persist it
     * @param outboxStore keeps undelivered messages (used off the loop)
     * @param events runs listener calls and store writes, one at a time, in order
     */
    public Messenger(EventLoop loop, DhtService dht, OnionService onion, NetCrypto netCrypto, ToxSave save,
            Consumer<ToxSave> saveSink, OutboxStore outboxStore, Executor events, Options options) {
        this(loop, save, saveSink, outboxStore, events, options);
        attach(dht, onion, netCrypto);
    }

    /**
     * Starts the Messenger of a node whose network is not up yet: the profile, friends and queued
     * messages come from {@code save} and the outbox at once (and may be changed; sends wait in the
     * outbox), and nobody is reached until {@link #attach} hands over the node's DHT, onion and
     * net_crypto, which must then run on {@code loop}.
     */
    public Messenger(EventLoop loop, ToxSave save, Consumer<ToxSave> saveSink, OutboxStore outboxStore,
            Executor events, Options options) {
        this.loop = loop;
        this.save = save;
        this.saveSink = saveSink;
        this.outboxStore = outboxStore;
        this.events = events;
        this.options = options;
        this.selfHex = new FriendKey(HexUpper.of(save.publicKey())).hex();
        this.name = save.name();
        this.statusMessage = save.statusMessage();
        this.status = UserStatus.values()[save.userStatus().code()];
        this.nospam = save.nospam();
        // The friend table is filled here, not on the loop, so friends() is complete as soon as the
        // Messenger exists; the loop sees it through the hand-over below.
        loadFriends();
        List<QueuedMessage> stored = outboxStore.load();
        loop.execute(() -> start(stored));
    }

    private static final class HexUpper {
        static String of(byte[] b) {
            return java.util.HexFormat.of().withUpperCase().formatHex(b);
        }
    }

    private void loadFriends() {
        for (FriendRecord r : save.friends()) {
            FriendStatus st = r.friendStatus();
            if (st == null || st == FriendStatus.NOT_A_FRIEND) {
                continue;
            }
            F f = newFriend(new FriendKey(HexUpper.of(r.publicKey())));
            f.confirmed = st.isConfirmed();
            f.name = new String(r.name(), StandardCharsets.UTF_8);
            f.statusMessage = new String(r.statusMessage(), StandardCharsets.UTF_8);
            f.status = UserStatus.values()[dev.parley.profile.format.UserStatus.fromCode(r.userStatus()).code()];
            f.lastSeen = r.lastSeen();
            f.requestNospam = r.nospam();
            f.requestMessage = new String(r.requestMessage(), StandardCharsets.UTF_8);
            publish(f);
        }
    }

    private void start(List<QueuedMessage> stored) {
        long maxId = 0;
        for (QueuedMessage m : stored) {
            F f = friends.get(m.to());
            if (f != null) {
                enqueue(f, m);
                maxId = Math.max(maxId, m.id());
            }
        }
        nextMessageId.accumulateAndGet(maxId + 1, Math::max);
        timer = loop.every(options.tickMillis(), this::tick);
    }

    /**
     * Connects this Messenger to its node, once (any thread; done on the loop, after the start):
     * friend searches, requests we sent and friends' sessions begin, and queued messages go out as
     * friends come online. The net_crypto must use the save's key pair as its real keys; this
     * Messenger becomes its handler of incoming sessions. A node does not leave a Messenger: when
     * it goes, the Messenger is closed and started again from the save.
     */
    public void attach(DhtService dht, OnionService onion, NetCrypto netCrypto) {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            if (this.onion != null) {
                throw new IllegalStateException("the Messenger has its node already");
            }
            this.dht = dht;
            this.onion = onion;
            this.netCrypto = netCrypto;
            onion.setNospam(nospam); // it may have changed while the node was not there
            onion.onFriendRequest(this::onFriendRequest);
            onion.onFriendDhtKey(this::onFriendDhtKey);
            onion.onFriendRelays(this::onFriendRelays);
            netCrypto.setIncomingHandler(this::incoming);
            friends.values().forEach(this::startFriend);
        });
    }

    private F newFriend(FriendKey key) {
        int n = 0;
        while (true) {
            final int candidate = n;
            if (friends.values().stream().noneMatch(f -> f.number == candidate)) {
                break;
            }
            n++;
        }
        F f = new F(key, n);
        friends.put(key, f);
        return f;
    }

    private void startFriend(F f) {
        if (onion == null) {
            return; // attach starts every friend
        }
        if (f.confirmed) {
            onion.addFriend(f.pk);
        } else {
            byte[] msg = f.requestMessage.isEmpty() ? new byte[] {' '} : f.requestMessage.getBytes(StandardCharsets.UTF_8);
            onion.sendFriendRequest(ToxId.of(f.pk.toBytes(), f.requestNospam), msg);
        }
    }

    // ---- listeners (whiteboard targets) ----

    public void addFriendListener(FriendListener l) {
        friendListeners.add(l);
    }

    public void removeFriendListener(FriendListener l) {
        friendListeners.remove(l);
    }

    public void addChatListener(ChatListener l) {
        chatListeners.add(l);
    }

    public void removeChatListener(ChatListener l) {
        chatListeners.remove(l);
    }

    private void emitFriend(Consumer<FriendListener> event) {
        events.execute(() -> {
            for (FriendListener l : friendListeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    // a listener's failure is its own
                }
            }
        });
    }

    private void emitChat(Consumer<ChatListener> event) {
        events.execute(() -> {
            for (ChatListener l : chatListeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    // a listener's failure is its own
                }
            }
        });
    }

    // ---- loop helpers ----

    private <T> T onLoop(Supplier<T> work) {
        if (loop.inLoop()) {
            return work.get();
        }
        try {
            return loop.call(work).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void publish(F f) {
        friendSnapshots.put(f.key, f.snapshot());
    }

    private void persistSave() {
        List<FriendRecord> records = new ArrayList<>();
        friends.values().stream().sorted(Comparator.comparingInt(f -> f.number)).forEach(f -> records.add(f.record()));
        save = save.withFriends(records);
        ToxSave s = save;
        events.execute(() -> saveSink.accept(s));
    }

    /**
     * Least time between two writes of the outbox. Every send and every receipt changes the queue;
     * written each time, a conversation cost a file write per message and receipt (about 0.3 ms of
     * CPU each), on the thread that delivers the events, so a received message waited behind them
     * (MessengerBench with a file store: round-trip median 0.6 ms against 0.18 ms without). A
     * change is on disk at most this long after it was made.
     */
    static final long QUEUE_STORE_INTERVAL_MILLIS = 100;

    /**
     * Stores the queue once the loop has run what is already waiting on it, and not sooner than
     * {@link #QUEUE_STORE_INTERVAL_MILLIS} after the last write, so a burst of changes, or a quick
     * exchange of messages, is one write, not one per message.
     */
    private void persistQueue() {
        if (queuePersistPending) {
            return;
        }
        queuePersistPending = true;
        long wait = queueStoredAt + QUEUE_STORE_INTERVAL_MILLIS - loop.nowMillis();
        if (wait <= 0) {
            loop.execute(this::storeQueueNow);
        } else {
            loop.schedule(this::storeQueueNow, wait);
        }
    }

    private void storeQueueNow() {
        if (!queuePersistPending) {
            return; // close() stored it already
        }
        queuePersistPending = false;
        queueStoredAt = loop.nowMillis();
        List<QueuedMessage> copy = List.copyOf(queued.values());
        events.execute(() -> outboxStore.store(copy));
    }

    // ---- ProfileService ----

    @Override
    public String toxId() {
        return ToxId.of(save.publicKey(), nospam).toString().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String publicKey() {
        return selfHex;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String newName) {
        check(newName, MAX_NAME_BYTES, "name");
        onLoop(() -> {
            name = newName;
            save = save.withName(newName);
            persistSave();
            broadcast(MessengerPacket.text(MessengerPacket.NICKNAME, newName));
            return null;
        });
    }

    @Override
    public UserStatus status() {
        return status;
    }

    @Override
    public void setStatus(UserStatus newStatus) {
        onLoop(() -> {
            status = newStatus;
            save = save.withUserStatus(dev.parley.profile.format.UserStatus.fromCode(newStatus.ordinal()));
            persistSave();
            broadcast(MessengerPacket.oneByte(MessengerPacket.USERSTATUS, newStatus.ordinal()));
            return null;
        });
    }

    @Override
    public String statusMessage() {
        return statusMessage;
    }

    @Override
    public void setStatusMessage(String message) {
        check(message, MAX_STATUS_MESSAGE_BYTES, "status message");
        onLoop(() -> {
            statusMessage = message;
            save = save.withStatusMessage(message);
            persistSave();
            broadcast(MessengerPacket.text(MessengerPacket.STATUSMESSAGE, message));
            return null;
        });
    }

    @Override
    public int nospam() {
        return nospam;
    }

    @Override
    public void setNospam(int value) {
        onLoop(() -> {
            nospam = value;
            if (onion != null) {
                onion.setNospam(value);
            }
            save = save.withNospam(value);
            persistSave();
            return null;
        });
    }

    private static void check(String text, int max, String what) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new IllegalArgumentException("a " + what + " has at most " + max + " UTF-8 bytes");
        }
    }

    private void broadcast(MessengerPacket p) {
        for (F f : friends.values()) {
            if (f.peerOnline) {
                sendPacket(f, p);
            }
        }
    }

    // ---- FriendsService ----

    @Override
    public Friend add(String toxId, String message) {
        ToxId id;
        try {
            id = ToxId.parse(toxId.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Tox ID: " + toxId, e);
        }
        byte[] msg = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        if (msg.length == 0 || msg.length > MAX_REQUEST_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a friend request message has 1 to " + MAX_REQUEST_MESSAGE_BYTES
                    + " UTF-8 bytes");
        }
        FriendKey key = new FriendKey(HexUpper.of(id.publicKey()));
        if (key.hex().equals(selfHex)) {
            throw new IllegalArgumentException("that is our own Tox ID");
        }
        return onLoop(() -> {
            if (friends.containsKey(key)) {
                throw new IllegalArgumentException("already a friend: " + key);
            }
            F f;
            if (requests.containsKey(key)) {
                // They asked us already: adding them is accepting.
                requests.remove(key);
                publishRequests();
                f = newFriend(key);
                f.confirmed = true;
            } else {
                f = newFriend(key);
                f.requestNospam = id.nospam();
                f.requestMessage = message;
            }
            startFriend(f);
            publish(f);
            persistSave();
            Friend s = f.snapshot();
            emitFriend(l -> l.friendAdded(s));
            return s;
        });
    }

    @Override
    public List<FriendRequest> requests() {
        return requestSnapshot;
    }

    private void publishRequests() {
        requestSnapshot = List.copyOf(requests.values());
    }

    @Override
    public Friend accept(FriendKey key) {
        return onLoop(() -> {
            if (requests.remove(key) == null) {
                throw new IllegalArgumentException("no friend request from " + key);
            }
            publishRequests();
            F f = newFriend(key);
            f.confirmed = true;
            startFriend(f);
            publish(f);
            persistSave();
            Friend s = f.snapshot();
            emitFriend(l -> l.friendAdded(s));
            return s;
        });
    }

    @Override
    public boolean decline(FriendKey key) {
        return onLoop(() -> {
            boolean had = requests.remove(key) != null;
            publishRequests();
            return had;
        });
    }

    @Override
    public boolean remove(FriendKey key) {
        return onLoop(() -> {
            F f = friends.remove(key);
            if (f == null) {
                return false;
            }
            friendSnapshots.remove(key);
            if (onion != null) {
                onion.removeFriend(f.pk);
            }
            if (f.session != null) {
                CryptoSession s = f.session;
                f.session = null;
                s.kill();
            }
            if (queued.values().removeIf(m -> m.to().equals(key))) {
                persistQueue();
            }
            persistSave();
            emitFriend(l -> l.friendRemoved(key));
            return true;
        });
    }

    @Override
    public List<Friend> friends() {
        return friendSnapshots.values().stream().sorted(Comparator.comparingInt(Friend::number)).toList();
    }

    @Override
    public Optional<Friend> friend(FriendKey key) {
        return Optional.ofNullable(friendSnapshots.get(key));
    }

    // ---- ChatService ----

    @Override
    public long send(FriendKey to, MessageKind kind, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a message is not empty");
        }
        if (!friendSnapshots.containsKey(to)) {
            throw new IllegalArgumentException("not a friend: " + to);
        }
        long id;
        // The caller does not wait for the loop. Sends wait in order in a queue that one loop task
        // takes as a whole: a burst of sends is one task (one wake-up of the loop), persisted once
        // and flushed together. The id is taken under the lock so that the queue's order is the
        // ids' order even with several sending threads.
        synchronized (sendQueue) {
            id = nextMessageId.getAndIncrement();
            sendQueue.add(new QueuedMessage(id, to, kind, text));
        }
        if (sendsQueued.compareAndSet(false, true)) {
            loop.execute(this::takeSends);
        }
        return id;
    }

    private void takeSends() {
        sendsQueued.set(false);
        List<QueuedMessage> batch;
        synchronized (sendQueue) {
            batch = new ArrayList<>(sendQueue);
            sendQueue.clear();
        }
        Set<F> touched = new LinkedHashSet<>();
        for (QueuedMessage m : batch) {
            F f = friends.get(m.to());
            if (f != null) { // else removed in the meantime: the message goes with the friend
                enqueue(f, m);
                touched.add(f);
            }
        }
        if (!touched.isEmpty()) {
            persistQueue();
            touched.forEach(this::flush);
        }
    }

    private void enqueue(F f, QueuedMessage m) {
        queued.put(m.id(), m);
        int packetId = m.kind() == MessageKind.ACTION ? MessengerPacket.ACTION : MessengerPacket.MESSAGE;
        List<byte[]> parts = Utf8Split.split(m.text(), MessengerPacket.MAX_MESSAGE);
        for (int i = 0; i < parts.size(); i++) {
            f.outbox.addLast(new Part(m.id(), packetId, parts.get(i), i == parts.size() - 1));
        }
    }

    @Override
    public void setTyping(FriendKey to, boolean typing) {
        onLoop(() -> {
            F f = friends.get(to);
            if (f != null && f.ourTyping != typing) {
                f.ourTyping = typing;
                if (f.peerOnline) {
                    sendPacket(f, MessengerPacket.oneByte(MessengerPacket.TYPING, typing ? 1 : 0));
                }
            }
            return null;
        });
    }

    // ---- friend requests and DHT keys from the onion ----

    private void onFriendRequest(DhtKey from, byte[] message) {
        FriendKey key = new FriendKey(from.toHex());
        F f = friends.get(key);
        if (f != null) {
            if (!f.confirmed) {
                // We asked them too: the friendship is mutual now (c-toxcore's behaviour as well).
                f.confirmed = true;
                onion.addFriend(f.pk);
                publish(f);
                persistSave();
            }
            return;
        }
        if (requests.containsKey(key)) {
            return;
        }
        // The loop's clock counts from an arbitrary origin; a request's arrival is a wall-clock time.
        FriendRequest r = new FriendRequest(key, new String(message, StandardCharsets.UTF_8),
                options.wallClock().instant());
        requests.put(key, r);
        publishRequests();
        emitFriend(l -> l.requestReceived(r));
    }

    private void onFriendDhtKey(DhtKey friend, DhtKey dhtKey) {
        F f = friends.get(new FriendKey(friend.toHex()));
        if (f == null) {
            return;
        }
        if (f.session != null && !Arrays.equals(f.session.peerDhtPublicKey(), dhtKey.toBytes())) {
            CryptoSession s = f.session;
            s.kill(); // the friend restarted: its old session is dead
        }
        f.dhtKey = dhtKey;
        f.address = null;
        f.lastLookup = 0;
        tcp.addPeer(dhtKey.toBytes());
        if (!dhtKey.equals(f.dhtListened)) {
            // Hear the DHT the moment the friend's key answers it, rather than asking at the next
            // tick and then once a second: the session starts as soon as an address is known.
            f.dhtListened = dhtKey;
            dht.addFriend(dhtKey, a -> onDhtAddress(f, dhtKey, a));
        }
        lookUp(f, loop.nowMillis());
    }

    /** The DHT heard the friend's DHT key at {@code a} (on the loop, or hopping onto it). */
    private void onDhtAddress(F f, DhtKey dk, InetSocketAddress a) {
        if (!loop.inLoop()) {
            loop.execute(() -> onDhtAddress(f, dk, a));
            return;
        }
        if (closed || friends.get(f.key) != f || !dk.equals(f.dhtKey) || f.session != null || f.address != null) {
            return;
        }
        f.address = a;
        connect(f);
    }

    /** Asks the DHT and the onion where the friend is; the first answer opens the session. */
    private void lookUp(F f, long now) {
        f.lastLookup = now;
        DhtKey dk = f.dhtKey;
        Consumer<Optional<InetSocketAddress>> found = a -> loop.execute(() -> {
            if (a.isPresent() && dk.equals(f.dhtKey) && f.address == null && f.session == null
                    && friends.get(f.key) == f && !closed) {
                f.address = a.get();
                connect(f);
            }
        });
        dht.friendAddress(dk).thenAccept(found);
        onion.friendAddress(f.pk).thenAccept(found);
    }

    private void onFriendRelays(DhtKey friend, DhtKey dhtKey, List<NodeInfo> relays) {
        F f = friends.get(new FriendKey(friend.toHex()));
        if (f == null) {
            return;
        }
        tcp.addRelays(hostedAt(relays, dhtKey, seenAt(f)));
        tcp.addPeer(dhtKey.toBytes());
    }

    /**
     * c-toxcore's rule for the relays a friend names: one at a loopback address under the
     * friend's own DHT key is the friend's own relay server (a client hosting one names itself so,
     * as it reaches itself over loopback); it is reached at the friend's IP when we know that one
     * (with the port it named), else left as named.
     */
    static List<NodeInfo> hostedAt(List<NodeInfo> relays, DhtKey friendDhtKey, InetSocketAddress friendSeenAt) {
        if (friendSeenAt == null || friendDhtKey == null) {
            return relays;
        }
        List<NodeInfo> out = new ArrayList<>(relays.size());
        for (NodeInfo r : relays) {
            boolean hosted = r.address().getAddress() != null && r.address().getAddress().isLoopbackAddress()
                    && r.key().equals(friendDhtKey);
            out.add(hosted ? new NodeInfo(r.key(), new InetSocketAddress(friendSeenAt.getAddress(), r.address().getPort()))
                    : r);
        }
        return out;
    }

    /** The friend's UDP address, if we know it (a session's direct path, or where the DHT or onion found it). */
    private InetSocketAddress seenAt(F f) {
        CryptoSession s = f.session;
        InetSocketAddress a = s == null ? f.address : s.directAddress() != null ? s.directAddress() : s.address();
        return a == null || tcp.isRelayAddress(a) ? null : a;
    }

    /**
     * Friend connections may also run over TCP relays: see {@link TcpPaths}. Call before friends
     * come online (any thread).
     */
    public void setTcpPaths(TcpPaths paths) {
        loop.execute(() -> {
            this.tcp = paths == null ? TcpPaths.NONE : paths;
            for (F f : friends.values()) {
                if (f.dhtKey != null) {
                    tcp.addPeer(f.dhtKey.toBytes());
                }
            }
        });
    }

    private Connection connectionOf(F f) {
        CryptoSession s = f.session;
        return s != null && tcp.isRelayAddress(s.address()) && !s.isDirect() ? Connection.TCP : Connection.UDP;
    }

    /**
     * A session over a relay: look for the friend's UDP address (DHT, onion) and add it to the
     * session, which then moves to UDP when packets cross it; a session over UDP: add the relay
     * path as its fallback; report TCP/UDP changes.
     */
    private void upgrade(F f, CryptoSession s, long now) {
        if (!tcp.isRelayAddress(s.address()) && s.directAddress() == null && f.dhtKey != null) {
            // A session that came up over UDP: give it the relay path too, so that it survives
            // UDP going away (our transport stopped) without a new handshake.
            Optional<InetSocketAddress> relay = tcp.address(f.dhtKey.toBytes());
            if (relay.isPresent()) {
                netCrypto.addFallback(f.pk.toBytes(), relay.get());
            }
        }
        if (tcp.isRelayAddress(s.address()) && s.directAddress() == null && f.dhtKey != null
                && now - f.lastLookup >= 1000) {
            f.lastLookup = now;
            DhtKey dk = f.dhtKey;
            if (!dk.equals(f.dhtSearch)) {
                // The key may have come with the session (not from the onion): make sure the DHT
                // searches for it, as c-toxcore's friend connection does with any DHT key it learns.
                f.dhtSearch = dk;
                dht.addFriend(dk, null);
            }
            dht.friendAddress(dk).thenAccept(a -> loop.execute(() -> {
                if (a.isPresent() && f.session == s && dk.equals(f.dhtKey) && !tcp.isRelayAddress(a.get())) {
                    netCrypto.addDirect(f.pk.toBytes(), a.get());
                }
            }));
        }
        if (f.peerOnline) {
            Connection c = connectionOf(f);
            if (c != f.reported) {
                f.reported = c;
                publish(f);
                FriendKey key = f.key;
                emitFriend(l -> l.connectionChanged(key, c));
            }
        }
    }

    /** c-toxcore's share-relays packet: our connected relays, so the friend can meet us there. */
    private void shareRelays(F f) {
        List<NodeInfo> ours = tcp.ourRelays();
        if (!ours.isEmpty() && f.session != null && f.session.isEstablished()) {
            f.session.sendLossless(new ShareRelays(ours).toBytes(), false);
        }
    }

    private void onShareRelays(F f, byte[] data) {
        List<NodeInfo> relays = ShareRelays.decode(data).relays();
        if (!relays.isEmpty()) {
            tcp.addRelays(hostedAt(relays, f.dhtKey, seenAt(f)));
            if (f.dhtKey != null) {
                tcp.addPeer(f.dhtKey.toBytes());
            }
        }
    }

    // ---- friend connections ----

    private SessionListener incoming(byte[] realKey, byte[] dhtKey, InetSocketAddress from) {
        F f = friends.get(new FriendKey(HexUpper.of(realKey)));
        if (f == null || closed) {
            return null;
        }
        if (f.session != null) {
            return null; // NetCrypto hands us only peers without a session; be safe anyway
        }
        f.dhtKey = DhtKey.of(dhtKey);
        tcp.addPeer(dhtKey);
        return new Link(f);
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = loop.nowMillis();
        for (F f : List.copyOf(friends.values())) {
            CryptoSession s = f.session;
            if (s != null && s.isEstablished()) {
                if (now - f.lastAliveSent >= options.pingMillis()) {
                    f.lastAliveSent = now;
                    s.sendLossless(MessengerPacket.of(MessengerPacket.ALIVE).encode(), false);
                }
                if (now - f.lastAliveReceived > options.timeoutMillis()) {
                    s.kill();
                    continue;
                }
                upgrade(f, s, now);
                flush(f);
            } else if (s == null && f.dhtKey != null) {
                if (f.address == null) {
                    Optional<InetSocketAddress> viaTcp = tcp.address(f.dhtKey.toBytes());
                    if (viaTcp.isPresent()) {
                        f.address = viaTcp.get();
                    }
                }
                if (f.address == null) {
                    if (now - f.lastLookup >= 1000) {
                        lookUp(f, now);
                    }
                    continue;
                }
                connect(f);
            }
        }
    }

    /** Opens a session to the friend's known DHT key and address (loop only). */
    private void connect(F f) {
        if (f.session != null || f.dhtKey == null || f.address == null) {
            return;
        }
        try {
            Link link = new Link(f);
            CryptoSession opened = netCrypto.connect(f.pk.toBytes(), f.dhtKey.toBytes(), f.address, link);
            f.session = opened;
        } catch (RuntimeException e) {
            f.address = null;
        }
    }

    private void sendPacket(F f, MessengerPacket p) {
        if (f.session != null && f.session.isEstablished()) {
            f.session.sendLossless(p.encode(), false);
        }
    }

    private void flush(F f) {
        CryptoSession s = f.session;
        if (!f.peerOnline || s == null || !s.isEstablished()) {
            return;
        }
        while (!f.outbox.isEmpty()) {
            Part p = f.outbox.peekFirst();
            byte[] data = new byte[1 + p.payload().length];
            data[0] = (byte) p.packetId();
            System.arraycopy(p.payload(), 0, data, 1, p.payload().length);
            long n = s.sendLossless(data, false);
            if (n < 0) {
                return; // send buffer full: the next tick or delivery tries again
            }
            f.outbox.pollFirst();
            f.inflight.addLast(new Inflight(n, p));
        }
    }

    private void goOnline(F f) {
        f.peerOnline = true;
        onion.setFriendOnline(f.pk, true);
        f.lastSeen = options.wallClock().instant().getEpochSecond();
        boolean becameConfirmed = !f.confirmed;
        f.confirmed = true;
        sendPacket(f, MessengerPacket.text(MessengerPacket.NICKNAME, name));
        sendPacket(f, MessengerPacket.text(MessengerPacket.STATUSMESSAGE, statusMessage));
        sendPacket(f, MessengerPacket.oneByte(MessengerPacket.USERSTATUS, status.ordinal()));
        sendPacket(f, MessengerPacket.oneByte(MessengerPacket.TYPING, f.ourTyping ? 1 : 0));
        publish(f);
        persistSave();
        FriendKey key = f.key;
        if (becameConfirmed) {
            Friend s = f.snapshot();
            emitFriend(l -> l.friendAdded(s));
        }
        Connection c = connectionOf(f);
        f.reported = c;
        emitFriend(l -> l.connectionChanged(key, c));
        shareRelays(f);
        flush(f);
    }

    private void goOffline(F f) {
        boolean was = f.peerOnline;
        f.peerOnline = false;
        // Unconfirmed parts go back to the front of the outbox, in order.
        while (!f.inflight.isEmpty()) {
            f.outbox.addFirst(f.inflight.pollLast().part());
        }
        if (f.typing) {
            f.typing = false;
            FriendKey key = f.key;
            emitFriend(l -> l.typingChanged(key, false));
        }
        if (was) {
            onion.setFriendOnline(f.pk, false);
            f.lastSeen = options.wallClock().instant().getEpochSecond();
            publish(f);
            persistSave();
            FriendKey key = f.key;
            f.reported = Connection.NONE;
            emitFriend(l -> l.connectionChanged(key, Connection.NONE));
        }
    }

    private void handle(F f, byte[] data) {
        f.lastAliveReceived = loop.nowMillis();
        Optional<MessengerPacket> decoded = MessengerPacket.decode(data);
        if (decoded.isEmpty()) {
            return;
        }
        MessengerPacket p = decoded.get();
        FriendKey key = f.key;
        if (p.id() == MessengerPacket.ALIVE) {
            return;
        }
        if (p.id() == MessengerPacket.SHARE_RELAYS) {
            onShareRelays(f, data);
            return;
        }
        if (!f.peerOnline) {
            if (p.id() == MessengerPacket.ONLINE) {
                goOnline(f);
            }
            return; // c-toxcore's Messenger ignores everything before ONLINE too
        }
        switch (p.id()) {
            case MessengerPacket.OFFLINE -> goOffline(f);
            case MessengerPacket.NICKNAME -> {
                String n = p.text();
                if (!n.equals(f.name)) {
                    f.name = n;
                    publish(f);
                    persistSave();
                    emitFriend(l -> l.nameChanged(key, n));
                }
            }
            case MessengerPacket.STATUSMESSAGE -> {
                String m = p.text();
                if (!m.equals(f.statusMessage)) {
                    f.statusMessage = m;
                    publish(f);
                    persistSave();
                    emitFriend(l -> l.statusMessageChanged(key, m));
                }
            }
            case MessengerPacket.USERSTATUS -> {
                UserStatus st = UserStatus.values()[p.byteValue()];
                if (st != f.status) {
                    f.status = st;
                    publish(f);
                    persistSave();
                    emitFriend(l -> l.statusChanged(key, st));
                }
            }
            case MessengerPacket.TYPING -> {
                boolean t = p.byteValue() != 0;
                if (t != f.typing) {
                    f.typing = t;
                    publish(f);
                    emitFriend(l -> l.typingChanged(key, t));
                }
            }
            case MessengerPacket.MESSAGE, MessengerPacket.ACTION -> {
                IncomingMessage m = new IncomingMessage(key,
                        p.id() == MessengerPacket.ACTION ? MessageKind.ACTION : MessageKind.NORMAL, p.text(),
                        options.wallClock().instant());
                emitChat(l -> l.received(m));
            }
            default -> {
                // relays, files, conferences, av...: not this layer's business yet
            }
        }
    }

    private void delivered(F f, CryptoSession s) {
        boolean changed = false;
        while (!f.inflight.isEmpty() && s.isDelivered(f.inflight.peekFirst().packetNumber())) {
            Part p = f.inflight.pollFirst().part();
            if (p.last()) {
                queued.remove(p.messageId());
                changed = true;
                FriendKey key = f.key;
                long id = p.messageId();
                emitChat(l -> l.delivered(key, id));
            }
        }
        if (changed) {
            persistQueue();
        }
        flush(f);
    }

    /** The listener of one friend's session. */
    private final class Link implements SessionListener {
        private final F f;

        Link(F f) {
            this.f = f;
        }

        private boolean current(CryptoSession s) {
            if (friends.get(f.key) != f) {
                s.kill();
                return false;
            }
            if (f.session == null) {
                f.session = s;
            }
            return f.session == s;
        }

        @Override
        public void established(CryptoSession s) {
            if (!current(s)) {
                return;
            }
            long now = loop.nowMillis();
            f.lastAliveReceived = now;
            f.lastAliveSent = now;
            f.address = s.address();
            sendPacket(f, MessengerPacket.of(MessengerPacket.ONLINE));
            sendPacket(f, MessengerPacket.of(MessengerPacket.ALIVE));
        }

        @Override
        public void lossless(CryptoSession s, byte[] data) {
            if (current(s)) {
                handle(f, data);
            }
        }

        @Override
        public void delivered(CryptoSession s) {
            if (current(s)) {
                Messenger.this.delivered(f, s);
            }
        }

        @Override
        public void closed(CryptoSession s, CloseReason reason) {
            if (f.session != s) {
                return;
            }
            f.session = null;
            f.address = null;
            f.lastLookup = 0;
            goOffline(f);
        }
    }

    /** Stops the timers and kills every friend session (telling online friends). */
    @Override
    public void close() {
        closed = true;
        onLoop(() -> {
            if (timer != null) {
                timer.cancel();
            }
            for (F f : friends.values()) {
                if (f.session != null) {
                    CryptoSession s = f.session;
                    f.session = null;
                    goOffline(f);
                    s.kill();
                }
            }
            if (queuePersistPending) { // the loop may stop before the pending write runs
                storeQueueNow();
            }
            return null;
        });
    }
}
