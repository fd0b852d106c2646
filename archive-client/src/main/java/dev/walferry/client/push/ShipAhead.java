package dev.walferry.client.push;

import dev.walferry.client.cli.WalferryException;
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
final class ShipAhead {

    private final SegmentPusher pusher;
    private final AckSpool spool;
    private final Path pgWal;
    private final PrintWriter err;
    private final String target;

    ShipAhead(SegmentPusher pusher, AckSpool spool, Path pgWal, String target, PrintWriter err) {
        this.target = target;
        this.pusher = pusher;
        this.spool = spool;
        this.pgWal = pgWal;
        this.err = err;
    }

    /** Pushes up to {@code limit} ready files other than {@code current}; returns how many were acknowledged. */
    int run(WalFileName current, int limit) {
        spool.prune(pgWal);
        int done = 0;
        List<WalFileName> ready = ReadyQueue.list(pgWal, current, limit);
        for (WalFileName next : ready) {
            if (spool.has(next.toString())) {
                continue;
            }
            Path file = pgWal.resolve(next.toString());
            try {
                AckSpool.FileStamp before = AckSpool.FileStamp.of(file);
                Acknowledgement ack = pusher.push(LocalWalFile.check(file, next.toString()));
                if (before.equals(AckSpool.FileStamp.of(file))) {
                    spool.record(ack, before, target);
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
