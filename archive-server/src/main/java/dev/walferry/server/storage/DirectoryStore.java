package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The files of an archive directory ({@link ArchiveLayout}) and its in-memory index. Everything that changes DIR
 * runs under one commit lock: writing the binding, and the put (existence check, atomic rename, directory fsync,
 * checksum record, index), so that "never overwrite" holds within the process; the {@link DirectoryLock} keeps
 * other receivers out. Once {@link #close()}d (under that lock) nothing more is written.
 */
public final class DirectoryStore implements Store {

    private static final Logger LOG = System.getLogger(DirectoryStorage.class.getName());

    private final String archive;
    private final ArchiveLayout layout;
    private final DurableFiles files;
    private final DirectoryLock lock;
    private final ChecksumLog log;
    private final Map<WalFileName, StoredFile> index;
    private final Object commitLock = new Object();
    private volatile SegmentIdentity binding;
    private boolean closed;

    DirectoryStore(String archive, ArchiveLayout layout, DurableFiles files, DirectoryLock lock, ChecksumLog log,
                   Map<WalFileName, StoredFile> index, SegmentIdentity binding) {
        this.archive = archive;
        this.layout = layout;
        this.files = files;
        this.lock = lock;
        this.log = log;
        this.index = new ConcurrentHashMap<>(index);
        this.binding = binding;
    }

    @Override
    public String location() {
        return layout.dir().toString();
    }

    @Override
    public Path incomingDirectory() {
        return layout.incoming();
    }

    @Override
    public boolean needsMd5() {
        return false;
    }

    ArchiveLayout layout() {
        return layout;
    }

    public DurableFiles files() {
        return files;
    }

    Optional<SegmentIdentity> binding() {
        return Optional.ofNullable(binding);
    }

    /** Writes the binding durably if there is none. */
    @Override
    public SegmentIdentity bind(SegmentIdentity id, Consumer<String> created) throws StorageException {
        synchronized (commitLock) {
            ensureOpen();
            if (binding == null) {
                ArchiveBinding.write(layout.binding(), id, files, layout.incoming());
                binding = id;
                created.accept(location());
            }
            return binding;
        }
    }

    /**
     * Renames {@code content} (complete and fsynced) into DIR, fsyncs DIR and records the checksum; a failure after
     * the rename takes it back.
     */
    @Override
    public Optional<StoredFile> putIfAbsent(StoredFile file, Path content, byte[] md5) throws StorageException {
        synchronized (commitLock) {
            ensureOpen();
            Path target = target(file.name());
            StoredFile existing = existing(file.name(), target);
            if (existing != null) {
                return Optional.of(existing);
            }
            files.atomicMove(content, target);
            try {
                files.syncDirectory(layout.dir());
                log.append(file);
            } catch (StorageException e) {
                undoMove(target, e);
                throw e;
            }
            index.put(file.name(), file);
            return Optional.empty();
        }
    }

    /** From the index, without I/O. */
    public Optional<StoredFile> lookup(WalFileName name) {
        return Optional.ofNullable(index.get(name));
    }

    /** The indexed files still in DIR, in name order; files removed by another tool leave the index. */
    List<StoredFile> list() {
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

    /** Reads a stored file; one removed since it was stored leaves the index. */
    InputStream open(StoredFile file) throws IOException {
        try {
            return Files.newInputStream(target(file.name()));
        } catch (NoSuchFileException e) {
            index.remove(file.name(), file);
            throw e;
        }
    }

    /** Deletes files under the commit lock, then fsyncs DIR once; see {@link ArchiveStorage#remove}. */
    List<WalFileName> remove(List<WalFileName> names) throws StorageException {
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
        return removed;
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
            // then recycle its only good copy (docs/storage.md, "Decisions").
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

    private Path target(WalFileName fileName) {
        return layout.dir().resolve(fileName.toString());
    }

    /** The checksum log and the directory lock are still held (checked under the commit lock). */
    private void ensureOpen() throws StorageException {
        if (closed) {
            throw CommitPipeline.closedError(archive, location());
        }
    }

    /** Waits for a commit in progress, then closes the checksum log and releases the directory lock. */
    void close() throws IOException {
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
}
