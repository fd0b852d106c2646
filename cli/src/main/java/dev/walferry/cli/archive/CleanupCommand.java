package dev.walferry.cli.archive;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.wal.CleanupRule;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archive_cleanup_command = 'walferry archive cleanup ... %r'} (docs/postgres-contract.md R7): removes what
 * pg_archivecleanup would remove ({@link CleanupRule}), never history files, and prints each file removed.
 */
@Command(
        name = "cleanup",
        description = {
            "Remove WAL files older than RESTARTFILE (use as archive_cleanup_command" + " with %%r),",
            "with pg_archivecleanup's rules: all timelines, never .history files."
        })
final class CleanupCommand extends ArchiveSubcommand {

    @Option(
            names = {"-n", "--dry-run"},
            description = "Remove nothing; print what would be removed.")
    boolean dryRun;

    @Option(
            names = {"-b", "--clean-backup-history"},
            description = "Also remove .backup files before RESTARTFILE (as pg_archivecleanup -b of PostgreSQL 17).")
    boolean backupHistory;

    @Parameters(
            index = "0",
            paramLabel = "RESTARTFILE",
            description = "The oldest file to keep (%%r); a .partial or .backup suffix is stripped.")
    String restartFile;

    @Override
    public Integer call() {
        CleanupRule rule;
        try {
            rule = CleanupRule.keepFrom(restartFile, backupHistory);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        int[] count = {0};
        String where;
        try (ArchiveSource source = target.open()) {
            where = source.describe();
            source.cleanup(restartFile, backupHistory, dryRun, n -> {
                out.println((dryRun ? "would remove " : "removed ") + n);
                count[0]++;
            });
        } finally {
            out.flush();
        }
        out.println(where + ": " + (dryRun ? "would remove " : "removed ") + count[0] + " file"
                + (count[0] == 1 ? "" : "s") + " older than " + rule.boundary());
        out.flush();
        return 0;
    }
}
