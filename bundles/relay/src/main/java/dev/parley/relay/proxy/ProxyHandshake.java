package dev.parley.relay.proxy;

/**
 * The client side of a proxy handshake for one connection, fed with what the proxy sends. Not
 * thread-safe: one caller at a time (the connection's I/O thread).
 */
public sealed interface ProxyHandshake permits Socks5Handshake, HttpConnectHandshake {

    /** What the handshake wants done after a step. */
    sealed interface Step {
    }

    /** Wait for more bytes from the proxy. */
    record NeedMore() implements Step {
    }

    /** Write these bytes to the proxy, then wait for more. */
    record Send(byte[] bytes) implements Step {
    }

    /**
     * The tunnel is open: from now on the stream belongs to the target.
     *
     * @param leftover bytes the proxy sent after its reply, which are the target's already
     */
    record Done(byte[] leftover) implements Step {
    }

    /** The proxy did not open the tunnel; close the connection. */
    record Failed(ProxyFailure failure) implements Step {
    }

    /** The first bytes to write once the TCP connection to the proxy is up. */
    byte[] start();

    /** Takes the next bytes read from the proxy. After {@link Done} or {@link Failed}, do not call again. */
    Step received(byte[] chunk);
}
