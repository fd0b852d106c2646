package dev.walferry.cli.restore;

import dev.walferry.cli.options.ClientCommand;
import dev.walferry.client.restore.FileRestorer;
import dev.walferry.client.spool.PrefetchSpool;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The background half of restore prefetch (docs/postgres-contract.md R6). {@code walferry restore --spool-dir} starts
 * it when none runs. It keeps the next {@code --count} segments after the one PostgreSQL asked for last in the spool,
 * over one connection, fetching a segment as soon as the archive has it; restores take files from the spool by a rename
 * (bin/walferry does that without a JVM). It exits after {@code --idle} seconds without a restore. One per spool
 * (a file lock).
 */
@Command(name = "prefetch", hidden = true, description = "Keep the segments after NAME in the restore spool.")
public final class PrefetchCommand extends ClientCommand {

    /** How long one GET waits on the receiver for a segment not archived yet. */
    private static final long WAIT_MILLIS = 1000;

    @Option(names = "--after", paramLabel = "NAME", required = true, description = "The segment just restored.")
    String after;

    @Option(names = "--count", paramLabel = "K", defaultValue = "8")
    int count;

    @Option(names = "--segment-size", paramLabel = "BYTES", defaultValue = "16777216")
    long segmentSize;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "60")
    int idleSeconds;

    @Override
    public Integer call() throws IOException {
        PrefetchSpool spool = PrefetchSpool.open(spoolOption.required("prefetch"));
        try (FileChannel lockFile = FileChannel.open(spool.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return 0;
            }
            spool.claim(receiver.target().archive() + "@" + receiver.target().serverText());
            int fetched = run(spool, WalFileName.parse(after));
            spec.commandLine().getErr().println("walferry prefetch: fetched " + fetched + " segments, idle for "
                    + idleSeconds + " s: exiting");
            return 0;
        }
    }

    private int run(PrefetchSpool spool, WalFileName start) throws IOException {
        WalFileName base = start;
        WalFileName frontier = start;
        long lastActivity = System.nanoTime();
        int fetched = 0;
        int spooled = -1;
        try (ReceiverConnection c = receiver.target().connect()) {
            FileRestorer restorer = new FileRestorer(c, receiver.target().archive());
            while (System.nanoTime() - lastActivity < idleSeconds * 1_000_000_000L) {
                WalFileName hint = spool.lastRequested().orElse(base);
                if (!hint.equals(base)) {
                    base = hint;
                    lastActivity = System.nanoTime();
                    if (hint.timeline() != frontier.timeline() || hint.compareTo(frontier) > 0) {
                        frontier = hint;
                    }
                }
                spool.prune(base, segmentSize, Math.max(1, count));
                int now = spool.segmentCount();
                if (now < spooled) {
                    lastActivity = System.nanoTime();
                }
                spooled = now;
                if (now >= count) {
                    spool.awaitChange(500);
                    continue;
                }
                WalFileName next = PrefetchSpool.following(frontier, segmentSize, 1).get(0);
                if (restorer.restore(next, spool.pathOf(next), WAIT_MILLIS)) {
                    fetched++;
                    spooled++;
                    frontier = next;
                }
            }
        }
        return fetched;
    }
}
