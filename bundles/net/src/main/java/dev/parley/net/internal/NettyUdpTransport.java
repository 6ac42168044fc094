package dev.parley.net.internal;

import dev.parley.net.Addresses;
import dev.parley.net.Transport;
import dev.parley.net.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;

/**
 * UDP on one Netty NIO thread. The Netty thread only copies bytes in and out; protocol work happens
 * on the node's event loop, where {@link dev.parley.net.PacketNetwork} moves each datagram.
 */
public final class NettyUdpTransport implements Transport {

    private final EventLoopGroup group;
    private final Channel channel;
    private final DatagramChannel socket;
    private final boolean ipv6Socket;
    private volatile Receiver receiver;

    private NettyUdpTransport(EventLoopGroup group, Channel channel, DatagramChannel socket, boolean ipv6Socket) {
        this.group = group;
        this.channel = channel;
        this.socket = socket;
        this.ipv6Socket = ipv6Socket;
    }

    /** A socket for Netty's NIO datagram channel, which we keep at hand to send from the caller's thread. */
    private static DatagramChannel open(boolean v6) {
        try {
            return DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Transport bind(UdpTransport.Options o) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        IOException last = null;
        try {
            InetAddress[] candidates = candidates(o);
            for (InetAddress addr : candidates) {
                boolean v6 = addr instanceof Inet6Address;
                int start = o.portStart();
                int end = o.portStart() == 0 ? 0 : Math.max(o.portStart(), o.portEnd());
                for (int port = start; port <= end; port++) {
                    NettyUdpTransport[] self = new NettyUdpTransport[1];
                    DatagramChannel[] socket = new DatagramChannel[1];
                    Bootstrap b = new Bootstrap()
                            .group(group)
                            .channelFactory(() -> new NioDatagramChannel(socket[0] = open(v6)))
                            .option(ChannelOption.SO_RCVBUF, 1 << 20)
                            .option(ChannelOption.SO_SNDBUF, 1 << 20)
                            // LAN discovery (only when turned on) sends to broadcast addresses.
                            .option(ChannelOption.SO_BROADCAST, true)
                            .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                    Receiver r = self[0] == null ? null : self[0].receiver;
                                    if (r != null) {
                                        r.receive(p.sender(), ByteBufUtil.getBytes(p.content()));
                                    }
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    // ICMP unreachable and the like: UDP is best effort, keep going.
                                }
                            });
                    try {
                        Channel ch = b.bind(new InetSocketAddress(addr, port)).sync().channel();
                        self[0] = new NettyUdpTransport(group, ch, socket[0], v6);
                        return self[0];
                    } catch (Exception e) {
                        last = e instanceof IOException io ? io : new IOException(e);
                    }
                }
            }
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw e;
        }
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        throw new UncheckedIOException("no UDP port free in " + o.portStart() + "-" + o.portEnd(),
                last != null ? last : new IOException("nothing to bind"));
    }

    private static InetAddress[] candidates(UdpTransport.Options o) {
        if (o.bindAddress() != null) {
            return new InetAddress[] {o.bindAddress()};
        }
        try {
            InetAddress any4 = InetAddress.getByAddress(new byte[4]);
            InetAddress any6 = InetAddress.getByAddress(new byte[16]);
            // The IPv6 wildcard takes IPv4 too (mapped); without IPv6 fall back to IPv4 only.
            return o.ipv6() ? new InetAddress[] {any6, any4} : new InetAddress[] {any4};
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void start(Receiver r) {
        this.receiver = r;
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] data) {
        if (!channel.isActive()) {
            return false;
        }
        InetSocketAddress dst = to;
        if (ipv6Socket && isWildcardOrV6(channel.localAddress())) {
            // A dual-stack socket reaches IPv4 peers through their mapped address.
            dst = Addresses.toMapped(to);
        } else if (!ipv6Socket && to.getAddress() instanceof Inet6Address) {
            dst = Addresses.normalize(to);
            if (dst.getAddress() instanceof Inet6Address) {
                return false;
            }
        }
        // Straight from the calling thread (the node's loop) when the socket takes the datagram at
        // once: one thread hop and one selector wake-up less per packet than a write through
        // Netty's thread, which remains for when the socket's buffer is full. An interrupted
        // thread goes through Netty too: NIO would close the socket under an interrupt.
        if (socket != null && !Thread.currentThread().isInterrupted()) {
            try {
                if (socket.send(ByteBuffer.wrap(data), dst) > 0) {
                    return true;
                }
            } catch (ClosedByInterruptException e) {
                return false;
            } catch (IOException | RuntimeException e) {
                // unreachable address and the like: let Netty's write decide
            }
        }
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        channel.writeAndFlush(new DatagramPacket(buf, dst), channel.voidPromise());
        return true;
    }

    private static boolean isWildcardOrV6(java.net.SocketAddress local) {
        return local instanceof InetSocketAddress l && l.getAddress().isAnyLocalAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public boolean supportsIpv6() {
        return ipv6Socket;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
        group.shutdownGracefully(0, 200, java.util.concurrent.TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
    }

    @Override
    public String toString() {
        return "UDP " + localAddress();
    }
}
