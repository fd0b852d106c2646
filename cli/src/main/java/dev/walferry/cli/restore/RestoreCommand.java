package dev.walferry.cli.restore;

import dev.walferry.cli.options.ClientCommand;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.restore.ArchiveDirCleanup;
import dev.walferry.client.restore.Backoff;
import dev.walferry.client.restore.FailoverWatch;
import dev.walferry.client.restore.FileRestorer;
import dev.walferry.client.restore.Prefetch;
import dev.walferry.client.restore.RecoveryMode;
import dev.walferry.client.restore.Trigger;
import dev.walferry.client.restore.WaitingRestore;
import dev.walferry.client.spool.PrefetchSpool;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code restore_command = 'walferry restore ... %f %p'}: exits 0 only when the complete, checksum-verified file
 * is at %p; 1 when the archive does not have it. During targeted recovery a failure to reach the receiver is
 * retried and then ends recovery (exit 126) instead of being mistaken for "not found" (docs/postgres-contract.md R4).
 * With {@code --wait} a segment is waited for, pg_standby style ({@link WaitingRestore}, docs/pg_standby.md).
 */
@Command(
        name = "restore",
        description = {
            "Fetch one file from the archive (use as restore_command with %%f %%p).",
            "Exits 0 when restored and verified, 1 when the archive does not have the file."
        })
public final class RestoreCommand extends ClientCommand {

    /** How long a restore waits for a segment the prefetcher is receiving (docs/spool.md) before fetching it. */
    private static final long IN_FLIGHT_WAIT_MILLIS = 10_000;

    @Mixin
    StandbyOptions standby;

    @Option(
            names = "--retry-time",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "In targeted recovery, keep retrying an unreachable receiver this long before stopping "
                    + "recovery with exit code 126 (default: ${DEFAULT-VALUE}).")
    int retrySeconds;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "PostgreSQL data directory, to detect the recovery mode (default: the working directory, "
                    + "which is where PostgreSQL runs restore_command).")
    Path dataDir;

    @Option(
            names = "--prefetch",
            paramLabel = "K",
            defaultValue = "8",
            description = "With --spool-dir: how many segments to fetch ahead (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Parameters(index = "0", paramLabel = "NAME", description = "The file wanted (%%f).")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "Where to write it (%%p).")
    Path dest;

    @Override
    public Integer call() {
        RecoveryMode mode = RecoveryMode.detect(dataDir);
        try {
            return restore(mode);
        } catch (WalferryException e) {
            throw stopping(e, mode);
        } catch (RuntimeException e) {
            throw stopping(new WalferryException(ExitCode.INTERNAL, "unexpected error: " + e, e), mode);
        }
    }

    private Integer restore(RecoveryMode mode) {
        standby.validate();
        WalFileName wal;
        try {
            wal = WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.BAD_FILE, e.getMessage());
        }
        Thread tempCleanup = new Thread(() -> deleteTemp(dest), "walferry-restore-cleanup");
        Runtime.getRuntime().addShutdownHook(tempCleanup);
        try {
            ExitCode result = standby.waitMode && wal.isSegment() ? waiting(wal, mode) : withRetries(wal, mode);
            if (result == ExitCode.OK && standby.keepFrom != null && wal.isSegment()) {
                ArchiveDirCleanup.run(standby.archiveDir, standby.keepFrom, name, err());
            }
            return result.code();
        } finally {
            removeHook(tempCleanup);
        }
    }

    private ExitCode waiting(WalFileName wal, RecoveryMode mode) {
        if (mode == RecoveryMode.STANDBY) {
            err().println("walferry restore: warning: --wait in standby mode (standby.signal): PostgreSQL retries by "
                    + "itself and a trigger file does not promote; use --wait with recovery.signal only");
        }
        Trigger trigger = standby.trigger == null ? null : new Trigger(standby.trigger, err());
        FailoverWatch watch = FailoverWatch.install(trigger, err());
        try {
            return new WaitingRestore(receiver.target(), standby.waitSettings(), watch, err(), common.verbose())
                    .restore(wal, dest);
        } catch (WalferryException e) {
            throw stopping(e, mode);
        }
    }

    private ExitCode withRetries(WalFileName wal, RecoveryMode mode) {
        long deadline = System.nanoTime() + retrySeconds * 1_000_000_000L;
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return once(wal);
            } catch (WalferryException e) {
                if (mode == RecoveryMode.TARGETED && e.exitCode().isTransient() && System.nanoTime() < deadline) {
                    err().println("walferry restore: " + e.getMessage() + "; retrying");
                    backoff.pause(deadline);
                    continue;
                }
                throw stopping(e, mode);
            }
        }
    }

    /**
     * docs/postgres-contract.md R4: in targeted recovery no failure may pass for "not found", which would end recovery
     * early.
     */
    private WalferryException stopping(WalferryException e, RecoveryMode mode) {
        if (mode != RecoveryMode.TARGETED || e.exitCode() == ExitCode.RECOVERY_ABORT) {
            return e;
        }
        return new WalferryException(
                ExitCode.RECOVERY_ABORT,
                e.getMessage() + "; stopping targeted recovery " + "(exit 126) rather than reporting " + name
                        + " as missing, which would end recovery early",
                e);
    }

    private ExitCode once(WalFileName wal) {
        PrefetchSpool spool = spoolOption.dir() != null && wal.isSegment() ? openSpool() : null;
        if (spool != null) {
            spool.markRequested(wal);
            // a segment the prefetcher is receiving right now is waited for, not fetched a second time
            if (takeFromSpool(spool, wal)
                    || (spool.awaitInFlight(wal, IN_FLIGHT_WAIT_MILLIS) && takeFromSpool(spool, wal))) {
                Prefetch.start(spool, name, dest, prefetch, receiver.target().toArgs());
                return ExitCode.OK;
            }
        }
        ExitCode code = fetch(wal);
        if (spool != null && code == ExitCode.OK) {
            Prefetch.start(spool, name, dest, prefetch, receiver.target().toArgs());
        }
        return code;
    }

    private PrefetchSpool openSpool() {
        try {
            return PrefetchSpool.open(spoolOption.dir());
        } catch (IOException e) {
            err().println("walferry restore: prefetch off: cannot use --spool-dir " + spoolOption.dir() + ": "
                    + e.getMessage());
            return null;
        }
    }

    private boolean takeFromSpool(PrefetchSpool spool, WalFileName wal) {
        try {
            return spool.take(
                    wal,
                    dest,
                    receiver.target().archive() + "@" + receiver.target().serverText());
        } catch (IOException e) {
            err().println("walferry restore: cannot take " + wal + " from the spool (" + e.getMessage()
                    + "); fetching it");
            return false;
        }
    }

    /**
     * Asks the receivers in the order given until one delivers the file. "Not found" only when every receiver
     * answered so; when one could not answer, its failure is the outcome (docs/postgres-contract.md R4: it may have the
     * file).
     */
    private ExitCode fetch(WalFileName wal) {
        List<ReceiverAddress> all = receiver.target().addresses();
        SSLContext tls = receiver.target().sslContext();
        WalferryException failure = null;
        for (int i = 0; i < all.size(); i++) {
            ReceiverAddress a = all.get(i);
            try (ReceiverConnection c = receiver.target().connect(a, tls, new PhaseTimer(false))) {
                if (new FileRestorer(c, receiver.target().archive()).restore(wal, dest, 0)) {
                    return ExitCode.OK;
                }
            } catch (IOException e) {
                failure = failure != null ? failure : TransportErrors.during(a, "restoring " + wal, e);
                tryingNext(failure, i, all.size());
            } catch (WalferryException e) {
                if (e.exitCode() == ExitCode.LOCAL_IO) {
                    throw e;
                }
                failure = failure != null ? failure : e;
                tryingNext(e, i, all.size());
            }
        }
        if (failure != null) {
            throw failure;
        }
        err().println("walferry restore: " + wal + " not found in archive "
                + receiver.target().archive() + (all.size() > 1 ? " on any of " + all.size() + " receivers" : ""));
        return ExitCode.NOT_FOUND;
    }

    private void tryingNext(WalferryException e, int index, int count) {
        if (index < count - 1) {
            err().println("walferry restore: " + e.getMessage() + "; trying the next receiver");
        }
    }

    /** Failures worth retrying: the receiver may be back in a moment. */
    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** On SIGTERM (PostgreSQL shutting down) no temp file may stay beside %p. */
    private static void deleteTemp(Path dest) {
        try {
            Files.deleteIfExists(FileRestorer.tempFor(dest));
        } catch (IOException ignored) {
            // the JVM is exiting; the next restore replaces a leftover temp file anyway
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
