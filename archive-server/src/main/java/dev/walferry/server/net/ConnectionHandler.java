package dev.walferry.server.net;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.StoredFile;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Serves one client connection: the HELLO handshake, then PUT, GET, STAT and LIST streams. Runs on a storage
 * executor, never on the event loop, because every step may block on the disk. One instance per channel.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Message> {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final Supplier<ArchiveAccess> access;
    private final ArrivalWaiters waiters;
    private final InboundBackpressure backpressure;
    private final AdminRequests admin;
    private final ReceiverStats stats;
    private final ConnectionEvents events;
    private final Map<Integer, InboundTransfer> puts = new HashMap<>();
    private final Map<Integer, FileSender> sends = new HashMap<>();
    private final Map<Integer, ArrivalWaiters.Wait> waits = new HashMap<>();
    private final ChunkDecoder chunks = new ChunkDecoder();
    private final ClientIdentity identities;
    private String identity;
    private String who = "?";
    /** Set once the connection is refused or broke the protocol: nothing it sent afterwards is acted on. */
    private boolean closing;

    ConnectionHandler(Supplier<ArchiveAccess> access, ArrivalWaiters waiters, InboundBackpressure backpressure,
                      AdminRequests admin, ReceiverStats stats, ConnectionEvents events) {
        this(access, waiters, backpressure, admin, stats, events, ClientIdentity.TLS);
    }

    ConnectionHandler(Supplier<ArchiveAccess> access, ArrivalWaiters waiters, InboundBackpressure backpressure,
                      AdminRequests admin, ReceiverStats stats, ConnectionEvents events, ClientIdentity identities) {
        this.access = access;
        this.waiters = waiters;
        this.backpressure = backpressure;
        this.admin = admin;
        this.stats = stats;
        this.events = events;
        this.identities = identities;
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
            return;
        }
        if (msg instanceof Data d) {
            data(d);
        } else if (msg instanceof Put p) {
            put(p);
        } else if (msg instanceof PutEnd e) {
            putEnd(ctx, e);
        } else if (msg instanceof Get g) {
            get(ctx, g);
        } else if (msg instanceof Stat s) {
            stat(ctx, s);
        } else if (msg instanceof ListRequest l) {
            list(ctx, l);
        } else if (AdminRequests.handles(msg)) {
            admin.handle(ctx, identity, who, msg);
        } else {
            throw new ProtocolException("unexpected " + msg.type() + " from client");
        }
    }

    private void hello(ChannelHandlerContext ctx, Message msg) throws IOException {
        if (!(msg instanceof Hello hello)) {
            throw new ProtocolException("expected HELLO first, got " + msg.type());
        }
        try {
            identity = identities.of(ctx);
        } catch (SSLPeerUnverifiedException e) {
            LOG.log(Level.WARNING, "refused " + Printable.address(ctx.channel().remoteAddress()) + ": "
                    + e.getMessage());
            refuseConnection(ctx);
            return;
        }
        events.identified(identity, Printable.address(ctx.channel().remoteAddress()));
        who = events.who();
        ctx.writeAndFlush(Hello.current("walferry-receiver"));
        if (hello.version() != Hello.VERSION) {
            events.wrongVersion(hello.version(), Hello.VERSION);
            refuseConnection(ctx);
        } else {
            stats.connected(ctx.channel(), who);
            LOG.log(Level.DEBUG, () -> "connected " + who + " (" + hello.agent() + ")");
        }
    }

    private void openStream(int streamId) {
        if (puts.containsKey(streamId) || sends.containsKey(streamId) || waits.containsKey(streamId)) {
            throw new ProtocolException("stream " + streamId + " is already open");
        }
        if (puts.size() + sends.size() + waits.size() >= Limits.MAX_OPEN_STREAMS) {
            throw new ProtocolException("more than " + Limits.MAX_OPEN_STREAMS + " open streams");
        }
    }

    private Optional<ArchiveStorage> archiveFor(String archive) {
        return access.get().archive(archive);
    }

    private boolean mayUse(String archive) {
        return access.get().mayUse(identity, archive);
    }

    private Result unknownArchive(String archive) {
        return Result.of(0, Status.UNKNOWN_ARCHIVE, "no archive named \"" + Printable.of(archive)
                + "\" on this receiver");
    }

    private Result forbidden(String archive) {
        return Result.of(0, Status.FORBIDDEN, "identity \"" + identity + "\" may not use archive \""
                + Printable.of(archive) + "\"");
    }

    /** Logs and counts a refusal and returns it addressed to the stream; {@code what} is "PUT archive/name". */
    private Result refusal(int streamId, Result r, String what, String archive, String file) {
        String kind = what.substring(0, what.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
        return events.refused(streamId, r, events.event(kind, Printable.of(archive), file == null ? null
                : Printable.of(file)), what);
    }

    /** Checks archive, permission and name for a lookup; answers the refusal itself and returns empty. */
    private Optional<Target> lookupTarget(ChannelHandlerContext ctx, int streamId, String archive, String name,
                                          String what) {
        WalFileName fileName = fileName(name);
        Optional<ArchiveStorage> storage = archiveFor(archive);
        if (storage.isPresent() && mayUse(archive)) {
            return Optional.of(new Target(storage.get(), fileName));
        }
        Result refused = storage.isEmpty() ? unknownArchive(archive) : forbidden(archive);
        ctx.writeAndFlush(refusal(streamId, refused, what, archive, name));
        return Optional.empty();
    }

    private record Target(ArchiveStorage storage, WalFileName name) {
    }

    /**
     * A name that is not a valid archive name (docs/postgres-contract.md A5: "/", "..", NUL, over 64 characters...)
     * breaks the protocol: conforming clients check names before sending, so the peer is hostile or broken.
     */
    private static WalFileName fileName(String name) {
        try {
            return WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    private void put(Put p) {
        openStream(p.streamId());
        WalFileName name = fileName(p.name());
        String what = "PUT " + p.archive() + "/" + Printable.of(p.name());
        InboundTransfer t = InboundTransfer.refused(p);
        puts.put(p.streamId(), t);
        Optional<ArchiveStorage> storage = archiveFor(p.archive());
        if (storage.isEmpty()) {
            t.failure = refusal(p.streamId(), unknownArchive(p.archive()), what, p.archive(), p.name());
            return;
        }
        if (!mayUse(p.archive())) {
            t.failure = refusal(p.streamId(), forbidden(p.archive()), what, p.archive(), p.name());
            return;
        }
        try {
            puts.put(p.streamId(), new InboundTransfer(p, storage.get(), storage.get().begin(name, p.size())));
        } catch (IOException e) {
            t.failure = storageFailure(p.streamId(), what, e, p.archive(), p.name());
        }
    }

    private void data(Data d) {
        InboundTransfer t = puts.get(d.streamId());
        if (t == null) {
            throw new ProtocolException("DATA for stream " + d.streamId() + ", which has no open PUT");
        }
        t.received += d.rawLength();
        t.wireBytes += d.bytes().length;
        if (t.received > t.put.size()) {
            throw new ProtocolException("PUT " + Printable.of(t.put.name()) + " sends more than its declared size "
                    + t.put.size());
        }
        byte[] raw = chunks.decode(d, t.put.compression());
        if (t.discarding()) {
            return;
        }
        try {
            t.incoming.write(raw, 0, d.rawLength());
        } catch (IOException e) {
            t.abort();
            t.failure = storageFailure(d.streamId(), "PUT " + t.put.archive() + "/" + t.put.name(), e,
                    t.put.archive(), t.put.name());
        }
    }

    private void putEnd(ChannelHandlerContext ctx, PutEnd e) {
        InboundTransfer t = puts.remove(e.streamId());
        if (t == null) {
            throw new ProtocolException("PUT_END for stream " + e.streamId() + ", which has no open PUT");
        }
        if (t.received != t.put.size()) {
            t.abort();
            throw new ProtocolException("PUT " + Printable.of(t.put.name()) + " ended after " + t.received
                    + " bytes but declared " + t.put.size());
        }
        if (t.discarding()) {
            ctx.writeAndFlush(t.failure);
            return;
        }
        String what = "PUT " + t.put.archive() + "/" + t.put.name();
        CommitResult r;
        try {
            r = t.incoming.commit(e.sha256());
        } catch (IOException ex) {
            ctx.writeAndFlush(storageFailure(e.streamId(), what, ex, t.put.archive(), t.put.name()));
            return;
        } finally {
            t.abort();
        }
        events.committed(t, r, e.sha256());
        if (r.status().isStoredDurably()) {
            ctx.writeAndFlush(new Result(e.streamId(), r.status(), r.file().size(), r.file().sha256(), r.message()));
        } else {
            ctx.writeAndFlush(refusal(e.streamId(), Result.of(e.streamId(), r.status(), r.message()), what,
                    t.put.archive(), t.put.name()));
        }
    }

    private Result storageFailure(int streamId, String what, IOException e, String archive, String file) {
        return events.storageFailure(streamId, events.event(what.substring(0, what.indexOf(' '))
                .toLowerCase(java.util.Locale.ROOT), Printable.of(archive), Printable.of(file)), what, e);
    }

    private void get(ChannelHandlerContext ctx, Get g) throws IOException {
        openStream(g.streamId());
        String what = "GET " + g.archive() + "/" + Printable.of(g.name());
        Optional<Target> target = lookupTarget(ctx, g.streamId(), g.archive(), g.name(), what);
        if (target.isEmpty()) {
            return;
        }
        ArchiveStorage storage = target.get().storage();
        try {
            Optional<StoredFile> f = storage.lookup(target.get().name());
            if (f.isPresent() && sendIfPresent(ctx, g.streamId(), storage, f.get())) {
                return;
            }
        } catch (IOException e) {
            // a remote store that does not answer: an error, never "not found"
            ctx.writeAndFlush(storageFailure(g.streamId(), what, e, g.archive(), g.name()));
            return;
        }
        if (g.waitMillis() > 0) {
            waits.put(g.streamId(), waiters.await(storage, target.get().name(), g.waitMillis(), ctx.executor(),
                    arrived -> {
                        waits.remove(g.streamId());
                        if (!ctx.channel().isActive()) {
                            return;
                        }
                        if (arrived.isPresent()) {
                            try {
                                send(ctx, g.streamId(), storage, arrived.get());
                            } catch (IOException e) {
                                ctx.writeAndFlush(storageFailure(g.streamId(), what, e, g.archive(), g.name()));
                            }
                        } else {
                            ctx.writeAndFlush(Result.of(g.streamId(), Status.TIMEOUT, g.name()
                                    + " did not arrive within " + g.waitMillis() + " ms"));
                        }
                    }));
        } else {
            LOG.log(Level.DEBUG, () -> what + " from " + who + ": not found");
            ctx.writeAndFlush(Result.of(g.streamId(), Status.NOT_FOUND, g.name() + " is not in archive " + g.archive()));
        }
    }

    /** Sends a stored file; false when it was removed from the archive since (e.g. by archive cleanup). */
    private boolean sendIfPresent(ChannelHandlerContext ctx, int streamId, ArchiveStorage storage, StoredFile f)
            throws IOException {
        try {
            send(ctx, streamId, storage, f);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void send(ChannelHandlerContext ctx, int streamId, ArchiveStorage storage, StoredFile f) throws IOException {
        FileSender s = new FileSender(streamId, f, storage.open(f));
        events.sending(storage.name(), f.name().toString(), f.size());
        sends.put(streamId, s);
        pumpSends(ctx);
    }

    private void pumpSends(ChannelHandlerContext ctx) {
        var it = sends.values().iterator();
        while (it.hasNext() && ctx.channel().isWritable()) {
            FileSender s = it.next();
            try {
                if (s.pump(ctx)) {
                    it.remove();
                    s.close();
                }
            } catch (IOException e) {
                it.remove();
                s.close();
                LOG.log(Level.ERROR, "could not send a stored file to " + who + ": " + e.getMessage() + "; closing");
                ctx.close();
                return;
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pumpSends(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void stat(ChannelHandlerContext ctx, Stat s) throws IOException {
        openStream(s.streamId());
        Optional<Target> target = lookupTarget(ctx, s.streamId(), s.archive(), s.name(),
                "STAT " + s.archive() + "/" + Printable.of(s.name()));
        if (target.isEmpty()) {
            return;
        }
        Optional<StoredFile> f;
        try {
            f = target.get().storage().lookup(target.get().name());
        } catch (IOException e) {
            ctx.writeAndFlush(storageFailure(s.streamId(), "STAT " + s.archive() + "/" + Printable.of(s.name()), e,
                    s.archive(), s.name()));
            return;
        }
        ctx.writeAndFlush(f.map(x -> new Result(s.streamId(), Status.OK, x.size(), x.sha256(), ""))
                .orElseGet(() -> Result.of(s.streamId(), Status.NOT_FOUND, s.name() + " is not in archive "
                        + s.archive())));
    }

    private void list(ChannelHandlerContext ctx, ListRequest l) {
        openStream(l.streamId());
        String what = "LIST " + Printable.of(l.archive());
        Optional<ArchiveStorage> storage = archiveFor(l.archive());
        if (storage.isEmpty() || !mayUse(l.archive())) {
            Result r = storage.isEmpty() ? unknownArchive(l.archive()) : forbidden(l.archive());
            ctx.writeAndFlush(refusal(l.streamId(), r, what, l.archive(), null));
            return;
        }
        List<StoredFile> files;
        try {
            files = storage.get().list();
        } catch (IOException e) {
            ctx.writeAndFlush(events.storageFailure(l.streamId(), events.event("list", Printable.of(l.archive()), null),
                    what, e));
            return;
        }
        for (StoredFile f : files) {
            String n = f.name().toString();
            if ((l.from().isEmpty() || n.compareTo(l.from()) >= 0) && (l.to().isEmpty() || n.compareTo(l.to()) <= 0)) {
                ctx.write(new ListEntry(l.streamId(), n, f.size(), f.sha256(), f.storedAtMillis()));
            }
        }
        ctx.writeAndFlush(Result.of(l.streamId(), Status.OK, ""));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        puts.values().forEach(InboundTransfer::abort);
        puts.clear();
        sends.values().forEach(FileSender::close);
        sends.clear();
        waits.values().forEach(ArrivalWaiters.Wait::cancel);
        waits.clear();
        chunks.close();
        stats.disconnected(ctx.channel());
        if (identity != null) {
            LOG.log(Level.DEBUG, () -> "disconnected " + who);
        }
        ctx.fireChannelInactive();
    }

    /** Stops acting on this connection: open transfers are discarded now, the channel closes after the flush. */
    private void refuseConnection(ChannelHandlerContext ctx) {
        closing = true;
        puts.values().forEach(InboundTransfer::abort);
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            events.protocolError(cause.getMessage());
        } else if (TlsAudit.isTlsFailure(cause)) {
            LOG.log(Level.DEBUG, () -> "TLS failure from " + peer(ctx) + ": " + cause);
        } else if (cause instanceof IOException) {
            LOG.log(Level.INFO, "connection from " + peer(ctx) + " failed: " + cause.getMessage());
        } else {
            LOG.log(Level.ERROR, "unexpected error serving " + peer(ctx) + "; closing", cause);
        }
        refuseConnection(ctx);
    }

    private String peer(ChannelHandlerContext ctx) {
        return identity != null ? who : String.valueOf(ctx.channel().remoteAddress());
    }

}
