package dev.parley.relay.proxy;

import dev.parley.relay.proxy.ProxyFailure.Kind;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SOCKS5 (RFC 1928) CONNECT without authentication, by IP or, for an unresolved target, by host
 * name (the proxy resolves it, so no name lookup leaves this machine).
 *
 * <pre>
 * us:    05 01 00                        version, one method offered: 00 (no authentication)
 * proxy: 05 MM                           the method chosen (FF: none acceptable)
 * us:    05 01 00 AT ADDR PORT(2, BE)    CONNECT; AT 01: IPv4 (4), 03: name (length byte + name), 04: IPv6 (16)
 * proxy: 05 RR 00 AT ADDR PORT           RR 00: tunnel open; then the stream is the target's
 * </pre>
 */
public final class Socks5Handshake implements ProxyHandshake {

    private static final int VERSION = 5;
    private static final int NO_AUTH = 0;
    private static final int USER_PASSWORD = 2;
    private static final int NONE_ACCEPTABLE = 0xff;
    private static final int CONNECT = 1;
    private static final int IPV4 = 1;
    private static final int NAME = 3;
    private static final int IPV6 = 4;

    private enum State { START, METHOD, REPLY, OVER }

    private final InetSocketAddress target;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private State state = State.START;

    /** @param target the relay to reach; unresolved: CONNECT by name */
    public Socks5Handshake(InetSocketAddress target) {
        if (target.isUnresolved() && target.getHostString().getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("SOCKS5: host name longer than 255 bytes: " + target.getHostString());
        }
        this.target = target;
    }

    @Override
    public byte[] start() {
        if (state != State.START) {
            throw new IllegalStateException("started already");
        }
        state = State.METHOD;
        return new byte[] {VERSION, 1, NO_AUTH};
    }

    @Override
    public Step received(byte[] chunk) {
        if (state == State.START || state == State.OVER) {
            throw new IllegalStateException("not waiting for the proxy (" + state + ")");
        }
        in.writeBytes(chunk);
        byte[] b = in.toByteArray();
        return switch (state) {
            case METHOD -> method(b);
            case REPLY -> reply(b);
            case START, OVER -> throw new IllegalStateException("not waiting for the proxy (" + state + ")");
        };
    }

    private Step method(byte[] b) {
        if (b.length < 2) {
            return new NeedMore();
        }
        if (b[0] != VERSION) {
            return fail(Kind.MALFORMED, "SOCKS version " + (b[0] & 0xff) + " in the method reply (is it a SOCKS5 proxy?)");
        }
        int m = b[1] & 0xff;
        if (m == NONE_ACCEPTABLE || m == USER_PASSWORD) {
            return fail(Kind.AUTH_REQUIRED, "the SOCKS5 proxy accepts no connection without authentication");
        }
        if (m != NO_AUTH) {
            return fail(Kind.MALFORMED, "the SOCKS5 proxy chose method " + m + ", which was not offered");
        }
        if (b.length > 2) {
            return fail(Kind.MALFORMED, "the SOCKS5 proxy sent " + (b.length - 2) + " bytes after its method reply");
        }
        in.reset();
        state = State.REPLY;
        return new Send(request());
    }

    private byte[] request() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {VERSION, CONNECT, 0});
        if (target.isUnresolved()) {
            byte[] name = target.getHostString().getBytes(StandardCharsets.UTF_8);
            out.write(NAME);
            out.write(name.length);
            out.writeBytes(name);
        } else {
            out.write(target.getAddress() instanceof Inet4Address ? IPV4 : IPV6);
            out.writeBytes(target.getAddress().getAddress());
        }
        out.write(target.getPort() >>> 8);
        out.write(target.getPort() & 0xff);
        return out.toByteArray();
    }

    private Step reply(byte[] b) {
        if (b.length < 5) {
            return new NeedMore();
        }
        if (b[0] != VERSION) {
            return fail(Kind.MALFORMED, "SOCKS version " + (b[0] & 0xff) + " in the CONNECT reply");
        }
        int rep = b[1] & 0xff;
        if (rep != 0) {
            return fail(Kind.REFUSED, "SOCKS5 reply " + rep + " (" + replyText(rep) + ") for " + describe(target));
        }
        int length = switch (b[3] & 0xff) {
            case IPV4 -> 4 + 4 + 2;
            case IPV6 -> 4 + 16 + 2;
            case NAME -> 4 + 1 + (b[4] & 0xff) + 2;
            default -> -1;
        };
        if (length < 0) {
            return fail(Kind.MALFORMED, "SOCKS5 address type " + (b[3] & 0xff) + " in the CONNECT reply");
        }
        if (b.length < length) {
            return new NeedMore();
        }
        state = State.OVER;
        in.reset();
        return new Done(Arrays.copyOfRange(b, length, b.length));
    }

    private Step fail(Kind kind, String detail) {
        state = State.OVER;
        return new Failed(new ProxyFailure(kind, detail));
    }

    /** The meaning of a SOCKS5 reply code (RFC 1928, section 6). */
    static String replyText(int rep) {
        return switch (rep) {
            case 1 -> "general failure";
            case 2 -> "not allowed by the proxy's rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused by the target";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unassigned code";
        };
    }

    /** {@code host:port}, an IPv6 address in brackets and in its short form (RFC 5952). */
    static String describe(InetSocketAddress a) {
        String h = a.isUnresolved() ? a.getHostString()
                : a.getAddress() instanceof java.net.Inet6Address v6 ? shortIpv6(v6.getAddress()) : a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    private static String shortIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestAt = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestAt = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
