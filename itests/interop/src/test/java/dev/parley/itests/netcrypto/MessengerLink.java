package dev.parley.itests.netcrypto;

import dev.parley.net.Cancellable;
import dev.parley.net.EventLoop;
import dev.parley.netcrypto.CryptoSession;
import dev.parley.netcrypto.SessionListener;
import dev.parley.netcrypto.wire.CryptoDataPlain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The test's minimal friend link over one {@link CryptoSession}, so {@link NetCryptoInteropIT} can
 * test net_crypto sessions on their own (no onion, DHT or Messenger) against c-toxcore, speaking
 * what c-toxcore's friend_connection and Messenger expect (packet ids from c-toxcore's friend_connection.h and net_crypto.h):
 *
 * <ul>
 *   <li>{@code 16} ALIVE, sent every {@link #PING_INTERVAL_MILLIS}; if none arrives for
 *       {@link #TIMEOUT_MILLIS} the session is killed (friend_connection's rule);</li>
 *   <li>{@code 24} ONLINE on establishment: c-toxcore's Messenger drops every other packet until
 *       it has seen it;</li>
 *   <li>{@code 48} NICKNAME (UTF-8), {@code 64} MESSAGE and {@code 65} ACTION (UTF-8, at most
 *       {@link #MAX_MESSAGE_BYTES}).</li>
 * </ul>
 *
 * Receipts are not packets: as in c-toxcore, a message is delivered when the peer acknowledges
 * its lossless packet number. Message ids count from 1 per link, as c-toxcore's do.
 *
 * <p>This is not the Messenger: no status messages, typing, files, splitting of long messages,
 * offline queue or reconnection. Use on the session's event loop only.
 */
final class MessengerLink implements SessionListener {
    public static final int PACKET_ALIVE = 16;
    public static final int PACKET_ONLINE = 24;
    public static final int PACKET_OFFLINE = 25;
    public static final int PACKET_NICKNAME = 48;
    public static final int PACKET_MESSAGE = 64;
    public static final int PACKET_ACTION = 65;
    public static final long PING_INTERVAL_MILLIS = 8_000;
    public static final long TIMEOUT_MILLIS = 32_000;
    public static final int MAX_MESSAGE_BYTES = CryptoDataPlain.MAX_DATA - 1;

    /** What the link reports, on the event loop. */
    public interface Listener {
        default void online(MessengerLink link) {
        }

        default void offline(MessengerLink link) {
        }

        default void message(MessengerLink link, boolean action, String text) {
        }

        default void name(MessengerLink link, String name) {
        }

        default void receipt(MessengerLink link, long messageId) {
        }
    }

    private record Pending(long packetNumber, long messageId) {
    }

    private final EventLoop loop;
    private final Listener listener;
    private final String ownName;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private CryptoSession session;
    private Cancellable pinger;
    private long lastAlive;
    private boolean peerOnline;
    private long nextMessageId = 1;

    public MessengerLink(EventLoop loop, String ownName, Listener listener) {
        this.loop = loop;
        this.ownName = ownName;
        this.listener = listener;
    }

    public CryptoSession session() {
        return session;
    }

    /** True once the peer sent ONLINE on an established session. */
    public boolean isOnline() {
        return peerOnline && session != null && session.isEstablished();
    }

    /**
     * Sends a message (or action); returns its id for {@link Listener#receipt}, or -1 when the
     * peer is not online, the text is too long or the session refused it.
     */
    public long sendMessage(String text, boolean action) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (!isOnline() || utf8.length > MAX_MESSAGE_BYTES) {
            return -1;
        }
        long number = send(action ? PACKET_ACTION : PACKET_MESSAGE, utf8);
        if (number < 0) {
            return -1;
        }
        long id = nextMessageId++;
        pending.addLast(new Pending(number, id));
        return id;
    }

    private long send(int id, byte[] payload) {
        byte[] data = new byte[1 + payload.length];
        data[0] = (byte) id;
        System.arraycopy(payload, 0, data, 1, payload.length);
        return session.sendLossless(data, false);
    }

    @Override
    public void established(CryptoSession s) {
        session = s;
        lastAlive = loop.nowMillis();
        send(PACKET_ONLINE, new byte[0]);
        send(PACKET_ALIVE, new byte[0]);
        pinger = loop.every(PING_INTERVAL_MILLIS, this::ping);
    }

    private void ping() {
        if (session == null || !session.isEstablished()) {
            return;
        }
        if (loop.nowMillis() - lastAlive > TIMEOUT_MILLIS) {
            session.kill();
            return;
        }
        send(PACKET_ALIVE, new byte[0]);
    }

    @Override
    public void lossless(CryptoSession s, byte[] data) {
        session = s;
        int id = data[0] & 0xff;
        String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        if (id == PACKET_ALIVE) {
            lastAlive = loop.nowMillis();
            return;
        }
        if (!peerOnline) {
            if (id != PACKET_ONLINE || data.length != 1) {
                return; // c-toxcore's Messenger ignores everything before ONLINE too
            }
            peerOnline = true;
            if (!ownName.isEmpty()) {
                send(PACKET_NICKNAME, ownName.getBytes(StandardCharsets.UTF_8));
            }
            listener.online(this);
            return;
        }
        switch (id) {
            case PACKET_OFFLINE -> {
                peerOnline = false;
                listener.offline(this);
            }
            case PACKET_NICKNAME -> listener.name(this, text);
            case PACKET_MESSAGE -> listener.message(this, false, text);
            case PACKET_ACTION -> listener.message(this, true, text);
            default -> {
                // Status, typing, files, conferences...: the real Messenger's business.
            }
        }
    }

    @Override
    public void delivered(CryptoSession s) {
        while (!pending.isEmpty() && s.isDelivered(pending.peekFirst().packetNumber())) {
            listener.receipt(this, pending.pollFirst().messageId());
        }
    }

    @Override
    public void closed(CryptoSession s, CloseReason reason) {
        if (pinger != null) {
            pinger.cancel();
        }
        boolean was = peerOnline;
        peerOnline = false;
        pending.clear();
        if (was) {
            listener.offline(this);
        }
    }
}
