package dev.parley.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A relay stream on a Netty channel, the same for both ends: writes are queued without blocking
 * and counted until the socket takes them; an exception closes the channel. Subclasses hand what
 * the channel reads to their client or server session.
 */
abstract class ChannelLink extends ChannelInboundHandlerAdapter implements RelayLink {
    private final AtomicLong queued = new AtomicLong();
    /** Set when the channel is known (at construction or on activation). */
    protected volatile Channel ch;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void write(byte[] bytes) {
        queued.addAndGet(bytes.length);
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> queued.addAndGet(-bytes.length));
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public void close() {
        ch.close();
    }

    @Override
    public String describe() {
        return String.valueOf(ch.remoteAddress());
    }
}
