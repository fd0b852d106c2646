package dev.walferry.server.storage;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An archive in a local directory ({@link ArchiveLayout}). A transfer is stored as DESIGN 3 prescribes: temp
 * file, write while hashing, fsync, checksum comparison, then under the archive's commit lock: binding check,
 * existence check, atomic rename, directory fsync, checksum record, index, and only then the arrival
 * listeners. The commit lock plus the existence check make "never overwrite" hold within the process; the
 * {@link DirectoryLock} keeps other receivers out.
 */
public final class DirectoryStorage implements ArchiveStorage {

    private static final Logger LOG = System.getLogger(DirectoryStorage.class.getName());

    private final String name;
    private final ArchiveLayout layout;
    private final DurableFiles files;
    private final DirectoryLock lock;
    private final ChecksumLog log;
    private final Map<WalFileName, StoredFile> index;
    private final List<Consumer<StoredFile>> listeners = new CopyOnWriteArrayList<>();
    private final Object commitLock = new Object();
    private volatile SegmentIdentity binding;
    private volatile boolean closed;

    private DirectoryStorage(String name, ArchiveLayout layout, DurableFiles files, DirectoryLock lock,
                             ChecksumLog log, Map<WalFileName, StoredFile> index, SegmentIdentity binding) {
        this.name = name;
        this.layout = layout;
        this.files = files;
        this.lock = lock;
        this.log = log;
        this.index = new ConcurrentHashMap<>(index);
        this.binding = binding;
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

    static DirectoryStorage open(String name, Path dir, StorageOptions options, FileSystemOps ops)
            throws IOException {
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
                binding = StartupRecovery.identityOfLatestSegment(layout.dir(), index).orElse(null);
                if (binding != null) {
                    ArchiveBinding.write(layout.binding(), binding, files, layout.incoming());
                    LOG.log(Level.INFO, "archive " + name + " (" + layout.dir() + ") holds segments but no binding;"
                            + " bound it to system identifier " + binding.systemIdentifierText());
                }
            }
            return new DirectoryStorage(name, layout, files, lock, log, index, binding);
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
        return layout.dir();
    }

    /**
     * {@code DIR/.walferry/incoming}: temp files of transfers in progress. Startup recovery empties it, so a
     * write-through archive's S3 side keeps its upload temp files here too.
     */
    public Path incomingDirectory() {
        return layout.incoming();
    }

    @Override
    public Optional<StoredFile> lookup(WalFileName fileName) {
        return Optional.ofNullable(index.get(fileName));
    }

    /**
     * {@inheritDoc} Files removed from DIR by another tool (pg_archivecleanup, {@code walferry archive cleanup
     * --dir}) are left out and dropped from the index.
     */
    @Override
    public List<StoredFile> list() {
        List<StoredFile> all = new ArrayList<>();
        for (StoredFile f : index.values()) {
            if (Files.exists(target(f.name()), LinkOption.NOFOLLOW_LINKS)) {
                all.add(f);
            } else {
                index.remove(f.name(), f);
            }
        }
        all.sort(Comparator.comparing(StoredFile::name));
        return all;
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
        List<WalFileName> removed = new ArrayList<>();
        synchronized (commitLock) {
            ensureOpen();
            try {
                for (WalFileName n : names) {
                    Path target = target(n);
                    try {
                        if (Files.deleteIfExists(target)) {
                            removed.add(n);
                        }
                    } catch (IOException e) {
                        throw StorageException.io("deleting", target, e);
                    }
                    index.remove(n);
                }
            } finally {
                if (!removed.isEmpty()) {
                    files.syncDirectory(layout.dir());
                }
            }
        }
        LOG.log(Level.INFO, "archive " + name + ": cleanup removed " + removed.size() + " files");
        return removed;
    }

    /** The archive directory's {@link ArchiveReader}: lock-free, beside this receiver. */
    @Override
    public ArchiveView view() throws StorageException {
        return ArchiveReader.of(layout.dir());
    }

    @Override
    public Optional<SegmentIdentity> binding() {
        return Optional.ofNullable(binding);
    }

    @Override
    public Incoming begin(WalFileName fileName, long declaredSize) throws IOException {
        if (declaredSize < 0 || declaredSize > Limits.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("declared size " + declaredSize + " of " + fileName
                    + " is outside 0.." + Limits.MAX_FILE_SIZE);
        }
        ensureOpen();
        Path temp = files.createTempFile(layout.incoming(), "in-" + fileName + "-");
        try {
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
            return new IncomingFile(this, files, fileName, declaredSize, temp, ch);
        } catch (IOException e) {
            DurableFiles.deleteQuietly(temp);
            throw StorageException.io("opening", temp, e);
        }
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
        try {
            return Files.newInputStream(target(file.name()));
        } catch (NoSuchFileException e) {
            index.remove(file.name(), file);
            throw e;
        }
    }

    @Override
    public void addArrivalListener(Consumer<StoredFile> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeArrivalListener(Consumer<StoredFile> listener) {
        listeners.remove(listener);
    }

    /** Closed, or a temp file cannot be created (and deleted) in the incoming area. */
    @Override
    public Optional<String> writeProblem() {
        if (closed) {
            return Optional.of("archive " + name + " (" + layout.dir() + ") is closed");
        }
        try {
            Files.delete(files.createTempFile(layout.incoming(), "health-"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("archive " + name + " is not writable: " + e.getMessage());
        }
    }

    /**
     * The locked part of a commit. {@code temp} is complete, fsynced and matches {@code sha256};
     * {@code identity} is the segment's header identity, null for history and backup files.
     */
    CommitResult install(WalFileName fileName, Path temp, long size, byte[] sha256, SegmentIdentity identity)
            throws StorageException {
        StoredFile stored;
        synchronized (commitLock) {
            ensureOpen();
            if (identity != null) {
                CommitResult refused = checkBinding(fileName, identity);
                if (refused != null) {
                    return refused;
                }
            }
            Path target = target(fileName);
            StoredFile existing = existing(fileName, target);
            if (existing != null) {
                return CommitResult.existing(existing, sha256);
            }
            stored = new StoredFile(fileName, size, sha256, System.currentTimeMillis());
            files.atomicMove(temp, target);
            try {
                files.syncDirectory(layout.dir());
                log.append(stored);
            } catch (StorageException e) {
                undoMove(target, e);
                throw e;
            }
            index.put(fileName, stored);
        }
        notifyListeners(stored);
        return new CommitResult(Status.STORED, stored, fileName + " stored");
    }

    /** Null when the segment fits the binding (writing the binding if there was none); else the refusal. */
    private CommitResult checkBinding(WalFileName fileName, SegmentIdentity id) throws StorageException {
        SegmentIdentity bound = binding;
        if (bound == null) {
            ArchiveBinding.write(layout.binding(), id, files, layout.incoming());
            binding = id;
            LOG.log(Level.INFO, "archive " + name + " (" + layout.dir() + ") is now bound to database system "
                    + id.systemIdentifierText() + ", segment size " + id.segmentSize() + ", PostgreSQL "
                    + id.postgresVersion());
            return null;
        }
        return ArchiveBinding.check(name, fileName, bound, id);
    }

    /**
     * The stored file under that name, looking at the disk too: a file removed by pg_archivecleanup leaves the
     * index, and a file copied in by another tool is recorded (it must never be overwritten).
     */
    private StoredFile existing(WalFileName fileName, Path target) throws StorageException {
        boolean onDisk = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        StoredFile known = index.get(fileName);
        if (known != null && !onDisk) {
            index.remove(fileName);
            return null;
        }
        if (known != null && sizeOf(target) != known.size()) {
            // Never answer "already present" for a stored copy that is not what was recorded: the primary would
            // then recycle its only good copy (DESIGN A1).
            throw StorageException.failed(target + " is damaged: " + sizeOf(target) + " bytes on disk but "
                    + known.size() + " recorded; the file is left as it is; run 'walferry archive verify'");
        }
        if (known == null && onDisk) {
            LOG.log(Level.WARNING, target + " exists without a checksum record (placed by another tool);"
                    + " recording it");
            known = StartupRecovery.adopt(target, fileName, log, files);
            files.syncDirectory(layout.dir());
            index.put(fileName, known);
        }
        return known;
    }

    private static long sizeOf(Path target) throws StorageException {
        try {
            return Files.size(target);
        } catch (IOException e) {
            throw StorageException.failed("cannot read the size of " + target + ": " + e.getMessage());
        }
    }

    private void undoMove(Path target, StorageException cause) {
        try {
            Files.delete(target);
            files.syncDirectory(layout.dir());
        } catch (IOException e) {
            cause.addSuppressed(e);
            LOG.log(Level.ERROR, "could not take back " + target + " after a failed commit (" + e.getMessage()
                    + "); startup recovery will record it");
        }
    }

    private void notifyListeners(StoredFile stored) {
        for (Consumer<StoredFile> l : listeners) {
            try {
                l.accept(stored);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "arrival listener failed for " + stored.name(), e);
            }
        }
    }

    private Path target(WalFileName fileName) {
        return layout.dir().resolve(fileName.toString());
    }

    private void ensureOpen() throws StorageException {
        if (closed) {
            throw StorageException.failed("archive " + name + " (" + layout.dir() + ") is closed");
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (commitLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                log.close();
            } finally {
                lock.close();
            }
        }
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
