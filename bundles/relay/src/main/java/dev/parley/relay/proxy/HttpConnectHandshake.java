package dev.parley.relay.proxy;

import dev.parley.relay.proxy.ProxyFailure.Kind;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP CONNECT (RFC 9110, section 9.3.6) without authentication: one request, then the proxy's
 * status line and headers up to the empty line. A 2xx status opens the tunnel; 407 means the
 * proxy wants credentials; anything else is a refusal.
 *
 * <pre>
 * us:    CONNECT 127.0.0.1:33445 HTTP/1.1\r\nHost: 127.0.0.1:33445\r\n\r\n   (IPv6 in brackets)
 * proxy: HTTP/1.1 200 Connection established\r\n ...headers... \r\n
 * </pre>
 */
public final class HttpConnectHandshake implements ProxyHandshake {

    /** A reply head longer than this is not a proxy's answer to CONNECT. */
    static final int MAX_HEAD = 16 * 1024;
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: (.*))?");

    private final String authority;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private boolean started;
    private boolean over;

    /** @param target the relay to reach; unresolved: by name (the proxy resolves it) */
    public HttpConnectHandshake(InetSocketAddress target) {
        this.authority = Socks5Handshake.describe(target);
        if (authority.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("HTTP CONNECT: not a host name: " + authority);
        }
    }

    @Override
    public byte[] start() {
        if (started) {
            throw new IllegalStateException("started already");
        }
        started = true;
        return ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Step received(byte[] chunk) {
        if (!started || over) {
            throw new IllegalStateException("not waiting for the proxy");
        }
        in.writeBytes(chunk);
        byte[] b = in.toByteArray();
        int end = headEnd(b);
        if (end < 0) {
            if (b.length > MAX_HEAD) {
                return fail(Kind.MALFORMED, "no end of the reply head within " + MAX_HEAD + " bytes");
            }
            return new NeedMore();
        }
        over = true;
        String head = new String(b, 0, end, StandardCharsets.ISO_8859_1);
        String statusLine = head.split("\r?\n", 2)[0];
        Matcher m = STATUS.matcher(statusLine);
        if (!m.matches()) {
            return fail(Kind.MALFORMED, "not an HTTP status line: " + printable(statusLine));
        }
        int status = Integer.parseInt(m.group(1));
        if (status >= 200 && status < 300) {
            return new Done(Arrays.copyOfRange(b, end, b.length));
        }
        String text = "HTTP " + status + (m.group(2) == null ? "" : " " + printable(m.group(2))) + " for CONNECT " + authority;
        return fail(status == 407 ? Kind.AUTH_REQUIRED : Kind.REFUSED, text);
    }

    /** The index just past the empty line that ends the head (CRLF CRLF, or bare LF LF), or -1. */
    private static int headEnd(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                if (i + 1 < b.length && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private Step fail(Kind kind, String detail) {
        over = true;
        return new Failed(new ProxyFailure(kind, detail));
    }

    private static String printable(String s) {
        String t = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
