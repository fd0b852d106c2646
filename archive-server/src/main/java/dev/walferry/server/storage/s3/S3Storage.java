package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.CommitPipeline;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.Store;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An archive in an S3-compatible bucket under a key prefix ({@link S3Location}; docs/storage.md "S3 archives").
 * Stateless: everything is in the bucket ({@link S3Store}), so several receivers may serve the same archive at once.
 * A transfer goes through the {@link CommitPipeline} into a temp file in a local incoming area and is uploaded from
 * there in one PUT; reads check size and SHA-256 against the object's metadata ({@link VerifyingInputStream}).
 */
public final class S3Storage implements ArchiveStorage {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    private final String name;
    private final ObjectStore objects;
    private final S3Location location;
    private final S3Store store;
    private final CommitPipeline pipeline;

    private S3Storage(String name, ObjectStore objects, S3Location location, S3Store store) {
        this.name = name;
        this.objects = objects;
        this.location = location;
        this.store = store;
        this.pipeline = new CommitPipeline(name, store);
    }

    /**
     * Opens archive {@code name} at {@code location}: checks that the bucket answers and reads the binding.
     *
     * @param incoming a local directory for the temp files of transfers in progress (created 0700 if absent)
     * @throws StorageException naming the bucket and the cause when it cannot be reached or its binding is corrupt
     */
    public static S3Storage open(String name, ObjectStore store, S3Location location, Path incoming)
            throws StorageException {
        Objects.requireNonNull(name, "name");
        try {
            Files.createDirectories(
                    incoming, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw StorageException.failed(
                    "cannot create " + incoming + " for the transfers of archive " + name + ": " + e.getMessage(), e);
        }
        try {
            store.checkReachable();
        } catch (IOException e) {
            throw StorageException.failed("archive " + name + " (" + location + "): " + e.getMessage(), e);
        }
        SegmentIdentity binding = S3Binding.read(store, location).orElse(null);
        return new S3Storage(name, store, location, new S3Store(name, store, location, incoming, binding));
    }

    @Override
    public String name() {
        return name;
    }

    /** The bucket and prefix. */
    public S3Location location() {
        return location;
    }

    /** The store a write-through archive puts its copies beyond the host in. */
    public Store store() {
        return store;
    }

    @Override
    public Optional<StoredFile> lookup(WalFileName fileName) throws IOException {
        return store.lookup(fileName);
    }

    /** Lists the bucket; files not yet seen are asked for their metadata (one HEAD each, then cached). */
    @Override
    public List<StoredFile> list() throws IOException {
        return store.list();
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

    @Override
    public ArchiveView view() {
        return new S3View(objects, location);
    }

    @Override
    public List<WalFileName> remove(List<WalFileName> names) throws StorageException {
        pipeline.ensureOpen();
        List<WalFileName> removed = store.remove(names);
        LOG.log(Level.INFO, "archive " + name + ": cleanup removed " + removed.size() + " objects from " + location);
        return removed;
    }

    /** Closed, the incoming area not writable, or the bucket not answering. */
    @Override
    public Optional<String> writeProblem() {
        Optional<String> local = pipeline.writeProblem();
        if (local.isPresent()) {
            return local;
        }
        try {
            objects.checkReachable();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(CommitPipeline.notWritable(name, e));
        }
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        objects.close();
    }
}
