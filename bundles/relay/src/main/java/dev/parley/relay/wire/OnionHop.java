package dev.parley.relay.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The UDP side of a relay's onion forwarding: the relay acts as onion node 0 for its TCP clients
 * (c-toxcore's {@code onion_send_1} with a TCP source, and {@code handle_recv_1}).
 *
 * <p>From a client's {@link RelayPacket.OnionRequest} the relay sends to the first UDP hop:
 *
 * <pre>
 * | length | contents                                                             |
 * |--------|----------------------------------------------------------------------|
 * | 1      | 0x81 (onion request 1)                                               |
 * | 24     | nonce, from the client's request                                     |
 * | n      | the request's payload after its 19-byte address: key and box          |
 * | 59     | return data: 24 nonce, secretbox(relay's key) of 19 bytes naming the client |
 * </pre>
 *
 * at most {@link #MAX_PACKET} bytes. The hop answers with:
 *
 * <pre>
 * | length | contents                                                             |
 * |--------|----------------------------------------------------------------------|
 * | 1      | 0x8e (onion response 1)                                              |
 * | 59     | the return data, as sent                                             |
 * | rest   | the response the client gets in a {@link RelayPacket.OnionResponse}   |
 * </pre>
 *
 * The 19-byte address in a request is c-toxcore's {@code ipport_pack}: family (2 IPv4, 10 IPv6),
 * 16 address bytes (IPv4 in the first 4), 2 port bytes big-endian. Only UDP families are taken.
 */
public final class OnionHop {
    public static final int SEND_1 = 0x81;
    public static final int RECV_1 = 0x8e;
    public static final int ADDRESS = 19;
    public static final int RETURN_PLAIN = ADDRESS;
    public static final int RETURN = RelaySizes.NONCE + RETURN_PLAIN + RelaySizes.MAC; // 59
    public static final int MAX_PACKET = 1400;

    private OnionHop() {
    }

    /** The first hop's address at the start of an onion request's payload. */
    public static InetSocketAddress firstHop(byte[] payload) {
        RelayWireException.check(payload.length > ADDRESS, "onion request: no address");
        int family = payload[0] & 0xff;
        byte[] ip;
        if (family == 2) {
            ip = Arrays.copyOfRange(payload, 1, 5);
        } else if (family == 10) {
            ip = Arrays.copyOfRange(payload, 1, 17);
        } else {
            throw new RelayWireException("onion request: address family " + family);
        }
        int port = ((payload[17] & 0xff) << 8) | (payload[18] & 0xff);
        RelayWireException.check(port != 0, "onion request: port 0");
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new RelayWireException("onion request: address");
        }
    }

    /** The 0x81 packet for {@code request}, with return data {@code ret} (59 bytes). */
    public static byte[] send1(RelayPacket.OnionRequest request, byte[] ret) {
        RelayWireException.check(ret.length == RETURN, "onion return size");
        byte[] payload = request.payload();
        int rest = payload.length - ADDRESS;
        int size = 1 + RelaySizes.NONCE + rest + RETURN;
        RelayWireException.check(size <= MAX_PACKET, "onion request: too long");
        ByteBuf out = Unpooled.buffer(size);
        out.writeByte(SEND_1).writeBytes(request.nonce()).writeBytes(payload, ADDRESS, rest).writeBytes(ret);
        return out.array();
    }

    /** An 0x8e packet: its return data and the response after it. */
    public record Recv1(byte[] ret, byte[] response) {
        public static Recv1 decode(byte[] packet) {
            RelayWireException.check(packet.length > 1 + RETURN && packet.length <= MAX_PACKET, "onion recv 1: size");
            RelayWireException.check((packet[0] & 0xff) == RECV_1, "onion recv 1: kind");
            return new Recv1(Arrays.copyOfRange(packet, 1, 1 + RETURN), Arrays.copyOfRange(packet, 1 + RETURN, packet.length));
        }
    }
}
