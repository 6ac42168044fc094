package dev.parley.onion.internal;

import dev.parley.dht.DhtService;
import dev.parley.net.EventLoop;
import dev.parley.net.PacketNetwork;
import dev.parley.onion.OnionRelay;
import java.util.Random;
import java.util.concurrent.CompletionStage;

/** {@link OnionNode} and {@link AnnounceStore} on one network: the node side alone. */
public final class OnionRelayImpl implements OnionRelay {
    private final EventLoop loop;
    private final OnionNode node;
    private final AnnounceStore store;

    public OnionRelayImpl(PacketNetwork net, DhtService dht, Random random) {
        this.loop = net.loop();
        this.node = new OnionNode(net, dht, random);
        this.store = new AnnounceStore(net, dht, random);
    }

    /** On the loop. */
    public void start() {
        node.start();
        store.start();
    }

    @Override
    public CompletionStage<Integer> announcements() {
        return loop.call(store::size);
    }

    @Override
    public void stop() {
        loop.execute(() -> {
            node.stop();
            store.stop();
        });
    }
}
