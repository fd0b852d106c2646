package dev.walferry.server.net;

import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import dev.walferry.server.inspect.KeyValue;
import dev.walferry.server.log.LogEvent;
import dev.walferry.server.log.ReceiverLog;
import dev.walferry.server.metrics.ReceiverMetrics;
import dev.walferry.server.metrics.RejectReason;
import dev.walferry.server.storage.ArchiveStorage;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Serves the operator requests STATUS, VERIFY, SHOW and CLEANUP ({@code walferry archive ... --server}) with the
 * same authorization rule as transfers. The work (a directory scan, or re-hashing the whole archive) runs on
 * threads of its own so that it never holds up the storage executors that other connections share; answers are
 * written from there (Netty hands the writes to the channel's executor). One instance per receiver.
 */
final class AdminRequests implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    /** Operator requests served at once; more wait in line. */
    static final int THREADS = 2;

    private final Supplier<ArchiveAccess> access;
    private final ReceiverStats stats;
    private final ReceiverMetrics metrics;
    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "walferry-admin");
        t.setDaemon(true);
        return t;
    });

    AdminRequests(Supplier<ArchiveAccess> access, ReceiverStats stats, ReceiverMetrics metrics) {
        this.access = access;
        this.stats = stats;
        this.metrics = metrics;
    }

    ReceiverStats stats() {
        return stats;
    }

    static boolean handles(Message m) {
        return m instanceof StatusRequest || m instanceof VerifyRequest || m instanceof ShowRequest
                || m instanceof CleanupRequest;
    }

    /** Answers {@code m} (one of {@link #handles}) asynchronously. */
    void handle(ChannelHandlerContext ctx, String identity, String who, Message m) {
        String archive = archiveOf(m);
        String what = m.type() + " " + Printable.of(archive);
        ArchiveAccess now = access.get();
        ArchiveStorage storage = now.archive(archive).orElse(null);
        Result refused = null;
        if (storage == null) {
            refused = Result.of(m.streamId(), Status.UNKNOWN_ARCHIVE, "no archive named \"" + Printable.of(archive)
                    + "\" on this receiver");
        } else if (!now.mayUse(identity, archive)) {
            refused = Result.of(m.streamId(), Status.FORBIDDEN, "identity \"" + identity + "\" may not use archive \""
                    + Printable.of(archive) + "\"");
        }
        if (refused != null) {
            ReceiverLog.log(Level.WARNING, LogEvent.of("admin").archive(Printable.of(archive))
                            .outcome(ConnectionEvents.outcome(refused.status())),
                    "refused " + what + " from " + who + ": " + refused.status() + ": " + refused.message());
            metrics.rejected(RejectReason.of(refused.status()));
            ctx.writeAndFlush(refused);
            return;
        }
        AdminTask task = new AdminTask(ctx, m.streamId(), storage, stats);
        try {
            workers.execute(() -> {
                try {
                    List<KeyValue> items = task.run(m, storage.view());
                    items.forEach(kv -> ctx.write(new Item(m.streamId(), kv.key(), kv.value())));
                    ctx.writeAndFlush(Result.of(m.streamId(), task.status(), task.message()));
                    LOG.log(Level.DEBUG, () -> what + " from " + who + ": " + task.status());
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.ERROR, what + " from " + who + " failed: " + e.getMessage());
                    ctx.writeAndFlush(Result.of(m.streamId(), Status.STORAGE_ERROR, String.valueOf(e.getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ctx.writeAndFlush(Result.of(m.streamId(), Status.STORAGE_ERROR, "receiver shutting down"));
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.writeAndFlush(Result.of(m.streamId(), Status.STORAGE_ERROR, "receiver shutting down"));
        }
    }

    private static String archiveOf(Message m) {
        if (m instanceof StatusRequest s) {
            return s.archive();
        } else if (m instanceof VerifyRequest v) {
            return v.archive();
        } else if (m instanceof ShowRequest s) {
            return s.archive();
        } else if (m instanceof CleanupRequest c) {
            return c.archive();
        }
        throw new IllegalArgumentException("not an operator request: " + m.type());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
