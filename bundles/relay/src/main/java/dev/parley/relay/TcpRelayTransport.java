package dev.parley.relay;

import dev.parley.net.EventLoop;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TCP listening sockets for a {@link RelayServer}. One Netty thread reads and writes; every read
 * chunk hops onto the node's {@link EventLoop}, where the server owns all state.
 */
public final class TcpRelayTransport implements AutoCloseable {

    private final EventLoopGroup group;
    private final AtomicLong readPauses;
    private final List<Channel> listeners;

    private TcpRelayTransport(EventLoopGroup group, List<Channel> listeners, AtomicLong readPauses) {
        this.group = group;
        this.readPauses = readPauses;
        this.listeners = listeners;
    }

    /**
     * Listens on every port in {@code ports} (0 picks a free one) at {@code bindAddress}: an IPv4
     * address (also {@code 0.0.0.0}) listens on IPv4 only, an IPv6 one ({@code ::}: dual-stack) on IPv6.
     *
     * @throws UncheckedIOException if a port cannot be bound; nothing stays bound then
     */
    public static TcpRelayTransport listen(EventLoop loop, RelayServer server, InetAddress bindAddress, List<Integer> ports) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<Channel> bound = new ArrayList<>();
        AtomicLong readPauses = new AtomicLong();
        // An IPv4 address (the wildcard 0.0.0.0 too) gets an IPv4 socket: Java's default socket is
        // dual-stack, on which 0.0.0.0 would mean [::] and accept IPv6 clients as well.
        SocketProtocolFamily family = bindAddress instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        try {
            for (int port : ports) {
                ServerBootstrap b = new ServerBootstrap()
                        .group(group)
                        .channelFactory(() -> new NioServerSocketChannel(SelectorProvider.provider(), family))
                        .option(ChannelOption.SO_BACKLOG, 128)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new StreamHandler(loop, server, ch, readPauses));
                            }
                        });
                bound.add(b.bind(new InetSocketAddress(bindAddress, port)).sync().channel());
            }
        } catch (Exception e) {
            for (Channel c : bound) {
                c.close().awaitUninterruptibly(2000);
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new UncheckedIOException("cannot listen for TCP relay clients on " + bindAddress + " " + ports,
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        return new TcpRelayTransport(group, bound, readPauses);
    }

    /** The bound addresses, in the order of the ports given. */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** How many times a stream was not read further because the server had not caught up (see {@link #READ_AHEAD_BYTES}). */
    public long readPauses() {
        return readPauses.get();
    }

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly(2000);
        }
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5000);
    }

    /**
     * The receive buffer of every accepted stream (set on the listening socket, so that the TCP
     * window is sized from the handshake on). Linux otherwise starts a socket at 128 KiB and grows
     * it only as the reader keeps up; a c-toxcore client that writes a burst of large messages
     * while the relay's thread is not scheduled (a loaded machine, a GC pause) then finds its own
     * socket full and falls back to net_crypto's slow pace for the rest of the burst
     * (docs/BENCHMARKS.md). The kernel uses this memory only for bytes actually waiting, and caps
     * the value at {@code net.core.rmem_max}.
     */
    static final int RECEIVE_BUFFER_BYTES = 1024 * 1024;

    /**
     * Bytes read from one stream that the server has not handled yet, above which the stream is
     * not read further until the server caught up: a bound on what one client can pile up on the
     * node's loop. It is large on purpose: a c-toxcore client whose socket towards the relay fills
     * up stops sending and falls back to net_crypto's slow congestion-controlled pace
     * (docs/BENCHMARKS.md), so a burst must be drained from the socket at once.
     */
    static final int READ_AHEAD_BYTES = 1024 * 1024;

    private static final class StreamHandler extends ChannelLink {
        private final EventLoop loop;
        private final RelayServer server;
        private RelayServer.Session session; // loop-confined
        private final AtomicLong unhandled = new AtomicLong();
        /** Reading is off for the read-ahead bound; written on the I/O thread only. */
        private volatile boolean paused;

        private final AtomicLong readPauses;

        StreamHandler(EventLoop loop, RelayServer server, Channel ch, AtomicLong readPauses) {
            this.loop = loop;
            this.readPauses = readPauses;
            this.server = server;
            this.ch = ch;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            loop.execute(() -> session = server.open(this));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                byte[] bytes = ByteBufUtil.getBytes((ByteBuf) msg);
                if (unhandled.addAndGet(bytes.length) >= READ_AHEAD_BYTES && !paused) {
                    paused = true;
                    readPauses.incrementAndGet();
                    ch.config().setAutoRead(false);
                    resumeIfCaughtUp(); // the loop may have caught up before it could see the pause
                }
                loop.execute(() -> {
                    try {
                        if (session != null) {
                            session.received(bytes);
                        }
                    } finally {
                        handled(bytes.length);
                    }
                });
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /**
         * On the node loop: the server took {@code n} bytes. A paused stream is resumed on the I/O
         * thread, which set the pause: it sets {@code paused} before it looks at the count again,
         * and this looks at {@code paused} after changing the count, so one of the two sees the
         * other and a pause is never left behind. Unpaused streams cost nothing here.
         */
        private void handled(int n) {
            if (unhandled.addAndGet(-n) < READ_AHEAD_BYTES && paused && ch.isOpen()) {
                try {
                    ch.eventLoop().execute(this::resumeIfCaughtUp);
                } catch (RejectedExecutionException transportClosed) {
                    // nothing more to read
                }
            }
        }

        /** On the I/O thread. */
        private void resumeIfCaughtUp() {
            if (paused && unhandled.get() < READ_AHEAD_BYTES) {
                paused = false;
                ch.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            loop.execute(() -> {
                if (session != null) {
                    session.closed();
                }
            });
        }
    }
}
