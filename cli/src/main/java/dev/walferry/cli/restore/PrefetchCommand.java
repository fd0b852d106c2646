package dev.walferry.cli.restore;

import dev.walferry.cli.options.ClientCommand;
import dev.walferry.client.restore.FileRestorer;
import dev.walferry.client.spool.PrefetchSpool;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
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
        try (FileChannel lockFile =
                        FileChannel.open(spool.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return 0;
            }
            spool.claim(receiver.target().archive() + "@" + receiver.target().serverText());
            int fetched = run(spool, WalFileName.parse(after));
            spec.commandLine()
                    .getErr()
                    .println("walferry prefetch: fetched " + fetched + " segments, idle for " + idleSeconds
                            + " s: exiting");
            return 0;
        }
    }

    /**
     * The window (docs/spool.md, Pruning): with B the segment PostgreSQL asked for last, the prefetcher fetches only
     * segments in (B, B + K], in order, each once; {@link PrefetchSpool#prune} keeps exactly [B, B + K] of B's
     * timeline, so nothing fetched is deleted unless PostgreSQL goes back or switches timeline. The next segment is
     * capped at B + K however fast restores take files from the spool (a rename before {@code .requested} moves
     * must not let it run ahead and fetch segments that the next prune deletes).
     */
    private int run(PrefetchSpool spool, WalFileName start) throws IOException {
        int depth = Math.max(1, count);
        WalFileName base = start;
        WalFileName frontier = start; // the last segment fetched (or skipped as requested)
        long lastActivity = System.nanoTime();
        int fetched = 0;
        int spooled = -1;
        try (ReceiverConnection c = receiver.target().connect();
                PrefetchSpool.Changes changes = spool.changes()) {
            FileRestorer restorer = new FileRestorer(c, receiver.target().archive());
            while (System.nanoTime() - lastActivity < idleSeconds * 1_000_000_000L) {
                WalFileName hint = spool.lastRequested().orElse(base);
                if (!hint.equals(base)) {
                    base = hint;
                    lastActivity = System.nanoTime();
                }
                if (frontier.timeline() != base.timeline()
                        || frontier.compareTo(base) < 0
                        || frontier.compareTo(PrefetchSpool.following(base, segmentSize, depth)
                                        .get(depth - 1))
                                > 0) {
                    frontier = base; // PostgreSQL moved past the window, went back, or switched timeline
                }
                spool.prune(base, segmentSize, depth);
                int now = spool.segmentCount();
                if (now < spooled) {
                    lastActivity = System.nanoTime();
                }
                spooled = now;
                WalFileName next =
                        PrefetchSpool.following(frontier, segmentSize, 1).get(0);
                if (!PrefetchSpool.inWindow(next, base, segmentSize, depth)) {
                    changes.await(500); // full: wait for a restore to move .requested
                    continue;
                }
                if (Files.exists(spool.pathOf(next))) {
                    frontier = next;
                    continue;
                }
                if (fetch(restorer, c, spool, next)) {
                    fetched++;
                    frontier = next;
                }
            }
        }
        return fetched;
    }

    /**
     * One GET into the spool. The partial file is created before the request, so that a restore that misses the
     * spool sees that this segment is on its way (docs/spool.md) and waits for it instead of fetching it a second
     * time. A dropped connection is a connection failure (exit code CONNECT), not a bug.
     */
    private static boolean fetch(FileRestorer restorer, ReceiverConnection c, PrefetchSpool spool, WalFileName next) {
        Path partial = FileRestorer.tempFor(spool.pathOf(next));
        try {
            Files.newByteChannel(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    .close();
            boolean got = restorer.restore(next, spool.pathOf(next), WAIT_MILLIS);
            if (!got) {
                Files.deleteIfExists(partial);
            }
            return got;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw TransportErrors.during(
                    c.address(),
                    "prefetching " + next + " into " + spool.dir()
                            + " (restores fetch directly until the next restore starts a prefetcher again)",
                    e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next prune deletes stray partial files
        }
    }
}
