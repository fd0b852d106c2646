package dev.walferry.server.net;

import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.StoredFile;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The GET streams of one connection: a stored file is sent while the channel is writable (and resumed when it
 * becomes writable again); a file not there yet is waited for when the GET asks to wait. Not thread-safe: runs on
 * the connection's storage executor, as do the waits' callbacks.
 */
final class GetStreams {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final ArrivalWaiters waiters;
    private final ConnectionEvents events;
    private final Map<Integer, FileSender> sends = new HashMap<>();
    private final Map<Integer, ArrivalWaiters.Wait> waits = new HashMap<>();

    GetStreams(ArrivalWaiters waiters, ConnectionEvents events) {
        this.waiters = waiters;
        this.events = events;
    }

    boolean has(int streamId) {
        return sends.containsKey(streamId) || waits.containsKey(streamId);
    }

    int count() {
        return sends.size() + waits.size();
    }

    /** Answers {@code g}, an authorized request for {@code name} in {@code storage}. */
    void get(ChannelHandlerContext ctx, Request request, Get g, WalFileName name, ArchiveStorage storage)
            throws IOException {
        try {
            Optional<StoredFile> f = storage.lookup(name);
            if (f.isPresent() && sendIfPresent(ctx, g.streamId(), storage, f.get())) {
                return;
            }
        } catch (IOException e) {
            // a remote store that does not answer: an error, never "not found"
            ctx.writeAndFlush(events.storageFailure(request, e));
            return;
        }
        if (g.waitMillis() > 0) {
            waits.put(
                    g.streamId(),
                    waiters.await(
                            storage,
                            name,
                            g.waitMillis(),
                            ctx.executor(),
                            arrived -> arrived(ctx, request, g, storage, arrived)));
        } else {
            LOG.log(Level.DEBUG, () -> request.label() + " from " + events.who() + ": not found");
            ctx.writeAndFlush(
                    Result.of(g.streamId(), Status.NOT_FOUND, g.name() + " is not in archive " + g.archive()));
        }
    }

    private void arrived(
            ChannelHandlerContext ctx, Request request, Get g, ArchiveStorage storage, Optional<StoredFile> arrived) {
        waits.remove(g.streamId());
        if (!ctx.channel().isActive()) {
            return;
        }
        if (arrived.isPresent()) {
            try {
                send(ctx, g.streamId(), storage, arrived.get());
            } catch (IOException e) {
                ctx.writeAndFlush(events.storageFailure(request, e));
            }
        } else {
            ctx.writeAndFlush(Result.of(
                    g.streamId(), Status.TIMEOUT, g.name() + " did not arrive within " + g.waitMillis() + " ms"));
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

    private void send(ChannelHandlerContext ctx, int streamId, ArchiveStorage storage, StoredFile f)
            throws IOException {
        FileSender s = new FileSender(streamId, f, storage.open(f));
        events.sending(storage.name(), f.name().toString(), f.size());
        sends.put(streamId, s);
        pump(ctx);
    }

    /** Writes what the channel takes of the files being sent; called again when it becomes writable. */
    void pump(ChannelHandlerContext ctx) {
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
                LOG.log(
                        Level.ERROR,
                        "could not send a stored file to " + events.who() + ": " + e.getMessage() + "; closing");
                ctx.close();
                return;
            }
        }
    }

    /** The connection is gone: stops sending and waiting. */
    void close() {
        sends.values().forEach(FileSender::close);
        sends.clear();
        waits.values().forEach(ArrivalWaiters.Wait::cancel);
        waits.clear();
    }
}
