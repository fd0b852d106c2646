package dev.walferry.server.net;

import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.inspect.KeyValue;
import dev.walferry.server.storage.ArchiveStorage;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves the operator requests STATUS, VERIFY, SHOW and CLEANUP ({@code walferry archive ... --server}), once the
 * connection's {@link Authorizer} allowed them. The work (a directory scan, or re-hashing the whole archive) runs on
 * threads of its own so that it never holds up the storage executors that other connections share; answers are
 * written from there (Netty hands the writes to the channel's executor). One instance per receiver.
 */
final class AdminRequests implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    /** Operator requests served at once; more wait in line. */
    static final int THREADS = 2;

    private final ReceiverStats stats;
    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "walferry-admin");
        t.setDaemon(true);
        return t;
    });

    AdminRequests(ReceiverStats stats) {
        this.stats = stats;
    }

    /** Answers {@code m}, the operator request {@code request} that the connection authorized, asynchronously. */
    void handle(ChannelHandlerContext ctx, String who, Request request, Message m, ArchiveStorage storage) {
        String what = request.label();
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

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
