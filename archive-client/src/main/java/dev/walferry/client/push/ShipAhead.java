package dev.walferry.client.push;

import dev.walferry.client.spool.Ack;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.spool.FileStamp;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * After the file PostgreSQL asked for is acknowledged, pushes other files waiting as {@code .ready}, on the same
 * connection, and records each acknowledgement in the spool. A failure here never fails the call: that file is
 * simply pushed again when PostgreSQL asks for it.
 */
public final class ShipAhead {

    /** Fewest files worth a second connection (its TLS handshake costs about as much as pushing one file). */
    static final int PARALLEL_FROM = 4;

    private final SegmentPusher pusher;
    private final java.util.function.Supplier<SegmentPusher> second;
    private final AckSpool spool;
    private final Path pgWal;
    private final PrintWriter err;
    private final String target;

    /**
     * @param second opens another connection to the same receiver and archive, for pushing in parallel; null for
     *               one connection only
     */
    public ShipAhead(
            SegmentPusher pusher,
            java.util.function.Supplier<SegmentPusher> second,
            AckSpool spool,
            Path pgWal,
            String target,
            PrintWriter err) {
        this.target = target;
        this.pusher = pusher;
        this.second = second;
        this.spool = spool;
        this.pgWal = pgWal;
        this.err = err;
    }

    /**
     * Pushes up to {@code limit} ready files other than {@code current}, on this connection and, when there are
     * enough of them, a second one in parallel (two cores hash and compress, the receiver fsyncs two files at once);
     * returns how many were acknowledged.
     */
    public int run(WalFileName current, int limit) {
        spool.prune(pgWal);
        List<WalFileName> todo = new java.util.ArrayList<>();
        for (WalFileName n : ReadyQueue.list(pgWal, current, limit)) {
            if (!spool.has(n.toString())) {
                todo.add(n);
            }
        }
        if (second == null || todo.size() < PARALLEL_FROM) {
            return pushAll(pusher, todo);
        }
        List<WalFileName> mine = new java.util.ArrayList<>();
        List<WalFileName> theirs = new java.util.ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            (i % 2 == 0 ? mine : theirs).add(todo.get(i));
        }
        java.util.concurrent.CompletableFuture<Integer> other =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (SegmentPusher p = second.get()) {
                        return pushAll(p, theirs);
                    } catch (RuntimeException e) {
                        err.println(
                                "walferry push: second connection for shipping ahead failed (PostgreSQL's own calls will "
                                        + "push those files): " + e.getMessage());
                        return 0;
                    }
                });
        int done = pushAll(pusher, mine);
        return done + other.join();
    }

    private int pushAll(SegmentPusher p, List<WalFileName> files) {
        int done = 0;
        for (WalFileName next : files) {
            Path file = pgWal.resolve(next.toString());
            try {
                FileStamp before = FileStamp.of(file);
                Acknowledgement ack = p.push(LocalWalFile.check(file, next.toString()));
                if (before.equals(FileStamp.of(file))) {
                    spool.record(ack.name(), Ack.of(ack.size(), ack.sha256(), before, target));
                    done++;
                }
            } catch (IOException | RuntimeException e) {
                err.println("walferry push: shipping " + next + " ahead failed (PostgreSQL's own call will push it): "
                        + e.getMessage());
                break;
            }
        }
        return done;
    }
}
