package dev.walferry.client.restore;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.restore.Trigger.Failover;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.ReceiverTarget;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code restore --wait}: pg_standby's wait loop, answered by the receiver. Each round asks the receiver for the
 * segment with a wait of one sleep interval (-s); the receiver answers the moment the segment is stored, so the
 * interval only sets how often the trigger file and -w are checked. Between rounds:
 * <ul>
 *   <li>fast failover (trigger "fast" or SIGUSR1): exit 1 at once;</li>
 *   <li>smart failover (trigger empty or "smart"): one lookup without wait; exit 0 if archived, else 1;</li>
 *   <li>-w elapsed with the receiver answering "not there": exit 1, like pg_standby's timeout;</li>
 *   <li>receiver unreachable (connect, timeout, closed connection, storage error): retried without a count, pausing
 *       100 ms doubling up to -s, since a receiver restart is expected; if -w runs out meanwhile, the outcome is
 *       unknown, so it stops like a transport failure in {@code walferry restore} (126 in targeted recovery);</li>
 *   <li>other failures (checksum mismatch, refusal, protocol, local I/O): retried -r times after n x -s seconds,
 *       then the same stop.</li>
 * </ul>
 */
public final class WaitingRestore {

    /** A wait is cut this much shorter than the read timeout, so the receiver's TIMEOUT answer comes first. */
    private static final long READ_TIMEOUT_MARGIN_MILLIS = 5_000;

    private static final long FIRST_PAUSE_MILLIS = 100;

    private final ReceiverTarget receiver;
    private final WaitSettings options;
    private final FailoverWatch watch;
    private final PrintWriter err;
    private final boolean verbose;
    private ReceiverConnection connection;
    private FileRestorer restorer;

    public WaitingRestore(
            ReceiverTarget receiver, WaitSettings options, FailoverWatch watch, PrintWriter err, boolean verbose) {
        this.receiver = receiver;
        this.options = options;
        this.watch = watch;
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * @return {@link ExitCode#OK} when restored, {@link ExitCode#NOT_FOUND} on failover or -w timeout
     * @throws WalferryException when it gives up on a failure; the caller maps it by recovery mode
     */
    public ExitCode restore(WalFileName name, Path dest) {
        long start = System.nanoTime();
        long sleepMillis = options.sleepSeconds() * 1000L;
        long pause = FIRST_PAUSE_MILLIS;
        int failures = 0;
        boolean first = true;
        boolean outage = false;
        try {
            while (true) {
                Failover f = watch.check();
                if (f == Failover.FAST) {
                    say("fast failover (" + watch.source() + "): reporting " + name + " as not found");
                    return ExitCode.NOT_FOUND;
                }
                try {
                    long waitMillis = first || f == Failover.SMART ? 0 : slice(start, sleepMillis);
                    if (fetch(name, dest, waitMillis)) {
                        return ExitCode.OK;
                    }
                    pause = FIRST_PAUSE_MILLIS;
                    if (outage) {
                        say("receiver " + receiver.address() + " answers again; waiting for " + name);
                        outage = false;
                    }
                    if (f == Failover.SMART) {
                        say("smart failover (" + watch.source() + "): " + name + " is not archived; reporting it "
                                + "as not found so that recovery ends");
                        return ExitCode.NOT_FOUND;
                    }
                    if (maxWaitElapsed(start)) {
                        say(name + " did not arrive within " + options.maxWaitSeconds() + " s (--max-wait): reporting "
                                + "it as not found so that recovery ends");
                        return ExitCode.NOT_FOUND;
                    }
                    if (verbose && first) {
                        say(name + " is not archived yet; waiting for it");
                    }
                    first = false;
                } catch (WalferryException e) {
                    drop();
                    if (watch.signaled()) {
                        continue;
                    }
                    if (e.exitCode().isTransient()) {
                        if (maxWaitElapsed(start)) {
                            throw new WalferryException(
                                    e.exitCode(),
                                    e.getMessage() + "; --max-wait " + options.maxWaitSeconds()
                                            + " s ran out while the receiver was unreachable",
                                    e);
                        }
                        if (!outage || verbose) {
                            say(e.getMessage() + "; retrying until it answers (a 'fast' trigger file or "
                                    + "SIGUSR1 ends recovery without it)");
                            outage = true;
                        }
                        watch.pause(pause);
                        pause = Math.min(pause * 2, sleepMillis);
                    } else {
                        failures++;
                        if (failures > options.maxRetries()) {
                            throw e;
                        }
                        say(e.getMessage() + "; retry " + failures + " of " + options.maxRetries() + " in "
                                + failures * options.sleepSeconds() + " s");
                        watch.pause(failures * sleepMillis);
                    }
                }
            }
        } finally {
            drop();
        }
    }

    /** One GET, with {@code waitMillis} for the receiver to hold it; reuses the connection between rounds. */
    private boolean fetch(WalFileName name, Path dest, long waitMillis) {
        if (connection == null) {
            connection = receiver.connect();
            restorer = new FileRestorer(connection, receiver.archive());
            watch.watching(connection);
        }
        try {
            return restorer.restore(name, dest, waitMillis);
        } catch (IOException e) {
            throw TransportErrors.during(connection.address(), "waiting for " + name, e);
        }
    }

    private long slice(long start, long sleepMillis) {
        long timeout = receiver.ioTimeout().toMillis();
        // leave the read timeout room to spare, but never shrink a wait to nothing (a short --timeout would spin)
        long slice = Math.min(sleepMillis, timeout - Math.min(READ_TIMEOUT_MARGIN_MILLIS, timeout / 2));
        if (options.maxWaitSeconds() > 0) {
            long left = options.maxWaitSeconds() * 1000L - (System.nanoTime() - start) / 1_000_000L;
            slice = Math.min(slice, left);
        }
        return Math.max(1, slice);
    }

    private boolean maxWaitElapsed(long start) {
        return options.maxWaitSeconds() > 0 && System.nanoTime() - start >= options.maxWaitSeconds() * 1_000_000_000L;
    }

    private void drop() {
        watch.watching(null);
        if (connection != null) {
            connection.close();
            connection = null;
            restorer = null;
        }
    }

    private void say(String message) {
        err.println("walferry restore: " + message);
        err.flush();
    }
}
