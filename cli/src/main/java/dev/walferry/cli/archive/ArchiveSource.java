package dev.walferry.cli.archive;

import dev.walferry.protocol.wal.CleanupRule;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.FileReport;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.inspect.VerifyReport;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An archive as the operator commands see it: a local directory ({@link LocalArchive}) or an archive on a
 * receiver ({@link RemoteArchive}). Failures are {@link dev.walferry.client.failure.WalferryException}s.
 */
interface ArchiveSource extends AutoCloseable {

    /** "archive DIR" or "archive NAME on receiver HOST:PORT", for messages. */
    String describe();

    /** Stored files with names in {@code [from, to]} (empty bounds: open), in name order. */
    List<ListedFile> list(String from, String to);

    ArchiveStatus status();

    VerifyReport verify(int jobs, Verifier.Progress progress);

    Optional<FileReport> show(WalFileName name);

    /**
     * Removes what pg_archivecleanup would remove for {@code restartFile} ({@link CleanupRule}); with
     * {@code dryRun} removes nothing. Calls {@code removed} with each file removed (or that would be).
     */
    void cleanup(String restartFile, boolean backupHistory, boolean dryRun, Consumer<String> removed);

    @Override
    void close();
}
