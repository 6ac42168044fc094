package dev.parley.net;

import java.net.InetSocketAddress;

/**
 * A transport that passes everything to another one. A subclass overrides what it watches,
 * filters or changes (a test's tap on the datagrams, a filter that drops some) and leaves the
 * rest to this class.
 */
public class ForwardingTransport implements Transport {
    protected final Transport inner;

    public ForwardingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public void start(Receiver receiver) {
        inner.start(receiver);
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        return inner.send(to, data);
    }

    @Override
    public InetSocketAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public boolean supportsIpv6() {
        return inner.supportsIpv6();
    }

    @Override
    public boolean carriesDatagrams() {
        return inner.carriesDatagrams();
    }

    @Override
    public void close() {
        inner.close();
    }
}
