package dev.walferry.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a connection's decoded-but-unprocessed messages bounded. It sits on the event loop in front of the
 * storage executor: past {@link #HIGH} queued messages it stops reading from the socket, and the storage side
 * turns reading back on below {@link #LOW}. So a slow disk slows the sender through TCP instead of filling the
 * receiver's heap. One per channel.
 */
final class InboundBackpressure extends ChannelInboundHandlerAdapter {

    /** Queued frames (each at most 1 MiB, usually a 256 KiB chunk) before reading pauses. */
    static final int HIGH = 8;
    /** Queued frames below which reading resumes. */
    static final int LOW = 2;

    private final AtomicInteger queued = new AtomicInteger();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (queued.incrementAndGet() >= HIGH) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(msg);
    }

    /** Called by the storage side after it handled one message. */
    void processed(ChannelHandlerContext ctx) {
        if (queued.decrementAndGet() <= LOW && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            ctx.channel().read();
        }
    }
}
