package dev.parley.netcrypto;

import dev.parley.crypto.KeyPair;
import dev.parley.crypto.Nonce;
import dev.parley.crypto.SharedKey;
import dev.parley.net.PacketHandler.Verdict;
import dev.parley.netcrypto.SessionListener.CloseReason;
import dev.parley.netcrypto.wire.Cookie;
import dev.parley.netcrypto.wire.CookieResponse;
import dev.parley.netcrypto.wire.CryptoData;
import dev.parley.netcrypto.wire.CryptoDataPlain;
import dev.parley.netcrypto.wire.CryptoHandshake;
import dev.parley.netcrypto.wire.CryptoPacketId;
import dev.parley.netcrypto.wire.MalformedPacketException;
import dev.parley.netcrypto.wire.PacketRequest;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One net_crypto session with a peer, identified by the peer's real (long-term) public key. Lives
 * on the node's event loop; every method must be called there. Created by
 * {@link NetCrypto#connect} (we send a cookie request) or by an accepted incoming handshake.
 *
 * <p>States follow c-toxcore: cookie requesting, handshake sent, not confirmed (keys known, no data
 * from the peer yet), established, closed. Lossless packets carry 32-bit packet numbers, are
 * retransmitted when the peer's packet request lists them, and are delivered once and in order;
 * the send rate is c-toxcore's congestion control. On top of it a send window bounds the lossless
 * packets sent and not yet acknowledged ({@link #INITIAL_WINDOW}): a burst beyond it waits in the
 * send buffer and goes out as acknowledgements arrive, and packets the peer reports missing are
 * sent again at once. The wire is c-toxcore's; only the timing differs.
 */
public final class CryptoSession {

    /** Where a session is in its life. */
    public enum State { COOKIE_REQUESTING, HANDSHAKE_SENT, NOT_CONFIRMED, ESTABLISHED, CLOSED }

    static final long SEND_PACKET_INTERVAL = 1000;
    static final double MIN_RATE = 4.0;
    static final int MIN_QUEUE_LENGTH = 64;
    static final long DEFAULT_RTT = 1000;
    static final int NONCE_THRESHOLD = 21845;
    static final int PACKET_COUNTER_AVERAGE_INTERVAL = 50;
    static final double REQUEST_PACKETS_COMPARE_CONSTANT = 0.125 * 100.0;
    static final long CONGESTION_EVENT_TIMEOUT = 1000;
    static final double SEND_QUEUE_RATIO = 2.0;
    static final int QUEUE_ARRAY = 12;
    static final int LAST_SENT_ARRAY = QUEUE_ARRAY * 2;
    private static final long NEVER = Long.MIN_VALUE / 4;
    /** How long a direct path counts as working after the last packet on it (c-toxcore's UDP_DIRECT_TIMEOUT). */
    public static final long DIRECT_TIMEOUT = 8_000;
    /**
     * A data packet over the relay address while the direct path has been silent this long ends the
     * direct path at once instead of after {@link #DIRECT_TIMEOUT}: the peer only uses the relay
     * when it does not hear us over UDP. The silence keeps a relayed packet that was overtaken by
     * the peer's first UDP packets (when a session moves to UDP) from ending the new path.
     */
    public static final long DIRECT_SILENCE_ON_RELAY = 500;
    /** How often a packet is also tried on the direct path while it is not working. */
    public static final long DIRECT_PROBE_INTERVAL = 500;
    /**
     * Lossless packets that arrived are acknowledged (a packet request carrying the new buffer
     * start) this long after the first of them, unless a packet of ours carried the news first.
     * c-toxcore sends its requests on its own schedule only (every second, or at most every 50 ms
     * while packets stream in), which delays the sender's delivery confirmations, and with them
     * message receipts, by that much.
     */
    public static final long ACK_DELAY = 1;
    /**
     * The send window a session starts with, in lossless packets: a packet is sent for the first
     * time only while its number is less than the peer's buffer start plus the window; the rest
     * waits in the send buffer and goes out as the peer's acknowledgements move its buffer start.
     * Without it a burst of thousands of packets reaches a c-toxcore peer within milliseconds,
     * overflows its socket (it reads it once per loop iteration), and what was dropped comes
     * only at the pace of its packet requests (docs/BENCHMARKS.md, Messenger).
     */
    static final int INITIAL_WINDOW = 1024;
    /** The window never shrinks below this (c-toxcore's CRYPTO_MIN_QUEUE_LENGTH). */
    static final int MIN_WINDOW = MIN_QUEUE_LENGTH;
    /**
     * Held-back packets released per tick from the last part of the window (a sixteenth of it),
     * which sends and acknowledgements leave free: so the packets of a long burst do not stop
     * while the window waits for an acknowledgement. A c-toxcore peer acknowledges (in a packet
     * request) every 50 ms or more only while it receives more than 4 packets a second, and
     * otherwise once a second: without the trickle each window's worth would wait up to a second.
     */
    static final int TRICKLE_PER_TICK = 4;
    /**
     * A window that has not moved for this long while packets are unacknowledged is stalled: the
     * peer is missing a packet and asks for it only on its own schedule, which c-toxcore makes
     * once a second when it receives new packets at no more than 4 a second (behind a full
     * window, or after the last packet of a burst). Each such period a few packets it most likely
     * misses go again ({@link #unstall}), and while packets wait behind the window one fresh packet
     * a tick may pass it ({@link #STALL_OVERSHOOT} at most): the peer gets what it needs, or at
     * least keeps receiving, and asks within about 50-130 ms instead.
     */
    static final long STALL_MILLIS = 100;
    /** How far past the window a stalled one lets fresh packets go. */
    static final int STALL_OVERSHOOT = MIN_WINDOW;
    /** Packets sent again per stalled period, at most. */
    static final int STALL_PROBES = 4;

    private final NetCrypto owner;
    private final byte[] peerRealKey;
    private byte[] peerDhtKey;
    private InetSocketAddress address;
    private InetSocketAddress direct;
    private long directLastReceived = NEVER;
    private long directLastProbe = NEVER;
    private SessionListener listener;
    private State state;

    private final KeyPair sessionKeys = KeyPair.generate();
    private SharedKey sharedKey;
    private Nonce sentNonce = Nonce.random();
    private Nonce recvNonce;

    private SharedKey dhtSharedKey;
    private long cookieRequestNumber;

    private byte[] tempPacket;
    private long tempSentTime = NEVER;
    private int tempSentCount;

    private final PacketBuffer sendBuffer = new PacketBuffer();
    private final PacketBuffer recvBuffer = new PacketBuffer();
    private long rtt = DEFAULT_RTT;
    private long lastRequestSent = NEVER;
    private long lastReceived;

    // Congestion control, c-toxcore's send_crypto_packets.
    private double recvRate;
    private double sendRate = MIN_RATE;
    private double sendRateRequested = MIN_RATE;
    private long packetCounter;
    private long packetCounterSet;
    private long packetsSent;
    private long packetsResent;
    private final long[] lastSendQueueSize = new long[QUEUE_ARRAY];
    private final long[] lastNumSent = new long[LAST_SENT_ARRAY];
    private final long[] lastNumResent = new long[LAST_SENT_ARRAY];
    private int lastSendQueueCounter;
    private long lastCongestionEvent = NEVER;
    private long packetsLeft = MIN_QUEUE_LENGTH;
    private long packetsLeftRequested;
    private boolean packetsLeftInitialised;
    private long lastPacketsLeftSet;
    private long lastPacketsLeftRequestedSet;
    private double packetsLeftRem;
    private double packetsLeftRequestedRem;
    private boolean maximumSpeedReached;

    private long receivedData;
    private long droppedData;
    private long sentAtOnce;
    private long sentLater;
    /** Lowest packet number never handed to the transport: [nextFresh, sendBuffer.end) are held back. */
    private int nextFresh;
    /** The send window (see {@link #INITIAL_WINDOW}); grows as packets are acknowledged, halves on loss. */
    private double window = INITIAL_WINDOW;
    /** Above this (after a loss) the window grows by an eighth of what is acknowledged, below it by twice what is. */
    private double windowThreshold = PacketBuffer.SIZE;
    /** When the window was last halved: the loss of a packet sent before then was already answered. */
    private long lastCut = NEVER;
    private long windowCuts;
    /** When the window last moved or a fresh packet went out within it (see {@link #STALL_MILLIS}). */
    private long windowProgress;
    /** When packets were last sent again for a stalled window. */
    private long lastStallResend = NEVER;
    /** Packets the peer's last request reported missing (its first {@link #STALL_PROBES}), for a stalled window. */
    private final int[] lastMissing = new int[STALL_PROBES];
    private int lastMissingCount;
    private int nextProbe;
    /** The buffer start our last data packet told the peer; an acknowledgement is due while it lags. */
    private int announcedStart;
    private boolean ackScheduled;

    CryptoSession(NetCrypto owner, byte[] peerRealKey, byte[] peerDhtKey, InetSocketAddress address,
            SessionListener listener, State state) {
        this.owner = owner;
        this.peerRealKey = peerRealKey.clone();
        this.peerDhtKey = peerDhtKey.clone();
        this.address = address;
        this.listener = listener == null ? new SessionListener() { } : listener;
        this.state = state;
        long now = owner.now();
        this.lastReceived = now;
        this.packetCounterSet = now;
    }

    // ---- public API ----

    public State state() {
        return state;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    public byte[] peerRealPublicKey() {
        return peerRealKey.clone();
    }

    public byte[] peerDhtPublicKey() {
        return peerDhtKey.clone();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** A direct (UDP) address beside {@link #address()}, if one was added; see {@link NetCrypto#addDirect}. */
    public InetSocketAddress directAddress() {
        return direct;
    }

    /**
     * True while packets from the direct address keep arriving (within {@link #DIRECT_TIMEOUT},
     * c-toxcore's UDP_DIRECT_TIMEOUT): then everything is sent there only. Otherwise packets go
     * to {@link #address()}, with a copy to the direct address at most every
     * {@link #DIRECT_PROBE_INTERVAL}, so that the peer's answer over UDP can make it direct.
     */
    public boolean isDirect() {
        return direct != null && owner.now() - directLastReceived < DIRECT_TIMEOUT;
    }

    /** Replaces the listener (for instance when a higher layer takes over an accepted session). */
    public void setListener(SessionListener listener) {
        this.listener = listener == null ? new SessionListener() { } : listener;
    }

    /** Smallest round-trip time seen, in milliseconds (1000 until measured). */
    public long rttMillis() {
        return rtt;
    }

    /** Current congestion-controlled send rate in packets per second. */
    public double sendRate() {
        return sendRate;
    }

    /** Lossless packets sent but not yet confirmed by the peer. */
    public int unconfirmedPackets() {
        return sendBuffer.count();
    }

    /** How many lossless packets congestion control lets the caller queue now. */
    public int freeSendSlots() {
        long max = PacketBuffer.SIZE - sendBuffer.count();
        return (int) Math.max(0, Math.min(packetsLeft, max));
    }

    /**
     * Queues and sends a lossless packet (c-toxcore's {@code write_cryptpacket}).
     *
     * @param data packet id (16-191) and payload, at most {@link CryptoDataPlain#MAX_DATA} bytes
     * @param congestionControl when true, refuse if congestion control has no slot left
     * @return the packet number (0 to 2^32-1) to ask {@link #isDelivered} about, or -1 if refused
     */
    public long sendLossless(byte[] data, boolean congestionControl) {
        if (data.length == 0 || data.length > CryptoDataPlain.MAX_DATA
                || !CryptoPacketId.isLossless(data[0] & 0xff) || state != State.ESTABLISHED) {
            return -1;
        }
        if (congestionControl && packetsLeft == 0) {
            return -1;
        }
        retryLastIfSpeedReached();
        if (maximumSpeedReached && congestionControl) {
            return -1;
        }
        long number = sendBuffer.append(data.clone());
        if (number < 0) {
            return -1;
        }
        if ((int) number != nextFresh || !inWindow((int) number, windowLessTrickle())) {
            // Held back: goes out as acknowledgements open the window (releaseHeld).
            if (congestionControl) {
                packetsLeft = Math.max(0, packetsLeft - 1);
                packetsLeftRequested = Math.max(0, packetsLeftRequested - 1);
                packetsSent++;
            }
            return number;
        }
        nextFresh = (int) number + 1;
        if (congestionControl || !maximumSpeedReached) {
            if (sendData(recvBuffer.start, (int) number, data)) {
                sendBuffer.setSentTime((int) number, owner.now());
                windowProgress = owner.now();
                sentAtOnce++;
            } else {
                maximumSpeedReached = true;
            }
        }
        if (congestionControl) {
            packetsLeft = Math.max(0, packetsLeft - 1);
            packetsLeftRequested = Math.max(0, packetsLeftRequested - 1);
            packetsSent++;
        }
        return number;
    }

    /** True once the peer confirmed receiving lossless packet {@code packetNumber}. */
    public boolean isDelivered(long packetNumber) {
        long queued = PacketBuffer.unsigned(sendBuffer.count());
        long distance = PacketBuffer.unsigned((int) packetNumber - sendBuffer.start);
        return queued < distance;
    }

    /** Sends a lossy packet (id 192-254) once; false if it could not be sent. */
    public boolean sendLossy(byte[] data) {
        if (data.length == 0 || data.length > CryptoDataPlain.MAX_DATA
                || !CryptoPacketId.isLossy(data[0] & 0xff) || state != State.ESTABLISHED) {
            return false;
        }
        return sendData(recvBuffer.start, nextFresh, data);
    }

    /** Ends the session, telling the peer if it is established. */
    public void kill() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.ESTABLISHED) {
            sendData(recvBuffer.start, nextFresh, new byte[] {CryptoPacketId.KILL});
        }
        close(CloseReason.KILLED_LOCALLY);
    }

    /** Lossless packets sent when they were queued ({@link #sendLossless}). */
    public long losslessSentAtOnce() {
        return sentAtOnce;
    }

    /**
     * Lossless packets sent later from the send buffer: resent because the peer's packet request
     * listed them missing, or held back when they were queued.
     */
    public long losslessSentLater() {
        return sentLater;
    }

    /** The send window now, in packets (see {@link #INITIAL_WINDOW}). */
    public int sendWindow() {
        return (int) window;
    }

    /** Lossless packets queued but not sent yet because the send window is full. */
    public int heldPackets() {
        return (int) PacketBuffer.unsigned(sendBuffer.end - nextFresh);
    }

    /** Packets sent at least once and not confirmed, counted from the peer's buffer start (tests). */
    int releasedSpan() {
        return (int) PacketBuffer.unsigned(nextFresh - sendBuffer.start);
    }

    /** The lowest packet number not sent yet (tests). */
    int nextFresh() {
        return nextFresh;
    }

    /** How often the peer's packet requests reported a new loss and the send window was halved. */
    public long sendWindowCuts() {
        return windowCuts;
    }

    /** Data packets that authenticated but were dropped (replays, out of window). */
    public long droppedDataPackets() {
        return droppedData;
    }

    @Override
    public String toString() {
        return "CryptoSession[" + HexFormat.of().withUpperCase().formatHex(peerRealKey, 0, 4) + ".., " + state
                + ", " + address + "]";
    }

    // ---- set-up (called by NetCrypto) ----

    void startCookieRequest(SharedKey dhtShared, byte[] request, long number) {
        this.dhtSharedKey = dhtShared;
        this.cookieRequestNumber = number;
        setTempPacket(request);
        sendTempPacket();
    }

    /** Responder path, and initiator answering a peer's handshake: take the peer's keys and answer. */
    void acceptHandshake(CryptoHandshake.Plain plain, boolean answer) {
        recvNonce = plain.baseNonce();
        sharedKey = SharedKey.precompute(sessionKeys, plain.sessionPublicKey()).orElse(null);
        if (answer) {
            sendHandshake(plain.cookie());
        }
        if (sharedKey != null) {
            boolean first = state != State.NOT_CONFIRMED;
            state = State.NOT_CONFIRMED;
            if (first && sendRequest()) {
                // The peer's first data packet makes it established: send one now rather than at
                // the next tick (a peer that has not taken our handshake yet drops it; the tick
                // sends another).
                lastRequestSent = owner.now();
            }
        }
    }

    void setAddress(InetSocketAddress address) {
        this.address = address;
    }

    void setDirect(InetSocketAddress direct) {
        this.direct = direct;
        this.directLastReceived = NEVER;
        this.directLastProbe = NEVER;
    }

    /**
     * The direct path stops counting as working until a packet arrives on it. If it was the path in
     * use, what we sent and the peer has not acknowledged may have died with it: it is sent again,
     * now over the relay (the peer drops what it has already, by packet number).
     */
    void directLost() {
        boolean wasInUse = isDirect();
        directLastReceived = NEVER;
        directLastProbe = NEVER;
        if (wasInUse) {
            long count = PacketBuffer.unsigned(sendBuffer.count());
            for (int i = 0; i < count; i++) {
                int number = sendBuffer.start + i;
                if (sendBuffer.get(number) != null && sendBuffer.sentTime(number) != PacketBuffer.UNSENT) {
                    sendBuffer.setSentTime(number, PacketBuffer.UNSENT);
                }
            }
        }
    }

    /** A packet from {@code from} was accepted. */
    void receivedFrom(InetSocketAddress from) {
        if (direct != null && direct.equals(from)) {
            directLastReceived = owner.now();
        } else if (direct != null && from.equals(address) && owner.now() - directLastReceived > DIRECT_SILENCE_ON_RELAY) {
            // The peer sends over the relay: it no longer hears us over UDP (Parley and c-toxcore
            // use the relay only then), and UDP from it has been silent: stop sending there only.
            directLost();
        }
    }

    private boolean send(byte[] packet) {
        if (direct == null) {
            return owner.sendRaw(address, packet);
        }
        if (isDirect()) {
            return owner.sendRaw(direct, packet);
        }
        boolean sent = owner.sendRaw(address, packet);
        long now = owner.now();
        if (now - directLastProbe >= DIRECT_PROBE_INTERVAL) {
            directLastProbe = now;
            owner.sendRaw(direct, packet);
        }
        return sent;
    }

    byte[] realKeyRaw() {
        return peerRealKey;
    }

    boolean dhtKeyEquals(byte[] dhtKey) {
        return Arrays.equals(peerDhtKey, dhtKey);
    }

    // ---- packets from the peer ----

    Verdict handleCookieResponse(byte[] packet) {
        if (state != State.COOKIE_REQUESTING) {
            return Verdict.DROPPED;
        }
        CookieResponse r = CookieResponse.decode(Unpooled.wrappedBuffer(packet));
        Optional<CookieResponse.Plain> p = r.open(dhtSharedKey);
        if (p.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (p.get().number() != cookieRequestNumber) {
            return Verdict.DROPPED;
        }
        sendHandshake(p.get().cookie());
        state = State.HANDSHAKE_SENT;
        touch();
        return Verdict.HANDLED;
    }

    Verdict handleHandshake(CryptoHandshake hs) {
        if (state != State.COOKIE_REQUESTING && state != State.HANDSHAKE_SENT && state != State.NOT_CONFIRMED) {
            return Verdict.DROPPED;
        }
        Optional<NetCrypto.OpenedHandshake> opened = owner.openHandshake(hs, peerRealKey);
        if (opened.isEmpty()) {
            return Verdict.MALFORMED;
        }
        Cookie cookie = opened.get().cookie();
        if (!Arrays.equals(cookie.dhtPublicKey(), peerDhtKey)) {
            close(CloseReason.PEER_DHT_KEY_CHANGED);
            return Verdict.HANDLED;
        }
        boolean answer = state == State.COOKIE_REQUESTING;
        acceptHandshake(opened.get().plain(), answer);
        touch();
        return Verdict.HANDLED;
    }

    /**
     * Handles a data packet that came from {@code from}; once it authenticates, the path it came on
     * is noted first ({@link #receivedFrom}), so that what the packet makes us send (a
     * retransmission it asks for) already takes the right path.
     */
    Verdict handleData(byte[] packet, InetSocketAddress from) {
        if (state != State.NOT_CONFIRMED && state != State.ESTABLISHED) {
            return Verdict.DROPPED;
        }
        CryptoData d = CryptoData.decode(Unpooled.wrappedBuffer(packet));
        int diff = (d.nonceLow() - CryptoData.low16(recvNonce)) & 0xffff;
        Nonce nonce = recvNonce.plus(diff);
        Optional<CryptoDataPlain> opened;
        try {
            opened = d.open(sharedKey, nonce);
        } catch (MalformedPacketException e) {
            return Verdict.MALFORMED;
        }
        if (opened.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (diff > NONCE_THRESHOLD * 2) {
            recvNonce = recvNonce.plus(NONCE_THRESHOLD);
        }
        touch();
        receivedFrom(from);
        Verdict v = handlePlain(opened.get());
        if (v == Verdict.DROPPED) {
            droppedData++;
        } else {
            receivedData++;
        }
        return v;
    }

    private Verdict handlePlain(CryptoDataPlain plain) {
        long now = owner.now();
        int bufferStart = plain.bufferStart();
        int number = plain.packetNumber();
        long rttFrom = PacketBuffer.UNSENT;
        boolean advanced = false;
        if (bufferStart != sendBuffer.start) {
            if (sendBuffer.get(sendBuffer.start) != null) {
                rttFrom = sendBuffer.sentTime(sendBuffer.start);
            }
            int before = sendBuffer.start;
            if (!sendBuffer.clearUntil(bufferStart)) {
                return Verdict.DROPPED;
            }
            advanced = true;
            acknowledged(bufferStart - before, now);
        }
        byte[] data = plain.data();
        int id = data[0] & 0xff;
        if (id == CryptoPacketId.KILL) {
            close(CloseReason.KILLED_BY_PEER);
            return Verdict.HANDLED;
        }
        if (state == State.NOT_CONFIRMED) {
            tempPacket = null;
            state = State.ESTABLISHED;
            listener.established(this);
            if (state != State.ESTABLISHED) {
                return Verdict.HANDLED;
            }
        }
        if (id == CryptoPacketId.REQUEST) {
            PacketRequest req;
            try {
                req = PacketRequest.decode(data);
            } catch (MalformedPacketException e) {
                return Verdict.MALFORMED;
            }
            long latest = handleRequest(req, now);
            if (latest != PacketBuffer.UNSENT && (rttFrom == PacketBuffer.UNSENT || latest > rttFrom)) {
                rttFrom = latest;
            }
            advanced = true;
            recvBuffer.setEnd(number);
        } else if (CryptoPacketId.isLossless(id)) {
            if (!recvBuffer.put(number, data)) {
                if (advanced) {
                    listener.delivered(this);
                }
                return Verdict.DROPPED;
            }
            byte[] next;
            while (state == State.ESTABLISHED && (next = recvBuffer.pollFirst()) != null) {
                listener.lossless(this, next);
            }
            packetCounter++;
            scheduleAck();
        } else if (CryptoPacketId.isLossy(id)) {
            recvBuffer.setEnd(number);
            listener.lossy(this, data);
        } else {
            return Verdict.MALFORMED;
        }
        if (rttFrom != PacketBuffer.UNSENT) {
            long measured = now - rttFrom;
            if (measured >= 0 && measured < rtt) {
                rtt = measured;
            }
        }
        if (advanced && state == State.ESTABLISHED) {
            releaseHeld(now, windowLessTrickle(), Integer.MAX_VALUE);
            listener.delivered(this);
        }
        return Verdict.HANDLED;
    }

    /** Applies a peer's packet request to the send buffer; returns the latest send time it confirmed. */
    private long handleRequest(PacketRequest req, long now) {
        List<Integer> missing = req.missing();
        int m = 0;
        long latest = PacketBuffer.UNSENT;
        long limit = Math.min(PacketBuffer.unsigned(req.span()), PacketBuffer.unsigned(sendBuffer.count()));
        long released = PacketBuffer.unsigned(nextFresh - sendBuffer.start);
        int resent = 0;
        lastMissingCount = 0;
        nextProbe = 0;
        for (int i = 0; i < limit; i++) {
            int number = sendBuffer.start + i;
            byte[] p = sendBuffer.get(number);
            if (m < missing.size() && missing.get(m) == i) {
                m++;
                if (p != null) {
                    if (lastMissingCount < STALL_PROBES) {
                        lastMissing[lastMissingCount++] = number;
                    }
                    long sent = sendBuffer.sentTime(number);
                    if (sent != PacketBuffer.UNSENT && sent + rtt < now) {
                        sendBuffer.setSentTime(number, PacketBuffer.UNSENT);
                        lost(sent, now);
                        sent = PacketBuffer.UNSENT;
                    }
                    // What the peer misses goes again at once, up to a window's worth (the peer
                    // has just read its socket); the rest waits for the next request or the
                    // resend budget.
                    if (sent == PacketBuffer.UNSENT && i < released && resent < (long) window
                            && resendNow(number, p, now)) {
                        resent++;
                    }
                }
            } else if (p != null) {
                latest = Math.max(latest, sendBuffer.sentTime(number));
                sendBuffer.remove(number);
            }
        }
        return latest;
    }

    // ---- timers ----

    /** One round of c-toxcore's kill_timedout and send_crypto_packets for this session. */
    void tick(long now) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.ESTABLISHED && tempSentCount >= owner.options().maxHandshakeTries()) {
            close(CloseReason.HANDSHAKE_TIMEOUT);
            return;
        }
        if ((state == State.ESTABLISHED || state == State.NOT_CONFIRMED)
                && now - lastReceived > owner.options().idleTimeoutMillis()) {
            close(CloseReason.IDLE_TIMEOUT);
            return;
        }
        if (tempPacket != null && SEND_PACKET_INTERVAL + tempSentTime < now) {
            sendTempPacket();
        }
        if ((state == State.NOT_CONFIRMED || state == State.ESTABLISHED)
                && SEND_PACKET_INTERVAL + lastRequestSent < now) {
            if (sendRequest()) {
                lastRequestSent = now;
            }
        }
        if (state == State.ESTABLISHED) {
            releaseHeld(now, (long) window, TRICKLE_PER_TICK);
            if (sendBuffer.start != nextFresh && now - windowProgress > STALL_MILLIS) {
                unstall(now);
            }
            congestionControl(now);
        }
    }

    // ---- the send window ----

    private boolean inWindow(int number, long span) {
        return PacketBuffer.unsigned(number - sendBuffer.start) < span;
    }

    /** The part of the window that sends and acknowledgements fill at once; the rest trickles. */
    private long windowLessTrickle() {
        return (long) window - Math.max(2L * TRICKLE_PER_TICK, (long) window / 16);
    }

    /** The peer's buffer start moved by {@code count}: the window grows (slowly past the threshold). */
    private void acknowledged(int count, long now) {
        windowProgress = now;
        if (PacketBuffer.unsigned(nextFresh - sendBuffer.start) > PacketBuffer.unsigned(sendBuffer.count())) {
            nextFresh = sendBuffer.start; // the peer confirmed what we never sent: nothing to hold before it
        }
        if (nextFresh == sendBuffer.end) {
            return; // the window did not hold anything back: it is not what limits the rate
        }
        double grown = window < windowThreshold ? window + 2.0 * count : window + count / 8.0;
        window = Math.min(PacketBuffer.SIZE, grown);
    }

    /** The peer reported a packet sent at {@code sentTime}, more than a round trip ago, missing. */
    private void lost(long sentTime, long now) {
        if (sentTime < lastCut) {
            return; // sent before the last cut: part of the loss already answered
        }
        window = Math.max(MIN_WINDOW, window / 2);
        windowThreshold = window;
        lastCut = now;
        windowCuts++;
    }

    /**
     * Sends a packet the peer reported missing again at once, while the peer is reading: it was
     * sent within the window, so the window already paid for it. Waiting for congestion control's
     * resend budget instead (c-toxcore's way) leaves a burst's losses to a rate that starts at 4
     * packets a second after a lull: seconds for a few hundred. A transport that refuses leaves it
     * to that budget ({@link #sendRequested}).
     */
    private boolean resendNow(int number, byte[] p, long now) {
        if (!maximumSpeedReached && sendData(recvBuffer.start, number, p)) {
            sendBuffer.setSentTime(number, now);
            sentLater++;
            packetsResent++;
            return true;
        }
        return false;
    }

    /**
     * See {@link #STALL_MILLIS}. A duplicate does not count as received at a c-toxcore peer, so
     * each period sends again the packets most likely still missing there: the first of its last
     * request's list, the packet at its buffer start, and our newest (a lost tail).
     */
    private void unstall(long now) {
        if (now - lastStallResend > STALL_MILLIS) {
            lastStallResend = now;
            int probes = 0;
            for (int i = 0; i < lastMissingCount && probes < STALL_PROBES - 2; i++) {
                int number = lastMissing[(nextProbe + i) % lastMissingCount];
                if (probe(number, now)) {
                    probes++;
                }
            }
            nextProbe++;
            probe(sendBuffer.start, now);
            probe(nextFresh - 1, now);
        }
        if (nextFresh != sendBuffer.end) {
            releaseHeld(now, (long) window + STALL_OVERSHOOT, 1);
        }
    }

    /** Sends a packet again if it is still unconfirmed and was sent more than a round trip ago. */
    private boolean probe(int number, long now) {
        byte[] p = sendBuffer.get(number);
        long sent = sendBuffer.sentTime(number);
        return p != null && sent != PacketBuffer.UNSENT && sent + rtt < now && resendNow(number, p, now);
    }

    /** Sends at most {@code max} held-back packets, in order, while their numbers are within {@code span} of the peer's buffer start. */
    private void releaseHeld(long now, long span, int max) {
        for (int n = 0; n < max && nextFresh != sendBuffer.end && inWindow(nextFresh, span); n++) {
            int number = nextFresh;
            byte[] p = sendBuffer.get(number);
            nextFresh++;
            if (p == null || sendBuffer.sentTime(number) != PacketBuffer.UNSENT || maximumSpeedReached) {
                continue; // a stopped transport: sendRequested sends it later, as any unsent packet
            }
            if (sendData(recvBuffer.start, number, p)) {
                sendBuffer.setSentTime(number, now);
                sentLater++;
                if (span <= (long) window) {
                    windowProgress = now;
                }
            } else {
                maximumSpeedReached = true;
            }
        }
    }

    private void congestionControl(long now) {
        if (recvRate > MIN_RATE) {
            double interval = REQUEST_PACKETS_COMPARE_CONSTANT
                    / ((PacketBuffer.unsigned(recvBuffer.count()) + 1.0) / (recvRate + 1.0));
            double interval2 = ((MIN_RATE / recvRate) * SEND_PACKET_INTERVAL) + PACKET_COUNTER_AVERAGE_INTERVAL;
            interval = Math.min(interval, interval2);
            interval = Math.max(interval, PACKET_COUNTER_AVERAGE_INTERVAL);
            interval = Math.min(interval, SEND_PACKET_INTERVAL);
            if (now - lastRequestSent > (long) interval && sendRequest()) {
                lastRequestSent = now;
            }
        }
        if (PACKET_COUNTER_AVERAGE_INTERVAL + packetCounterSet < now) {
            double dt = now - packetCounterSet;
            recvRate = packetCounter / (dt / 1000.0);
            packetCounter = 0;
            packetCounterSet = now;
            long sentSnapshot = packetsSent;
            packetsSent = 0;
            long resentSnapshot = packetsResent;
            packetsResent = 0;

            int pos = lastSendQueueCounter % QUEUE_ARRAY;
            lastSendQueueSize[pos] = PacketBuffer.unsigned(sendBuffer.count());
            long sum = lastSendQueueSize[pos] - lastSendQueueSize[(pos + 1) % QUEUE_ARRAY];
            int sentPos = lastSendQueueCounter % LAST_SENT_ARRAY;
            lastNumSent[sentPos] = sentSnapshot;
            lastNumResent[sentPos] = resentSnapshot;
            lastSendQueueCounter = (lastSendQueueCounter + 1) % (QUEUE_ARRAY * LAST_SENT_ARRAY);

            long totalSent = 0;
            long totalResent = 0;
            int delay = (int) ((double) rtt / PACKET_COUNTER_AVERAGE_INTERVAL + 0.5);
            int remaining = LAST_SENT_ARRAY - QUEUE_ARRAY;
            delay = Math.min(delay, remaining);
            for (int j = 0; j < QUEUE_ARRAY; j++) {
                int ind = (j + (remaining - delay) + sentPos) % LAST_SENT_ARRAY;
                totalSent += lastNumSent[ind];
                totalResent += lastNumResent[ind];
            }
            if (sum > 0) {
                totalSent -= sum;
            } else if (totalResent > -sum) {
                totalResent = -sum;
            }
            long queued = PacketBuffer.unsigned(sendBuffer.count());
            double minSpeed = 1000.0 * totalSent / ((double) QUEUE_ARRAY * PACKET_COUNTER_AVERAGE_INTERVAL);
            double minSpeedRequest = 1000.0 * (totalSent + totalResent)
                    / ((double) QUEUE_ARRAY * PACKET_COUNTER_AVERAGE_INTERVAL);
            if (minSpeed < MIN_RATE) {
                minSpeed = MIN_RATE;
            }
            double ratio = queued / minSpeed;
            if (ratio > SEND_QUEUE_RATIO && MIN_QUEUE_LENGTH < queued) {
                sendRate = minSpeed * (1.0 / (ratio / SEND_QUEUE_RATIO));
            } else if (lastCongestionEvent + CONGESTION_EVENT_TIMEOUT < now) {
                sendRate = minSpeed * 1.2;
            } else {
                sendRate = minSpeed * 0.9;
            }
            sendRateRequested = minSpeedRequest * 1.2;
            if (sendRate < MIN_RATE) {
                sendRate = MIN_RATE;
            }
            if (sendRateRequested < sendRate) {
                sendRateRequested = sendRate;
            }
        }

        if (!packetsLeftInitialised) {
            packetsLeftInitialised = true;
            lastPacketsLeftRequestedSet = now;
            lastPacketsLeftSet = now;
            packetsLeftRequested = MIN_QUEUE_LENGTH;
            packetsLeft = MIN_QUEUE_LENGTH;
        } else {
            if ((long) ((1000.0 / sendRate) + 0.5) + lastPacketsLeftSet <= now) {
                double n = sendRate * ((now - lastPacketsLeftSet) / 1000.0) + packetsLeftRem;
                long whole = (long) n;
                if (packetsLeft > whole * 4 + MIN_QUEUE_LENGTH) {
                    packetsLeft = whole * 4 + MIN_QUEUE_LENGTH;
                } else {
                    packetsLeft += whole;
                }
                lastPacketsLeftSet = now;
                packetsLeftRem = n - whole;
            }
            if ((long) ((1000.0 / sendRateRequested) + 0.5) + lastPacketsLeftRequestedSet <= now) {
                double n = sendRateRequested * ((now - lastPacketsLeftRequestedSet) / 1000.0) + packetsLeftRequestedRem;
                long whole = (long) n;
                packetsLeftRequested = whole;
                lastPacketsLeftRequestedSet = now;
                packetsLeftRequestedRem = n - whole;
            }
            if (packetsLeft > packetsLeftRequested) {
                packetsLeftRequested = packetsLeft;
            }
        }

        if (packetsLeftRequested > 0) {
            long sent = sendRequested(packetsLeftRequested, now);
            packetsLeftRequested -= sent;
            packetsResent += sent;
            if (sent < packetsLeft) {
                packetsLeft -= sent;
            } else {
                lastCongestionEvent = now;
                packetsLeft = 0;
            }
        }
    }

    private long sendRequested(long max, long now) {
        long sent = 0;
        int count = nextFresh - sendBuffer.start; // held-back packets go out through releaseHeld only
        for (int i = 0; i < count && sent < max; i++) {
            int number = sendBuffer.start + i;
            byte[] p = sendBuffer.get(number);
            if (p == null || sendBuffer.sentTime(number) != PacketBuffer.UNSENT) {
                continue;
            }
            if (sendData(recvBuffer.start, number, p)) {
                sendBuffer.setSentTime(number, now);
                sent++;
                sentLater++;
            }
        }
        return sent;
    }

    private void retryLastIfSpeedReached() {
        if (!maximumSpeedReached) {
            return;
        }
        int number = nextFresh - 1;
        byte[] p = sendBuffer.get(number);
        if (p != null && sendBuffer.sentTime(number) == PacketBuffer.UNSENT) {
            if (!sendData(recvBuffer.start, number, p)) {
                return;
            }
            sendBuffer.setSentTime(number, owner.now());
        }
        maximumSpeedReached = false;
    }

    // ---- sending ----

    private void scheduleAck() {
        if (ackScheduled || state != State.ESTABLISHED || recvBuffer.start == announcedStart) {
            return;
        }
        ackScheduled = true;
        owner.schedule(this::ackNow, ACK_DELAY);
    }

    private void ackNow() {
        ackScheduled = false;
        if (state == State.ESTABLISHED && recvBuffer.start != announcedStart && sendRequest()) {
            lastRequestSent = owner.now();
        }
    }

    private boolean sendRequest() {
        byte[] req = PacketRequest.encode(recvBuffer.count(), i -> recvBuffer.get(recvBuffer.start + i) != null,
                CryptoDataPlain.MAX_DATA);
        // The packet number tells the peer where our packets end: held-back ones are not counted,
        // or the peer would list them missing.
        return sendData(recvBuffer.start, nextFresh, req);
    }

    private boolean sendData(int bufferStart, int number, byte[] data) {
        if (sharedKey == null) {
            return false;
        }
        CryptoData packet = CryptoData.seal(sharedKey, sentNonce, new CryptoDataPlain(bufferStart, number, data));
        sentNonce = sentNonce.increment();
        announcedStart = bufferStart;
        return send(packet.toBytes());
    }

    private void sendHandshake(byte[] peerCookie) {
        setTempPacket(owner.makeHandshake(peerCookie, sentNonce, sessionKeys.publicKey(), peerRealKey, peerDhtKey));
        sendTempPacket();
    }

    private void setTempPacket(byte[] packet) {
        tempPacket = packet;
        tempSentTime = NEVER;
        tempSentCount = 0;
    }

    private void sendTempPacket() {
        if (tempPacket != null && send(tempPacket)) {
            tempSentTime = owner.now();
            tempSentCount++;
        }
    }

    private void touch() {
        lastReceived = owner.now();
    }

    void close(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        tempPacket = null;
        sendBuffer.clear();
        recvBuffer.clear();
        owner.forget(this);
        sessionKeys.destroy();
        if (sharedKey != null) {
            sharedKey.destroy();
            sharedKey = null;
        }
        listener.closed(this, reason);
    }
}
