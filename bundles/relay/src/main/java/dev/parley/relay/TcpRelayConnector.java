package dev.parley.relay;

import dev.parley.net.EventLoop;
import dev.parley.relay.proxy.Proxy;
import dev.parley.relay.proxy.ProxyFailure;
import dev.parley.relay.proxy.ProxyHandshake;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Outgoing TCP connections for {@link RelayClient}s. One Netty thread reads and writes for all of
 * them; every event hops onto the node's {@link EventLoop}, where the clients own their state.
 *
 * <p>With a {@link Proxy}, every connection goes to the proxy and the relay is reached through
 * its tunnel (SOCKS5 or HTTP CONNECT); no direct connection is ever opened. The client hears of
 * the connection only once the tunnel is open. A proxy that fails (unreachable, wants
 * authentication, refuses, answers nonsense or not in time) is logged and counted by
 * {@link ProxyFailure.Kind}, and the client sees an ordinary closed connection, which its
 * {@link RelayConnections} retries with backoff.
 */
public final class TcpRelayConnector implements RelayConnections.Connector, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpRelayConnector.class.getName());

    private final EventLoop loop;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Set by {@link #close}: streams that end from now on were ended by us. */
    private volatile boolean closing;
    private final int connectTimeoutMillis;
    private final Proxy proxy;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /**
     * @param connectTimeoutMillis how long a TCP connect (and, with a proxy, its handshake) may take
     * @param proxy the proxy all connections go through, or empty for direct connections
     */
    public TcpRelayConnector(EventLoop loop, int connectTimeoutMillis, Optional<Proxy> proxy) {
        this.loop = loop;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.proxy = proxy.orElse(null);
    }

    public TcpRelayConnector(EventLoop loop, int connectTimeoutMillis) {
        this(loop, connectTimeoutMillis, Optional.empty());
    }

    public TcpRelayConnector(EventLoop loop) {
        this(loop, 10_000);
    }

    /** The proxy in use, if any. */
    public Optional<Proxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * Starts connecting {@code client} to {@code relay}: {@link RelayClient#connected} once the
     * socket (through a proxy: the tunnel) is up, {@link RelayClient#closed} when it fails or ends.
     * Never blocks. An unresolved {@code relay} is passed to the proxy by name; without a proxy
     * it is resolved on the I/O thread.
     */
    @Override
    public void connect(InetSocketAddress relay, RelayClient client) {
        if (closing) {
            // A closed group would never report back: say at once that this stream ended.
            count("connects cancelled");
            loop.execute(client::closed);
            return;
        }
        ProxyHandshake handshake = proxy == null ? null : proxy.handshake(relay);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new StreamHandler(client, handshake, relay));
        count("connects");
        ChannelFuture f = b.connect(proxy == null ? relay : proxy.address());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                if (closing) {
                    // Ended by our own shutdown, which began while it was under way; not by the
                    // proxy or the relay: nothing failed.
                    count("connects cancelled");
                } else if (proxy != null) {
                    proxyFailed(relay, new ProxyFailure(ProxyFailure.Kind.UNREACHABLE, String.valueOf(done.cause())));
                } else {
                    count("connect failures");
                }
                loop.execute(client::closed);
            }
        });
    }

    /**
     * What happened so far: {@code connects}, {@code connect failures} (direct), {@code connects
     * cancelled} (ended by {@link #close}), and with a proxy {@code proxy tunnels} (opened),
     * {@code proxy failures} and one counter per {@link ProxyFailure.Kind#text()}.
     */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void count(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private void proxyFailed(InetSocketAddress relay, ProxyFailure failure) {
        count("proxy failures");
        count(failure.kind().text());
        LOG.warning(() -> "relay: proxy " + proxy + " did not open a tunnel to " + relay + ": " + failure);
    }

    @Override
    public void close() {
        closing = true;
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5000);
    }

    private final class StreamHandler extends ChannelLink {
        private final RelayClient client;
        private final InetSocketAddress relay;
        /** Non-null while a proxy handshake is under way. */
        private ProxyHandshake handshake;
        private ScheduledFuture<?> deadline;

        StreamHandler(RelayClient client, ProxyHandshake handshake, InetSocketAddress relay) {
            this.client = client;
            this.handshake = handshake;
            this.relay = relay;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            if (handshake == null) {
                loop.execute(() -> client.connected(this));
                return;
            }
            deadline = ctx.executor().schedule(() -> {
                if (handshake != null) {
                    fail(ctx, new ProxyFailure(ProxyFailure.Kind.NO_REPLY,
                            "no answer within " + connectTimeoutMillis + " ms"));
                }
            }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.start()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes((ByteBuf) msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (handshake == null) {
                loop.execute(() -> client.received(bytes));
                return;
            }
            ProxyHandshake.Step step = handshake.received(bytes);
            if (step instanceof ProxyHandshake.Send send) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
            } else if (step instanceof ProxyHandshake.Done done) {
                handshake = null;
                deadline.cancel(false);
                count("proxy tunnels");
                byte[] rest = done.leftover();
                loop.execute(() -> {
                    client.connected(this);
                    if (rest.length > 0) {
                        client.received(rest);
                    }
                });
            } else if (step instanceof ProxyHandshake.Failed failed) {
                fail(ctx, failed.failure());
            }
        }

        private void fail(ChannelHandlerContext ctx, ProxyFailure failure) {
            handshake = null;
            if (deadline != null) {
                deadline.cancel(false);
            }
            proxyFailed(relay, failure);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (handshake != null && closing) {
                // We closed it (the connector is shutting down), not the proxy: no failure.
                handshake = null;
                if (deadline != null) {
                    deadline.cancel(false);
                }
            } else if (handshake != null) {
                fail(ctx, new ProxyFailure(ProxyFailure.Kind.NO_REPLY, "the proxy closed the connection mid-handshake"));
            }
            loop.execute(client::closed);
        }

        @Override
        public String describe() {
            return proxy == null ? super.describe() : relay + " via " + proxy;
        }
    }
}
