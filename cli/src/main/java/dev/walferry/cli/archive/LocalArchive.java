package dev.walferry.cli.archive;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.wal.CleanupRule;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.FileReport;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.inspect.VerifyReport;
import dev.walferry.server.storage.ArchiveReader;
import dev.walferry.server.storage.ArchivedFile;
import dev.walferry.server.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An archive directory read directly ({@code --dir}), beside a running receiver if there is one: it reads
 * through {@link ArchiveReader}, which takes no lock. Cleanup deletes files directly, as pg_archivecleanup does;
 * a running receiver copes with files removed under it.
 */
final class LocalArchive implements ArchiveSource {

    private final ArchiveReader reader;

    private LocalArchive(ArchiveReader reader) {
        this.reader = reader;
    }

    static LocalArchive open(Path dir) {
        try {
            return new LocalArchive(ArchiveReader.of(dir));
        } catch (StorageException e) {
            throw new WalferryException(ExitCode.USAGE, "--dir: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "archive " + reader.directory();
    }

    @Override
    public List<ListedFile> list(String from, String to) {
        return files().stream()
                .filter(f -> Ranges.contains(from, to, f.name().toString()))
                .map(f -> new ListedFile(
                        f.name(),
                        f.size(),
                        f.storedAtMillis(),
                        f.record() == null ? null : f.record().sha256Hex()))
                .toList();
    }

    @Override
    public ArchiveStatus status() {
        try {
            return ArchiveStatus.of(reader, System.currentTimeMillis());
        } catch (StorageException e) {
            throw localIo(e);
        }
    }

    @Override
    public VerifyReport verify(int jobs, Verifier.Progress progress) {
        try {
            return Verifier.run(reader, jobs, progress);
        } catch (StorageException e) {
            throw localIo(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalferryException(ExitCode.INTERNAL, "interrupted while verifying " + reader.directory());
        }
    }

    @Override
    public Optional<FileReport> show(WalFileName name) {
        try {
            return FileReport.of(reader, name);
        } catch (IOException e) {
            throw new WalferryException(
                    ExitCode.LOCAL_IO, "cannot read " + reader.path(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cleanup(String restartFile, boolean backupHistory, boolean dryRun, Consumer<String> removed) {
        CleanupRule rule = CleanupRule.keepFrom(restartFile, backupHistory);
        for (WalFileName n :
                rule.select(files().stream().map(ArchivedFile::name).toList())) {
            Path p = reader.path(n);
            try {
                if (dryRun || Files.deleteIfExists(p)) {
                    removed.accept(n.toString());
                }
            } catch (IOException e) {
                throw new WalferryException(ExitCode.LOCAL_IO, "cannot remove " + p + ": " + e.getMessage(), e);
            }
        }
    }

    private List<ArchivedFile> files() {
        try {
            return reader.snapshot().files();
        } catch (StorageException e) {
            throw localIo(e);
        }
    }

    private static WalferryException localIo(StorageException e) {
        return new WalferryException(ExitCode.LOCAL_IO, e.getMessage(), e);
    }

    @Override
    public void close() {
        // nothing held
    }
}
