package dev.walferry.server.net;

import dev.walferry.protocol.frame.FrameDecoder;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.server.metrics.ReceiverMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Pipeline: TLS, audit, frames, messages, backpressure, then the connection handler on the storage executor. */
final class ReceiverInitializer extends ChannelInitializer<SocketChannel> {

    /** A connection silent for this long is closed (a vanished client must not pin a temp file forever). */
    static final long IDLE_SECONDS = 300;

    private final Supplier<SslContext> ssl;
    private final Authorizer authorizer;
    private final ArrivalWaiters waiters;
    private final EventExecutorGroup storageExecutors;
    private final ChannelGroup channels;
    private final AdminRequests admin;
    private final ReceiverStats stats;
    private final ReceiverMetrics metrics;
    private final TlsAudit audit;

    ReceiverInitializer(
            Supplier<SslContext> ssl,
            Authorizer authorizer,
            ArrivalWaiters waiters,
            EventExecutorGroup storageExecutors,
            ChannelGroup channels,
            AdminRequests admin,
            ReceiverStats stats,
            ReceiverMetrics metrics) {
        this.metrics = metrics;
        this.audit = new TlsAudit(metrics);
        this.admin = admin;
        this.stats = stats;
        this.channels = channels;
        this.ssl = ssl;
        this.authorizer = authorizer;
        this.waiters = waiters;
        this.storageExecutors = storageExecutors;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        InboundBackpressure backpressure = new InboundBackpressure();
        ChannelPipeline p = ch.pipeline();
        // The context in force now: a reload changes it for new connections only.
        p.addLast("tls", ssl.get().newHandler(ch.alloc()));
        p.addLast("tls-audit", audit);
        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected void channelIdle(
                    io.netty.channel.ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent evt) {
                System.getLogger("walferry.receiver")
                        .log(
                                System.Logger.Level.INFO,
                                "closing " + ctx.channel().remoteAddress() + ": idle for " + IDLE_SECONDS + " s");
                ctx.close();
            }
        });
        p.addLast("frames", new FrameDecoder());
        p.addLast("encoder", MessageEncoder.INSTANCE);
        p.addLast("backpressure", backpressure);
        p.addLast(
                storageExecutors,
                "handler",
                new ConnectionHandler(
                        authorizer,
                        waiters,
                        backpressure,
                        admin,
                        stats,
                        new ConnectionEvents(metrics, Printable.address(ch.remoteAddress())),
                        ClientIdentity.TLS));
    }
}
