package dev.walferry.server.net;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.wal.WalFileName;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Serves one client connection: the HELLO handshake, then each message to the handler of its request kind (PUT
 * streams, GET streams, lookups, operator requests) once the {@link Authorizer} allowed the request. Runs on a
 * storage executor, never on the event loop, because every step may block on the disk. One instance per channel.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Message> {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final Authorizer authorizer;
    private final InboundBackpressure backpressure;
    private final AdminRequests admin;
    private final ReceiverStats stats;
    private final ConnectionEvents events;
    private final ClientIdentity identities;
    private final PutStreams puts;
    private final GetStreams gets;
    private final Lookups lookups;
    private String identity;
    /** Set once the connection is refused or broke the protocol: nothing it sent afterwards is acted on. */
    private boolean closing;

    ConnectionHandler(
            Authorizer authorizer,
            ArrivalWaiters waiters,
            InboundBackpressure backpressure,
            AdminRequests admin,
            ReceiverStats stats,
            ConnectionEvents events,
            ClientIdentity identities) {
        this.authorizer = authorizer;
        this.backpressure = backpressure;
        this.admin = admin;
        this.stats = stats;
        this.events = events;
        this.identities = identities;
        this.puts = new PutStreams(events);
        this.gets = new GetStreams(waiters, events);
        this.lookups = new Lookups(events);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) throws Exception {
        try {
            dispatch(ctx, msg);
        } finally {
            backpressure.processed(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Message msg) throws IOException {
        if (closing) {
            return;
        }
        if (identity == null) {
            hello(ctx, msg);
        } else if (msg instanceof Data d) {
            puts.data(d);
        } else if (msg instanceof PutEnd e) {
            puts.end(ctx, e);
        } else {
            serve(ctx, msg, Request.of(msg));
        }
    }

    /** Checks the stream and the file name, authorizes the request, and hands it to its handler. */
    private void serve(ChannelHandlerContext ctx, Message msg, Request request) throws IOException {
        WalFileName name = null;
        if (!request.kind().operator()) {
            openStream(request.streamId());
            name = request.file() != null ? request.walName() : null;
        }
        Authorizer.Decision decision = authorizer.check(identity, request);
        if (!decision.granted()) {
            events.refused(request, decision.refusal());
        }
        if (msg instanceof Put p) {
            puts.begin(request, p, name, decision);
        } else if (!decision.granted()) {
            ctx.writeAndFlush(decision.refusal());
        } else if (msg instanceof Get g) {
            gets.get(ctx, request, g, name, decision.storage());
        } else if (msg instanceof Stat) {
            lookups.stat(ctx, request, name, decision.storage());
        } else if (msg instanceof ListRequest l) {
            lookups.list(ctx, request, l, decision.storage());
        } else {
            admin.handle(ctx, events.who(), request, msg, decision.storage());
        }
    }

    private void hello(ChannelHandlerContext ctx, Message msg) throws IOException {
        if (!(msg instanceof Hello hello)) {
            throw new ProtocolException("expected HELLO first, got " + msg.type());
        }
        try {
            identity = identities.of(ctx);
        } catch (SSLPeerUnverifiedException e) {
            LOG.log(
                    Level.WARNING,
                    "refused " + Printable.address(ctx.channel().remoteAddress()) + ": " + e.getMessage());
            refuseConnection(ctx);
            return;
        }
        events.identified(identity, Printable.address(ctx.channel().remoteAddress()));
        ctx.writeAndFlush(Hello.current("walferry-receiver"));
        if (hello.version() != Hello.VERSION) {
            events.wrongVersion(hello.version(), Hello.VERSION);
            refuseConnection(ctx);
        } else {
            stats.connected(ctx.channel(), events.who());
            LOG.log(Level.DEBUG, () -> "connected " + events.who() + " (" + hello.agent() + ")");
        }
    }

    private void openStream(int streamId) {
        if (puts.has(streamId) || gets.has(streamId)) {
            throw new ProtocolException("stream " + streamId + " is already open");
        }
        if (puts.count() + gets.count() >= Limits.MAX_OPEN_STREAMS) {
            throw new ProtocolException("more than " + Limits.MAX_OPEN_STREAMS + " open streams");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            gets.pump(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        puts.close();
        gets.close();
        stats.disconnected(ctx.channel());
        if (identity != null) {
            LOG.log(Level.DEBUG, () -> "disconnected " + events.who());
        }
        ctx.fireChannelInactive();
    }

    /** Stops acting on this connection: open transfers are discarded now, the channel closes after the flush. */
    private void refuseConnection(ChannelHandlerContext ctx) {
        closing = true;
        puts.abortAll();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(
                cause,
                identity != null ? events.who() : String.valueOf(ctx.channel().remoteAddress()));
        refuseConnection(ctx);
    }
}
