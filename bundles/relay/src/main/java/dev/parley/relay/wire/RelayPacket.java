package dev.parley.relay.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * The plain packets inside relay frames (spec "TCP server"; c-toxcore TCP_server.c and
 * TCP_client.c). The first byte is the kind; kinds 16..255 are data on a connection id.
 *
 * <pre>
 * | kind | name                    | after the kind byte                              | direction |
 * |------|-------------------------|--------------------------------------------------|-----------|
 * | 0    | routing request         | 32 public key                                    | c to s    |
 * | 1    | routing response        | 1 connection id (0: refused, else 16..255), 32 pk | s to c    |
 * | 2    | connect notification    | 1 connection id                                  | s to c    |
 * | 3    | disconnect notification | 1 connection id                                  | both      |
 * | 4    | ping                    | 8 ping id (non-zero)                             | both      |
 * | 5    | pong                    | 8 ping id (non-zero)                             | both      |
 * | 6    | OOB send                | 32 destination pk, 1..1024 data                  | c to s    |
 * | 7    | OOB receive             | 32 sender pk, 1..1024 data                       | s to c    |
 * | 8    | onion request           | 24 nonce, 19 packed address, rest onion packet   | c to s    |
 * | 9    | onion response          | the onion response packet                        | s to c    |
 * | 16+  | data                    | any bytes (kind = connection id)                 | both      |
 * </pre>
 *
 * Kinds 10..15 are reserved; a packet of such a kind, or of the wrong size for its kind, does
 * not decode. c-toxcore closes the connection of a client that sends one.
 */
public sealed interface RelayPacket {

    int ROUTING_REQUEST = 0;
    int ROUTING_RESPONSE = 1;
    int CONNECT_NOTIFICATION = 2;
    int DISCONNECT_NOTIFICATION = 3;
    int PING = 4;
    int PONG = 5;
    int OOB_SEND = 6;
    int OOB_RECV = 7;
    int ONION_REQUEST = 8;
    int ONION_RESPONSE = 9;

    void encode(ByteBuf out);

    int size();

    default byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(size());
        encode(b);
        return b.array();
    }

    /** Decodes one whole plain packet. */
    static RelayPacket decode(ByteBuf in) {
        int len = in.readableBytes();
        RelayWireException.check(len >= 1, "relay packet: empty");
        RelayWireException.check(len <= RelaySizes.MAX_PLAIN, "relay packet: too long");
        int kind = in.getUnsignedByte(in.readerIndex());
        switch (kind) {
            case ROUTING_REQUEST:
                return RoutingRequest.decode(in);
            case ROUTING_RESPONSE:
                return RoutingResponse.decode(in);
            case CONNECT_NOTIFICATION:
                return ConnectNotification.decode(in);
            case DISCONNECT_NOTIFICATION:
                return DisconnectNotification.decode(in);
            case PING:
                return Ping.decode(in);
            case PONG:
                return Pong.decode(in);
            case OOB_SEND:
                return OobSend.decode(in);
            case OOB_RECV:
                return OobRecv.decode(in);
            case ONION_REQUEST:
                return OnionRequest.decode(in);
            case ONION_RESPONSE:
                return OnionResponse.decode(in);
            default:
                RelayWireException.check(kind >= RelaySizes.RESERVED_IDS, "relay packet: reserved kind " + kind);
                return Data.decode(in);
        }
    }

    static RelayPacket decode(byte[] plain) {
        return decode(Unpooled.wrappedBuffer(plain));
    }

    private static void kind(ByteBuf in, int kind, int size, String what) {
        RelayWireException.check(in.readableBytes() == size, what + ": size " + in.readableBytes());
        RelayWireException.check(in.readUnsignedByte() == kind, what + ": kind");
    }

    private static void checkId(int id, boolean zeroAllowed, String what) {
        RelayWireException.check(id >= RelaySizes.RESERVED_IDS || (zeroAllowed && id == 0), what + ": connection id " + id);
    }

    /** Kind 0: ask the relay for a connection id to {@code publicKey}. */
    record RoutingRequest(byte[] publicKey) implements RelayPacket {
        public RoutingRequest {
            RelayWireException.check(publicKey.length == RelaySizes.KEY, "routing request: key size");
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        static RoutingRequest decode(ByteBuf in) {
            kind(in, ROUTING_REQUEST, 1 + RelaySizes.KEY, "routing request");
            return new RoutingRequest(RelayWireException.read(in, RelaySizes.KEY, "routing request"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(ROUTING_REQUEST).writeBytes(publicKey);
        }

        @Override
        public int size() {
            return 1 + RelaySizes.KEY;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoutingRequest r && Arrays.equals(publicKey, r.publicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }
    }

    /** Kind 1: the id the relay gave for {@code publicKey}, or 0 when it refused. */
    record RoutingResponse(int connectionId, byte[] publicKey) implements RelayPacket {
        public RoutingResponse {
            RelayWireException.check(publicKey.length == RelaySizes.KEY, "routing response: key size");
            checkId(connectionId, true, "routing response");
            RelayWireException.check(connectionId <= 255, "routing response: id");
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        public boolean refused() {
            return connectionId == 0;
        }

        static RoutingResponse decode(ByteBuf in) {
            kind(in, ROUTING_RESPONSE, 2 + RelaySizes.KEY, "routing response");
            int id = in.readUnsignedByte();
            return new RoutingResponse(id, RelayWireException.read(in, RelaySizes.KEY, "routing response"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(ROUTING_RESPONSE).writeByte(connectionId).writeBytes(publicKey);
        }

        @Override
        public int size() {
            return 2 + RelaySizes.KEY;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RoutingResponse r && r.connectionId == connectionId && Arrays.equals(publicKey, r.publicKey);
        }

        @Override
        public int hashCode() {
            return connectionId * 31 + Arrays.hashCode(publicKey);
        }
    }

    /** Kind 2: the peer on {@code connectionId} is online here too; data can flow. */
    record ConnectNotification(int connectionId) implements RelayPacket {
        public ConnectNotification {
            checkId(connectionId, false, "connect notification");
            RelayWireException.check(connectionId <= 255, "connect notification: id");
        }

        static ConnectNotification decode(ByteBuf in) {
            kind(in, CONNECT_NOTIFICATION, 2, "connect notification");
            return new ConnectNotification(in.readUnsignedByte());
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(CONNECT_NOTIFICATION).writeByte(connectionId);
        }

        @Override
        public int size() {
            return 2;
        }
    }

    /**
     * Kind 3: from the relay, the peer on {@code connectionId} went away; from a client, forget
     * that connection. The id is not checked here: c-toxcore's server looks it up and closes a
     * client that names an id it does not hold.
     */
    record DisconnectNotification(int connectionId) implements RelayPacket {
        public DisconnectNotification {
            RelayWireException.check(connectionId >= 0 && connectionId <= 255, "disconnect notification: id");
        }

        static DisconnectNotification decode(ByteBuf in) {
            kind(in, DISCONNECT_NOTIFICATION, 2, "disconnect notification");
            return new DisconnectNotification(in.readUnsignedByte());
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(DISCONNECT_NOTIFICATION).writeByte(connectionId);
        }

        @Override
        public int size() {
            return 2;
        }
    }

    /** Kind 4: ping with an id the answer repeats. */
    record Ping(long pingId) implements RelayPacket {
        static Ping decode(ByteBuf in) {
            kind(in, PING, 9, "ping");
            return new Ping(in.readLong());
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(PING).writeLong(pingId);
        }

        @Override
        public int size() {
            return 9;
        }
    }

    /** Kind 5: answer to a {@link Ping}. A zero id is invalid (c-toxcore closes the connection). */
    record Pong(long pingId) implements RelayPacket {
        static Pong decode(ByteBuf in) {
            kind(in, PONG, 9, "pong");
            return new Pong(in.readLong());
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(PONG).writeLong(pingId);
        }

        @Override
        public int size() {
            return 9;
        }
    }

    /** Kind 6: deliver {@code data} to the client with key {@code destination} if it is here. */
    record OobSend(byte[] destination, byte[] data) implements RelayPacket {
        public OobSend {
            RelayWireException.check(destination.length == RelaySizes.KEY, "oob send: key size");
            RelayWireException.check(data.length >= 1 && data.length <= RelaySizes.MAX_OOB_DATA, "oob send: data size " + data.length);
            destination = destination.clone();
            data = data.clone();
        }

        @Override
        public byte[] destination() {
            return destination.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        static OobSend decode(ByteBuf in) {
            int len = in.readableBytes();
            RelayWireException.check(len > 1 + RelaySizes.KEY, "oob send: too short");
            in.skipBytes(1);
            byte[] k = RelayWireException.read(in, RelaySizes.KEY, "oob send");
            return new OobSend(k, RelayWireException.read(in, in.readableBytes(), "oob send"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(OOB_SEND).writeBytes(destination).writeBytes(data);
        }

        @Override
        public int size() {
            return 1 + RelaySizes.KEY + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OobSend r && Arrays.equals(destination, r.destination) && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(destination) * 31 + Arrays.hashCode(data);
        }
    }

    /** Kind 7: OOB data from the client with key {@code sender}. */
    record OobRecv(byte[] sender, byte[] data) implements RelayPacket {
        public OobRecv {
            RelayWireException.check(sender.length == RelaySizes.KEY, "oob recv: key size");
            RelayWireException.check(data.length >= 1 && data.length <= RelaySizes.MAX_OOB_DATA, "oob recv: data size " + data.length);
            sender = sender.clone();
            data = data.clone();
        }

        @Override
        public byte[] sender() {
            return sender.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        static OobRecv decode(ByteBuf in) {
            RelayWireException.check(in.readableBytes() > 1 + RelaySizes.KEY, "oob recv: too short");
            in.skipBytes(1);
            byte[] k = RelayWireException.read(in, RelaySizes.KEY, "oob recv");
            return new OobRecv(k, RelayWireException.read(in, in.readableBytes(), "oob recv"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(OOB_RECV).writeBytes(sender).writeBytes(data);
        }

        @Override
        public int size() {
            return 1 + RelaySizes.KEY + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OobRecv r && Arrays.equals(sender, r.sender) && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sender) * 31 + Arrays.hashCode(data);
        }
    }

    /**
     * Kind 8: an onion request the relay sends on as onion node 0 ({@code onion_send_1}):
     * {@code nonce}, then {@code payload} = 19-byte packed address of the first UDP hop,
     * 32-byte temporary key and the box for that hop. Longer than
     * {@code 1 + 24 + 2 * ONION_SEND_BASE} bytes in all.
     */
    record OnionRequest(byte[] nonce, byte[] payload) implements RelayPacket {
        public OnionRequest {
            RelayWireException.check(nonce.length == RelaySizes.NONCE, "onion request: nonce size");
            RelayWireException.check(payload.length > 2 * RelaySizes.ONION_SEND_BASE, "onion request: too short");
            nonce = nonce.clone();
            payload = payload.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        static OnionRequest decode(ByteBuf in) {
            RelayWireException.check(in.readableBytes() > 1 + RelaySizes.NONCE + 2 * RelaySizes.ONION_SEND_BASE, "onion request: too short");
            in.skipBytes(1);
            byte[] n = RelayWireException.read(in, RelaySizes.NONCE, "onion request");
            return new OnionRequest(n, RelayWireException.read(in, in.readableBytes(), "onion request"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(ONION_REQUEST).writeBytes(nonce).writeBytes(payload);
        }

        @Override
        public int size() {
            return 1 + RelaySizes.NONCE + payload.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OnionRequest r && Arrays.equals(nonce, r.nonce) && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(nonce) * 31 + Arrays.hashCode(payload);
        }
    }

    /** Kind 9: an onion response (the packet a UDP node would get as 0x8e's payload) for this client. */
    record OnionResponse(byte[] payload) implements RelayPacket {
        public OnionResponse {
            RelayWireException.check(payload.length >= 1, "onion response: empty");
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        static OnionResponse decode(ByteBuf in) {
            RelayWireException.check(in.readableBytes() > 1, "onion response: empty");
            in.skipBytes(1);
            return new OnionResponse(RelayWireException.read(in, in.readableBytes(), "onion response"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(ONION_RESPONSE).writeBytes(payload);
        }

        @Override
        public int size() {
            return 1 + payload.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OnionResponse r && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }
    }

    /** Kinds 16..255: data for the peer linked on {@code connectionId}; may be empty. */
    record Data(int connectionId, byte[] data) implements RelayPacket {
        public Data {
            checkId(connectionId, false, "data");
            RelayWireException.check(connectionId <= 255, "data: id");
            RelayWireException.check(data.length + 1 <= RelaySizes.MAX_PLAIN, "data: too long");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        static Data decode(ByteBuf in) {
            int id = in.readUnsignedByte();
            return new Data(id, RelayWireException.read(in, in.readableBytes(), "data"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(connectionId).writeBytes(data);
        }

        @Override
        public int size() {
            return 1 + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data r && r.connectionId == connectionId && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return connectionId * 31 + Arrays.hashCode(data);
        }
    }
}
