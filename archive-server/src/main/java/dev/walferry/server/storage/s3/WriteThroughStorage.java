package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.CommitPipeline;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An archive kept in two stores at once ({@code serve --archive NAME=DIR+s3://...}): a local directory for fast
 * restores and pg_standby-style use, and a bucket for durability beyond the host. A transfer is written once, to one
 * temp file in the directory's incoming area, hashed once; its commit ({@link CommitPipeline}) uploads it to the
 * bucket first, then renames it into the directory ({@link WriteThroughStore}), and is acknowledged only when both
 * have it durably. A failure in either leaves no acknowledgement (a copy already in the other store makes the
 * sender's retry ALREADY_PRESENT there). Different content in either store is a CONFLICT, and nothing is written.
 *
 * <p>Lookups and reads prefer the local directory and fall back to the bucket (files stored through another receiver
 * of the same bucket). Listeners hear of a file once it is in both. Operator requests see the bucket ({@link #view()}):
 * it is the durable copy; {@code walferry archive ... --dir DIR} checks the directory.
 */
public final class WriteThroughStorage implements ArchiveStorage {

    private final DirectoryStorage local;
    private final S3Storage remote;
    private final CommitPipeline pipeline;

    /** @param local the directory archive; {@code remote} the bucket archive; both of the same name */
    public WriteThroughStorage(DirectoryStorage local, S3Storage remote) {
        if (!local.name().equals(remote.name())) {
            throw new IllegalArgumentException("archives " + local.name() + " and " + remote.name() + " differ");
        }
        this.local = local;
        this.remote = remote;
        this.pipeline = new CommitPipeline(
                local.name(),
                new WriteThroughStore(local.store(), remote.store()),
                local.store().files());
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public Optional<StoredFile> lookup(WalFileName name) throws IOException {
        Optional<StoredFile> here = local.lookup(name);
        return here.isPresent() ? here : remote.lookup(name);
    }

    /** The union of both stores; the local record wins for a name in both. */
    @Override
    public List<StoredFile> list() throws IOException {
        Map<WalFileName, StoredFile> all = new TreeMap<>();
        remote.list().forEach(f -> all.put(f.name(), f));
        local.list().forEach(f -> all.put(f.name(), f));
        return List.copyOf(all.values());
    }

    @Override
    public Optional<SegmentIdentity> binding() {
        Optional<SegmentIdentity> b = local.binding();
        return b.isPresent() ? b : remote.binding();
    }

    @Override
    public Incoming begin(WalFileName name, long declaredSize) throws IOException {
        return pipeline.begin(name, declaredSize);
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
        if (local.lookup(file.name()).isPresent()) {
            try {
                return local.open(file);
            } catch (NoSuchFileException e) {
                // removed locally (pg_archivecleanup); the bucket may still have it
            }
        }
        return remote.open(file);
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
    public ArchiveView view() throws StorageException {
        return remote.view();
    }

    /** Removes from the bucket, then from the directory. */
    @Override
    public List<WalFileName> remove(List<WalFileName> names) throws StorageException {
        List<WalFileName> removed = remote.remove(names);
        local.remove(names);
        return removed;
    }

    @Override
    public Optional<String> writeProblem() {
        Optional<String> p = local.writeProblem();
        return p.isPresent() ? p : remote.writeProblem();
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        try {
            remote.close();
        } finally {
            local.close();
        }
    }
}
