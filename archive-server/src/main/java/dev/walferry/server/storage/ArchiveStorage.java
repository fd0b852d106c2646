package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One named archive: where completed WAL files are stored durably and looked up (docs/storage.md). Implementations
 * are thread-safe; each {@link Incoming} is used by one thread. {@link DirectoryStorage} keeps the files in a
 * local directory, {@code s3.S3Storage} in an S3-compatible bucket, and
 * {@code s3.WriteThroughStorage} in both; all keep the same contract:
 * <ul>
 *   <li>a file is visible (lookup, list, listeners) only once it is durable;</li>
 *   <li>a stored file is never overwritten: same content again is {@code ALREADY_PRESENT}, other content is
 *       {@code CONFLICT} (docs/postgres-contract.md A3);</li>
 *   <li>segments of another cluster than the archive's binding are {@code WRONG_CLUSTER} (docs/postgres-contract.md
 *   A6);</li>
 *   <li>a failed transfer leaves the archive as it was.</li>
 * </ul>
 */
public interface ArchiveStorage extends Closeable {

    /** The configured archive name. */
    String name();

    /**
     * The stored file of that name. {@link DirectoryStorage} answers from an in-memory index after one stat of the
     * file, adopting a file another tool put in its directory (docs/storage.md, "Files that arrive by other
     * tools"); it throws when such a file cannot be read. Other backends throw when the remote store fails.
     */
    Optional<StoredFile> lookup(WalFileName name) throws IOException;

    /**
     * All stored files, in {@link WalFileName} order.
     *
     * @throws IOException when a remote store cannot be listed
     */
    List<StoredFile> list() throws IOException;

    /** The cluster this archive is bound to, empty until its first segment is stored. */
    Optional<SegmentIdentity> binding();

    /**
     * Starts a transfer of {@code declaredSize} bytes under {@code name}.
     *
     * @throws IllegalArgumentException when {@code declaredSize} is negative or above the protocol's maximum
     * @throws StorageException         when the temp file cannot be created or the archive is closed
     */
    Incoming begin(WalFileName name, long declaredSize) throws IOException;

    /**
     * Reads a stored file.
     *
     * @throws java.nio.file.NoSuchFileException when it was removed since it was stored (e.g. by
     *                                           pg_archivecleanup); it is then also dropped from the index
     */
    InputStream open(StoredFile file) throws IOException;

    /**
     * Registers a listener called, on the committing thread and outside any lock, once per newly stored file
     * after it is durable. A listener that throws is logged and does not affect the transfer.
     */
    void addArrivalListener(Consumer<StoredFile> listener);

    /** Removes a listener added with {@link #addArrivalListener}. */
    void removeArrivalListener(Consumer<StoredFile> listener);

    /**
     * A read-only view for the operator requests (status, verify, show). For a write-through archive it is the
     * view of its durable copy beyond the host (the bucket).
     *
     * @throws StorageException when the archive's state cannot be read
     */
    ArchiveView view() throws StorageException;

    /**
     * Deletes stored files (archive cleanup through the receiver). Files already gone are skipped.
     *
     * @return the names actually deleted, in the order given
     * @throws StorageException naming the file that could not be deleted; those before it are deleted
     */
    List<WalFileName> remove(List<WalFileName> names) throws StorageException;

    /**
     * Why the archive cannot take new files right now (closed, not writable), or empty when it can. Used by the
     * receiver's health check; may do a little I/O.
     */
    default Optional<String> writeProblem() {
        return Optional.empty();
    }
}
