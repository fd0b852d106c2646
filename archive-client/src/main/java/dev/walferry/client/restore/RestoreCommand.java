package dev.walferry.client.restore;

import dev.walferry.client.cli.CommonOptions;
import dev.walferry.client.cli.ExitCode;
import dev.walferry.client.cli.ReceiverOptions;
import dev.walferry.client.cli.WalferryException;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code restore_command = 'walferry restore ... %f %p'}: exits 0 only when the complete, checksum-verified file
 * is at %p; 1 when the archive does not have it. During targeted recovery a failure to reach the receiver is
 * retried and then ends recovery (exit 126) instead of being mistaken for "not found" (DESIGN R4).
 */
@Command(name = "restore", description = {"Fetch one file from the archive (use as restore_command with %f %p).",
        "Exits 0 when restored and verified, 1 when the archive does not have the file."})
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ReceiverOptions receiver;

    @Option(names = "--retry-time", paramLabel = "SECONDS", defaultValue = "60",
            description = "In targeted recovery, keep retrying an unreachable receiver this long before stopping "
                    + "recovery with exit code 126 (default: ${DEFAULT-VALUE}).")
    int retrySeconds;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".",
            description = "PostgreSQL data directory, to detect the recovery mode (default: the working directory, "
                    + "which is where PostgreSQL runs restore_command).")
    Path dataDir;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Enables prefetch: after restoring a segment, fetch the next ones in the background into "
                    + "DIR (best on the file system of pg_wal), so that replay does not wait on the network.")
    Path spoolDir;

    @Option(names = "--prefetch", paramLabel = "K", defaultValue = "8",
            description = "With --spool-dir: how many segments to fetch ahead (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Parameters(index = "0", paramLabel = "NAME", description = "The file wanted (%f).")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "Where to write it (%p).")
    Path dest;

    @Override
    public Integer call() {
        WalFileName wal;
        try {
            wal = WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.BAD_FILE, e.getMessage());
        }
        RecoveryMode mode = RecoveryMode.detect(dataDir);
        long deadline = System.nanoTime() + retrySeconds * 1_000_000_000L;
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return once(wal);
            } catch (WalferryException e) {
                if (mode != RecoveryMode.TARGETED) {
                    throw e;
                }
                if (isTransient(e.exitCode()) && System.nanoTime() < deadline) {
                    spec.commandLine().getErr().println("walferry restore: " + e.getMessage() + "; retrying");
                    backoff.pause(deadline);
                    continue;
                }
                throw new WalferryException(ExitCode.RECOVERY_ABORT, e.getMessage() + "; stopping targeted recovery "
                        + "(exit 126) rather than reporting " + name + " as missing, which would end recovery early",
                        e);
            }
        }
    }

    private int once(WalFileName wal) {
        PrefetchSpool spool = spoolDir != null && wal.isSegment() ? openSpool() : null;
        if (spool != null && takeFromSpool(spool, wal)) {
            Prefetch.start(spoolDir, name, dest, prefetch, receiver.toArgs());
            return ExitCode.OK.code();
        }
        int code = fetch(wal);
        if (spool != null && code == ExitCode.OK.code()) {
            Prefetch.start(spoolDir, name, dest, prefetch, receiver.toArgs());
        }
        return code;
    }

    private PrefetchSpool openSpool() {
        try {
            return PrefetchSpool.open(spoolDir);
        } catch (IOException e) {
            spec.commandLine().getErr().println("walferry restore: prefetch off: cannot use --spool-dir " + spoolDir
                    + ": " + e.getMessage());
            return null;
        }
    }

    private boolean takeFromSpool(PrefetchSpool spool, WalFileName wal) {
        try {
            return spool.take(wal, dest);
        } catch (IOException e) {
            spec.commandLine().getErr().println("walferry restore: cannot take " + wal + " from the spool ("
                    + e.getMessage() + "); fetching it");
            return false;
        }
    }

    private int fetch(WalFileName wal) {
        try (ReceiverConnection c = receiver.connect()) {
            boolean found;
            try {
                found = new FileRestorer(c, receiver.archive()).restore(wal, dest, 0);
            } catch (IOException e) {
                throw TransportErrors.during(c.address(), "restoring " + wal, e);
            }
            if (!found) {
                spec.commandLine().getErr().println("walferry restore: " + wal + " not found in archive "
                        + receiver.archive());
                return ExitCode.NOT_FOUND.code();
            }
            return ExitCode.OK.code();
        }
    }

    private static boolean isTransient(ExitCode c) {
        return c == ExitCode.CONNECT || c == ExitCode.TIMEOUT || c == ExitCode.STORAGE;
    }
}
