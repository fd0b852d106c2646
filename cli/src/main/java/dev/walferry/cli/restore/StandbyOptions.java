package dev.walferry.cli.restore;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.restore.WaitSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The pg_standby-style options of {@code restore}: wait mode, trigger file and %r cleanup (docs/pg_standby.md). */
public final class StandbyOptions {

    /** pg_standby's limits for -s: at least a second, at most a minute. */
    static final int MIN_SLEEP_SECONDS = 1;

    static final int MAX_SLEEP_SECONDS = 60;

    @Option(
            names = "--wait",
            description = "Wait until the file reaches the archive (warm standby without standby "
                    + "mode, like pg_standby). .history and .backup files get one try and never wait.")
    boolean waitMode;

    @Option(
            names = {"-s", "--sleep"},
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "With --wait: how often the trigger file and -w are checked, and the longest pause between "
                    + "retries of an unreachable receiver, 1..60 (default: ${DEFAULT-VALUE}). An arriving file is "
                    + "delivered at once, not at the next check.")
    int sleepSeconds;

    @Option(
            names = {"-w", "--max-wait"},
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "With --wait: report the file as not found (ending recovery) when it has not arrived after "
                    + "this long; 0 waits forever (default: ${DEFAULT-VALUE}).")
    int maxWaitSeconds;

    @Option(
            names = {"-r", "--max-retries"},
            paramLabel = "N",
            defaultValue = "3",
            description = "With --wait: retries of a failed fetch (checksum mismatch, refusal, protocol or local I/O "
                    + "error), after N x sleep seconds each (default: ${DEFAULT-VALUE}). An unreachable receiver is "
                    + "retried without a count.")
    int maxRetries;

    @Option(
            names = {"-t", "--trigger"},
            paramLabel = "FILE",
            description = "With --wait: failover trigger. Empty or 'smart': restore what is archived, then report the "
                    + "first missing segment as not found; 'fast': report not found now (the file is then emptied). "
                    + "SIGUSR1 also means fast.")
    Path trigger;

    @Option(
            names = "--keep-from",
            paramLabel = "NAME",
            description = "After restoring a segment, remove archive files older than NAME (%%r) from --archive-dir, "
                    + "with pg_archivecleanup's rule.")
    String keepFrom;

    @Option(
            names = "--archive-dir",
            paramLabel = "DIR",
            description = "The archive directory on this host that --keep-from cleans (the receiver's archive "
                    + "directory when it runs here).")
    Path archiveDir;

    /** The wait loop's timing. */
    public WaitSettings waitSettings() {
        return new WaitSettings(sleepSeconds, maxWaitSeconds, maxRetries);
    }

    void validate() {
        if (sleepSeconds < MIN_SLEEP_SECONDS || sleepSeconds > MAX_SLEEP_SECONDS) {
            throw usage("--sleep must be " + MIN_SLEEP_SECONDS + ".." + MAX_SLEEP_SECONDS + " seconds, not "
                    + sleepSeconds);
        }
        if (maxWaitSeconds < 0) {
            throw usage("--max-wait must be 0 (forever) or more seconds, not " + maxWaitSeconds);
        }
        if (maxRetries < 0) {
            throw usage("--max-retries must be 0 or more, not " + maxRetries);
        }
        if (trigger != null && !waitMode) {
            throw usage("--trigger only works with --wait");
        }
        if ((keepFrom == null) != (archiveDir == null)) {
            throw usage("--keep-from and --archive-dir go together (cleanup through the receiver is "
                    + "'walferry archive cleanup')");
        }
    }

    private static WalferryException usage(String message) {
        return new WalferryException(ExitCode.USAGE, message);
    }
}
