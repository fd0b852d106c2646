package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An archive in a local directory ({@link ArchiveLayout}): opened with startup recovery, its files kept by a
 * {@link DirectoryStore}, and transfers committed through the {@link CommitPipeline} with an fsynced temp file
 * renamed into place (docs/storage.md, "Storing a file").
 */
public final class DirectoryStorage implements ArchiveStorage {

    private static final Logger LOG = System.getLogger(DirectoryStorage.class.getName());

    private final String name;
    private final DirectoryStore store;
    private final CommitPipeline pipeline;

    private DirectoryStorage(String name, DirectoryStore store) {
        this.name = name;
        this.store = store;
        this.pipeline = new CommitPipeline(name, store, store.files());
    }

    /**
     * Opens the archive {@code name} in {@code dir} (created if absent), locks it and runs startup recovery.
     *
     * @throws StorageException naming the directory when another receiver holds it, or naming the path and
     *                          step that failed
     */
    public static DirectoryStorage open(String name, Path dir, StorageOptions options) throws IOException {
        return open(name, dir, options, FileSystemOps.DEFAULT);
    }

    static DirectoryStorage open(String name, Path dir, StorageOptions options, FileSystemOps ops) throws IOException {
        Objects.requireNonNull(name, "name");
        ArchiveLayout layout = ArchiveLayout.of(dir);
        DurableFiles files = new DurableFiles(ops, options.slowFsyncThreshold(), options.fsyncObserver());
        layout.create();
        DirectoryLock lock = DirectoryLock.acquire(layout.lockFile(), layout.dir());
        ChecksumLog log = null;
        try {
            StartupRecovery.removeLeftovers(layout.incoming());
            log = ChecksumLog.open(layout.checksums(), files);
            Map<WalFileName, StoredFile> index = StartupRecovery.reconcile(layout.dir(), log, files);
            // Entries renamed in just before a crash may not have reached the disk yet.
            files.syncDirectory(layout.dir());
            SegmentIdentity binding = ArchiveBinding.read(layout.binding()).orElse(null);
            if (binding == null) {
                binding = StartupRecovery.identityOfLatestSegment(layout.dir(), index)
                        .orElse(null);
                if (binding != null) {
                    ArchiveBinding.write(layout.binding(), binding, files, layout.incoming());
                    LOG.log(
                            Level.INFO,
                            "archive " + name + " (" + layout.dir() + ") holds segments but no binding;"
                                    + " bound it to system identifier " + binding.systemIdentifierText());
                }
            }
            return new DirectoryStorage(name, new DirectoryStore(name, layout, files, lock, log, index, binding));
        } catch (IOException | RuntimeException e) {
            closeAll(e, log, lock);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The archive directory. */
    public Path directory() {
        return store.layout().dir();
    }

    /**
     * {@code DIR/.walferry/incoming}: temp files of transfers in progress. Startup recovery empties it; a
     * write-through archive keeps its transfers here too.
     */
    public Path incomingDirectory() {
        return store.incomingDirectory();
    }

    /** The store a write-through archive puts its local copies in. */
    public DirectoryStore store() {
        return store;
    }

    /**
     * {@inheritDoc} From the index; on a miss DIR is looked at (one stat) and a file another tool put there is
     * adopted or found foreign (docs/storage.md, "Files that arrive by other tools"). A file removed by another
     * tool is not found.
     */
    @Override
    public Optional<StoredFile> lookup(WalFileName fileName) throws StorageException {
        return store.find(fileName);
    }

    /**
     * {@inheritDoc} Files removed from DIR by another tool (pg_archivecleanup, {@code walferry archive cleanup
     * --dir}) are left out and dropped from the index; files copied in by another tool are adopted first.
     */
    @Override
    public List<StoredFile> list() throws StorageException {
        return store.list();
    }

    /**
     * Deletes stored files (archive cleanup through the receiver), then fsyncs DIR once. Files already gone are
     * skipped. Their checksum records stay in the log; records of absent files are ignored (see startup recovery).
     *
     * @return the names actually deleted, in the order given
     * @throws StorageException naming the file that could not be deleted; those before it are deleted
     */
    @Override
    public List<WalFileName> remove(List<WalFileName> names) throws StorageException {
        List<WalFileName> removed = store.remove(names);
        LOG.log(Level.INFO, "archive " + name + ": cleanup removed " + removed.size() + " files");
        return removed;
    }

    /**
     * The archive directory's {@link ArchiveReader}: lock-free, beside this receiver. Files copied in by another
     * tool are adopted first, so that status and verify through the receiver see them recorded (or foreign).
     */
    @Override
    public ArchiveView view() throws StorageException {
        store.list();
        return ArchiveReader.of(directory());
    }

    @Override
    public Optional<SegmentIdentity> binding() {
        return store.binding();
    }

    @Override
    public Incoming begin(WalFileName fileName, long declaredSize) throws IOException {
        return pipeline.begin(fileName, declaredSize);
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
        return store.open(file);
    }

    @Override
    public void addArrivalListener(Consumer<StoredFile> listener) {
        pipeline.addArrivalListener(listener);
    }

    @Override
    public void removeArrivalListener(Consumer<StoredFile> listener) {
        pipeline.removeArrivalListener(listener);
    }

    /** Closed, or a temp file cannot be created (and deleted) in the incoming area. */
    @Override
    public Optional<String> writeProblem() {
        return pipeline.writeProblem();
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        store.close();
    }

    private static void closeAll(Throwable primary, AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    primary.addSuppressed(e);
                }
            }
        }
    }
}
