package dev.walferry.server.net;

import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import dev.walferry.protocol.wal.CleanupRule;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.FileReport;
import dev.walferry.server.inspect.KeyValue;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** One operator request's work on an archive; {@link #status()} and {@link #message()} end its answer. */
final class AdminTask {

    /** Least time between two VERIFY progress items; they also keep the idle timeout away. */
    static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final ChannelHandlerContext ctx;
    private final int streamId;
    private final ArchiveStorage storage;
    private final ReceiverStats stats;
    private Status status = Status.OK;
    private String message = "";
    private long lastProgress = System.nanoTime();

    AdminTask(ChannelHandlerContext ctx, int streamId, ArchiveStorage storage, ReceiverStats stats) {
        this.ctx = ctx;
        this.streamId = streamId;
        this.storage = storage;
        this.stats = stats;
    }

    Status status() {
        return status;
    }

    String message() {
        return message;
    }

    List<KeyValue> run(Message m, ArchiveView reader) throws IOException, InterruptedException {
        if (m instanceof StatusRequest) {
            return ArchiveStatus.of(reader, System.currentTimeMillis())
                    .withReceiver(new ArchiveStatus.ReceiverInfo(stats.uptimeSeconds(), stats.clients()))
                    .toItems();
        }
        if (m instanceof VerifyRequest v) {
            return Verifier.run(reader, v.jobs(), this::progress).toItems();
        }
        if (m instanceof ShowRequest s) {
            return show(reader, s.name());
        }
        return cleanup(reader, (CleanupRequest) m);
    }

    private synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            ctx.writeAndFlush(new Item(streamId, "progress", done + " " + total));
        }
    }

    private List<KeyValue> show(ArchiveView reader, String name) throws IOException {
        WalFileName n;
        try {
            n = WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            return refuse(Status.BAD_REQUEST, e.getMessage());
        }
        Optional<FileReport> r = FileReport.of(reader, n);
        if (r.isEmpty()) {
            return refuse(Status.NOT_FOUND, n + " is not in archive " + storage.name());
        }
        return r.get().toItems();
    }

    private List<KeyValue> cleanup(ArchiveView reader, CleanupRequest c) throws IOException {
        CleanupRule rule;
        try {
            rule = CleanupRule.keepFrom(c.oldestKept(), c.backupHistory());
        } catch (IllegalArgumentException e) {
            return refuse(Status.BAD_REQUEST, e.getMessage());
        }
        List<WalFileName> chosen = rule.select(
                reader.snapshot().files().stream().map(ArchivedFile::name).toList());
        List<WalFileName> removed = c.dryRun() ? chosen : storage.remove(chosen);
        return removed.stream()
                .map(n -> new KeyValue(c.dryRun() ? "would_remove" : "removed", n.toString()))
                .toList();
    }

    private List<KeyValue> refuse(Status s, String why) {
        status = s;
        message = why;
        return List.of();
    }
}
