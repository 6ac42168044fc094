package dev.parley.relay;

import dev.parley.net.EventLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Outgoing TCP connections for {@link RelayClient}s. One Netty thread reads and writes for all of
 * them; every event hops onto the node's {@link EventLoop}, where the clients own their state.
 */
public final class TcpRelayConnector implements RelayConnections.Connector, AutoCloseable {

    private final EventLoop loop;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final int connectTimeoutMillis;

    public TcpRelayConnector(EventLoop loop, int connectTimeoutMillis) {
        this.loop = loop;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public TcpRelayConnector(EventLoop loop) {
        this(loop, 10_000);
    }

    /**
     * Starts connecting {@code client} to {@code relay}: {@link RelayClient#connected} once the
     * socket is up, {@link RelayClient#closed} when it fails or ends. Never blocks.
     */
    @Override
    public void connect(InetSocketAddress relay, RelayClient client) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new StreamHandler(loop, client));
        ChannelFuture f = b.connect(relay);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                loop.execute(client::closed);
            }
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5000);
    }

    private static final class StreamHandler extends ChannelLink {
        private final EventLoop loop;
        private final RelayClient client;

        StreamHandler(EventLoop loop, RelayClient client) {
            this.loop = loop;
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            loop.execute(() -> client.connected(this));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                byte[] bytes = ByteBufUtil.getBytes((ByteBuf) msg);
                loop.execute(() -> client.received(bytes));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            loop.execute(client::closed);
        }
    }
}
