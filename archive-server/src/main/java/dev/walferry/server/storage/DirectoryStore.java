package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    /** Files in DIR that failed the adoption checks, by name, as they were when checked (not re-hashed). */
    private final Map<WalFileName, Foreign> foreign = new ConcurrentHashMap<>();
    /** Adoptions in progress, so that two lookups of one copied-in file hash it once. */
    private final Map<WalFileName, CompletableFuture<Found>> adopting = new ConcurrentHashMap<>();

    private volatile SegmentIdentity binding;
    private boolean closed;

    DirectoryStore(
            String archive,
            ArchiveLayout layout,
            DurableFiles files,
            DirectoryLock lock,
            ChecksumLog log,
            Map<WalFileName, StoredFile> index,
            SegmentIdentity binding) {
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

    /** From the index, without I/O (a write-through archive's check before its upload). */
    public Optional<StoredFile> lookup(WalFileName name) {
        return Optional.ofNullable(index.get(name));
    }

    /**
     * The stored file of that name as DIR holds it now (docs/storage.md, "Files that arrive by other tools"): an
     * indexed file removed by another tool leaves the index; a file not in the index is adopted when it passes the
     * checks of a push, else remembered as foreign (by size and mtime, so it is not hashed again). A name that is
     * not there costs one stat.
     *
     * @throws StorageException when a file in DIR cannot be read (never "not found" for a file that is there)
     */
    public Optional<StoredFile> find(WalFileName name) throws StorageException {
        Path target = target(name);
        BasicFileAttributes now = attributes(target);
        StoredFile known = index.get(name);
        if (now == null) {
            if (known != null) {
                index.remove(name, known);
            }
            foreign.remove(name);
            return Optional.empty();
        }
        if (known != null) {
            return Optional.of(known);
        }
        return Optional.ofNullable(adoptOnce(name, target, now).file());
    }

    /**
     * The files in DIR, in name order: indexed ones, and those another tool put there that pass the adoption
     * checks ({@link #find}); files removed by another tool leave the index.
     */
    List<StoredFile> list() throws StorageException {
        Set<WalFileName> seen = new HashSet<>();
        List<StoredFile> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.dir())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!WalFileName.isValid(n)) {
                    continue;
                }
                WalFileName name = WalFileName.parse(n);
                try {
                    find(name).ifPresent(f -> {
                        seen.add(name);
                        all.add(f);
                    });
                } catch (StorageException e) {
                    LOG.log(Level.WARNING, "listing " + location() + ": " + e.getMessage() + "; left out");
                }
            }
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("listing", layout.dir(), e);
        }
        for (StoredFile f : index.values()) {
            if (!seen.contains(f.name())) {
                if (Files.exists(target(f.name()), LinkOption.NOFOLLOW_LINKS)) {
                    all.add(f); // stored while DIR was being listed
                } else {
                    index.remove(f.name(), f);
                }
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
            // the duplicate rule sees a copied-in file as a lookup would (docs/storage.md, "Files that arrive by
            // other tools"); it is never overwritten
            BasicFileAttributes now = attributes(target);
            Found found = now == null ? Found.ABSENT : adopt(fileName, target, now);
            if (found.file() != null) {
                return found.file();
            }
            if (found.foreign() != null && found.foreign().sha256() != null) {
                Foreign f = found.foreign();
                return new StoredFile(
                        fileName, f.size(), f.sha256(), f.modified().toMillis());
            }
            if (found.foreign() != null) {
                throw StorageException.failed(target + " was placed by another tool and is not a WAL file this"
                        + " archive can hold (" + found.foreign().reason() + "); it is left as it is; remove or"
                        + " replace it");
            }
            if (now != null) {
                throw StorageException.failed(target + " is being written by another tool (it changed while it"
                        + " was read); it is left as it is; try again once the copy is complete");
            }
        }
        return known;
    }

    /** What {@link #adopt} found: the adopted (or already indexed) file, a foreign one, or neither. */
    private record Found(StoredFile file, Foreign foreign) {
        static final Found ABSENT = new Found(null, null);
    }

    /**
     * A file that failed the adoption checks, as it was when checked.
     *
     * @param sha256 its SHA-256, null when it was not hashed (not a regular file)
     */
    private record Foreign(long size, FileTime modified, Object fileKey, byte[] sha256, String reason) {
        boolean sameAs(BasicFileAttributes a) {
            return a.size() == size && a.lastModifiedTime().equals(modified) && Objects.equals(a.fileKey(), fileKey);
        }
    }

    /** {@link #adopt}, with concurrent lookups of the same name waiting for the one adoption in progress. */
    private Found adoptOnce(WalFileName name, Path target, BasicFileAttributes seen) throws StorageException {
        CompletableFuture<Found> mine = new CompletableFuture<>();
        CompletableFuture<Found> running = adopting.putIfAbsent(name, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof StorageException s
                        ? s
                        : StorageException.failed("adopting " + target + " failed: " + e.getCause());
            }
        }
        try {
            Found f = adopt(name, target, seen);
            mine.complete(f);
            return f;
        } catch (StorageException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            adopting.remove(name, mine);
        }
    }

    /**
     * Adopts a file another tool put in DIR: checks it like a push (size, WAL page header, the archive's cluster;
     * {@link AdoptionChecks}), hashes and fsyncs it, fsyncs DIR and appends its checksum record (the durability of
     * a push), then indexes it. The file is only read, never moved or rewritten. Hashing runs outside the commit
     * lock; under it a push that stored the name meanwhile wins, and a file that changed while it was read (a copy
     * still in progress) is left for a later lookup. A file failing the checks is remembered as foreign.
     */
    private Found adopt(WalFileName name, Path target, BasicFileAttributes seen) throws StorageException {
        Foreign known = foreign.get(name);
        if (known != null && known.sameAs(seen)) {
            return new Found(null, known);
        }
        if (!seen.isRegularFile()) {
            return rememberForeign(name, target, seen, null, "not a regular file");
        }
        byte[] header = new byte[dev.walferry.protocol.wal.WalPageHeader.LENGTH];
        byte[] sha256;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(header);
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // fill
            }
            sha256 = Sha256.of(ch);
            if (!unchanged(target, seen) || !completeText(name, ch, seen.size())) {
                return Found.ABSENT;
            }
            AdoptionChecks.Verdict v = AdoptionChecks.check(archive, name, seen.size(), header, binding);
            if (v.problem() != null) {
                return rememberForeign(name, target, seen, sha256, v.problem());
            }
            files.force(ch, target);
        } catch (NoSuchFileException gone) {
            return Found.ABSENT;
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("reading (to adopt)", target, e);
        }
        synchronized (commitLock) {
            ensureOpen();
            StoredFile stored = index.get(name);
            if (stored != null) {
                return new Found(stored, null); // a push of the name won
            }
            if (!unchanged(target, seen)) {
                return Found.ABSENT;
            }
            AdoptionChecks.Verdict v = AdoptionChecks.check(archive, name, seen.size(), header, binding);
            if (v.problem() != null) {
                return rememberForeign(name, target, seen, sha256, v.problem());
            }
            if (v.identity() != null && binding == null) {
                bind(
                        v.identity(),
                        where -> LOG.log(
                                Level.INFO,
                                "archive " + archive + " (" + where + ") is now" + " bound to database system "
                                        + v.identity().systemIdentifierText() + ", from " + target));
            }
            files.syncDirectory(layout.dir());
            StoredFile file = new StoredFile(
                    name, seen.size(), sha256, seen.lastModifiedTime().toMillis());
            log.append(file);
            index.put(name, file);
            foreign.remove(name);
            LOG.log(
                    Level.WARNING,
                    target + " was placed by another tool (cp, a manual restore); adopted it:"
                            + " checked, hashed (sha256 " + file.sha256Hex() + ") and recorded");
            return new Found(file, null);
        }
    }

    private Found rememberForeign(
            WalFileName name, Path target, BasicFileAttributes seen, byte[] sha256, String reason) {
        Foreign f = new Foreign(seen.size(), seen.lastModifiedTime(), seen.fileKey(), sha256, reason);
        foreign.put(name, f);
        LOG.log(
                Level.WARNING,
                target + " was placed by another tool but is not served: " + reason + "; it is left"
                        + " as it is (`walferry archive verify` reports it as foreign); remove or replace it");
        return new Found(null, f);
    }

    /**
     * A .history or .backup file (text, no fixed size) is taken only once its last line is complete: PostgreSQL ends
     * every line with a newline, and a copy still being written usually has not (docs/storage.md, "Files that arrive
     * by other tools"). Segments and partial files need no such rule: their size is fixed and checked.
     */
    private static boolean completeText(WalFileName name, FileChannel ch, long size) throws IOException {
        if (name.kind() != WalFileKind.HISTORY && name.kind() != WalFileKind.BACKUP) {
            return true;
        }
        if (size == 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    }

    /** True when the file still has the size, mtime and identity it had when first seen. */
    private static boolean unchanged(Path target, BasicFileAttributes seen) throws StorageException {
        BasicFileAttributes now = attributes(target);
        return now != null
                && now.size() == seen.size()
                && now.lastModifiedTime().equals(seen.lastModifiedTime())
                && Objects.equals(now.fileKey(), seen.fileKey());
    }

    /** One lstat; null when there is no such entry. */
    private static BasicFileAttributes attributes(Path target) throws StorageException {
        try {
            return Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw StorageException.io("reading the attributes of", target, e);
        }
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
            LOG.log(
                    Level.ERROR,
                    "could not take back " + target + " after a failed commit (" + e.getMessage()
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
