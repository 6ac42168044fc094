package dev.parley.dht.internal;

import dev.parley.net.Transport;
import java.net.InetSocketAddress;

/** A transport that hands everything to another; tests override what they watch or change. */
class ForwardingTransport implements Transport {
    protected final Transport t;

    ForwardingTransport(Transport t) {
        this.t = t;
    }

    @Override
    public void start(Receiver r) {
        t.start(r);
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        return t.send(to, data);
    }

    @Override
    public InetSocketAddress localAddress() {
        return t.localAddress();
    }

    @Override
    public boolean supportsIpv6() {
        return t.supportsIpv6();
    }

    @Override
    public void close() {
        t.close();
    }
}
