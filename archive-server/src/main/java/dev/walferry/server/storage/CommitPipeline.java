package dev.walferry.server.storage;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one commit path of every archive (docs/storage.md, "Storing a file"): it starts {@link Transfer}s into a
 * {@link Store} and holds the archive's rules: the declared size, the pre-store checks ({@link TransferChecks}), the
 * binding ({@link ArchiveBinding#check}, and the line logged when an archive is bound), never overwrite
 * ({@link CommitResult#existing}), the arrival listeners, and that a closed archive takes nothing.
 */
public final class CommitPipeline {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    private final String archive;
    private final Store store;
    private final DurableFiles durable;
    private final List<Consumer<StoredFile>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** For a store whose put reads the temp file (an upload), which therefore is not fsynced. */
    public CommitPipeline(String archive, Store store) {
        this(archive, store, null);
    }

    /** @param durable when not null, each temp file is written back early and fsynced before the put */
    public CommitPipeline(String archive, Store store, DurableFiles durable) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.store = store;
        this.durable = durable;
    }

    /** {@link ArchiveStorage#begin}: a transfer of {@code declaredSize} bytes into a new temp file. */
    public Incoming begin(WalFileName name, long declaredSize) throws IOException {
        if (declaredSize < 0 || declaredSize > Limits.MAX_FILE_SIZE) {
            throw new IllegalArgumentException(
                    "declared size " + declaredSize + " of " + name + " is outside 0.." + Limits.MAX_FILE_SIZE);
        }
        ensureOpen();
        Path temp = DurableFiles.createTempFile(store.incomingDirectory(), "in-" + name + "-");
        try {
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
            return new Transfer(this, name, declaredSize, temp, ch, durable, store.needsMd5());
        } catch (IOException e) {
            DurableFiles.deleteQuietly(temp);
            throw StorageException.io("opening", temp, e);
        }
    }

    /** The rules, in order, for a transfer whose bytes are all written. */
    CommitResult commit(Transfer t, byte[] claimedSha256) throws IOException {
        WalFileName name = t.name();
        TransferChecks.Outcome checked =
                TransferChecks.beforeStore(name, t.written(), t.declaredSize(), claimedSha256, t.header());
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        byte[] sha256 = t.complete();
        CommitResult mismatch = TransferChecks.checksum(name, sha256, claimedSha256);
        if (mismatch != null) {
            return mismatch;
        }
        ensureOpen();
        SegmentIdentity id = checked.identity();
        if (id != null) {
            CommitResult refused = ArchiveBinding.check(archive, name, store.bind(id, where -> bound(where, id)), id);
            if (refused != null) {
                return refused;
            }
        }
        StoredFile file = new StoredFile(name, t.written(), sha256, System.currentTimeMillis());
        Optional<StoredFile> there = store.putIfAbsent(file, t.path(), t.md5());
        if (there.isPresent()) {
            return CommitResult.existing(there.get(), sha256);
        }
        notifyListeners(file);
        return new CommitResult(Status.STORED, file, name + " stored in " + store.location());
    }

    private void bound(String where, SegmentIdentity id) {
        LOG.log(
                Level.INFO,
                "archive " + archive + " (" + where + ") is now bound to database system "
                        + id.systemIdentifierText() + ", segment size " + id.segmentSize() + ", PostgreSQL "
                        + id.postgresVersion());
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

    /** {@link ArchiveStorage#addArrivalListener}. */
    public void addArrivalListener(Consumer<StoredFile> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** {@link ArchiveStorage#removeArrivalListener}. */
    public void removeArrivalListener(Consumer<StoredFile> listener) {
        listeners.remove(listener);
    }

    /**
     * {@link ArchiveStorage#writeProblem}'s local part: closed, or a temp file cannot be created (and deleted) in
     * the incoming area.
     */
    public Optional<String> writeProblem() {
        if (closed) {
            return Optional.of(closedMessage(archive, store.location()));
        }
        try {
            Files.delete(DurableFiles.createTempFile(store.incomingDirectory(), "health-"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(notWritable(archive, e));
        }
    }

    /** The write problem of an archive whose store fails with {@code e}. */
    public static String notWritable(String archive, IOException e) {
        return "archive " + archive + " is not writable: " + e.getMessage();
    }

    /** @throws StorageException once {@link #close()} was called */
    public void ensureOpen() throws StorageException {
        if (closed) {
            throw closedError(archive, store.location());
        }
    }

    /** The archive takes no more transfers; a store with resources of its own closes them after this. */
    public void close() {
        closed = true;
    }

    /** The failure of a step on the archive {@code archive} at {@code location} after it was closed. */
    static StorageException closedError(String archive, String location) {
        return StorageException.failed(closedMessage(archive, location));
    }

    private static String closedMessage(String archive, String location) {
        return "archive " + archive + " (" + location + ") is closed";
    }
}
