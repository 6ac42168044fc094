package dev.parley.onion.internal;

import dev.parley.net.ForwardingTransport;
import dev.parley.net.Transport;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/** A transport that shows a test what it receives and sends, before passing it on unchanged. */
final class TappedTransport extends ForwardingTransport {
    private final BiConsumer<InetSocketAddress, byte[]> received;
    private final BiConsumer<InetSocketAddress, byte[]> sent;

    /**
     * @param received hears (source, datagram) before the node does
     * @param sent hears (destination, datagram) for each datagram the node sends
     */
    TappedTransport(Transport inner, BiConsumer<InetSocketAddress, byte[]> received, BiConsumer<InetSocketAddress, byte[]> sent) {
        super(inner);
        this.received = received;
        this.sent = sent;
    }

    @Override
    public void start(Receiver r) {
        inner.start((from, data) -> {
            received.accept(from, data);
            r.receive(from, data);
        });
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        sent.accept(to, data);
        return inner.send(to, data);
    }
}
