package dev.walferry.server.storage;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An archive kept in two stores at once ({@code serve --archive NAME=DIR+s3://...}): a local directory for fast
 * restores and pg_standby-style use, and a remote store (the bucket) for durability beyond the host. A transfer is
 * written to both as it arrives; its commit stores it remotely first, then locally, and is acknowledged only when
 * both have it durably. A failure in either leaves no acknowledgement (a copy already in the other store makes the
 * sender's retry ALREADY_PRESENT there). Different content in either store is a CONFLICT, and nothing is written.
 *
 * <p>Lookups and reads prefer the local directory and fall back to the bucket (files stored through another receiver
 * of the same bucket). Listeners hear of a file once it is in the local directory, i.e. in both. Operator requests see
 * the bucket ({@link #view()}): it is the durable copy; {@code walferry archive ... --dir DIR} checks the directory.
 */
public final class WriteThroughStorage implements ArchiveStorage {

    private final ArchiveStorage local;
    private final ArchiveStorage remote;

    /** @param local the directory archive; {@code remote} the object-store archive; both of the same name */
    public WriteThroughStorage(ArchiveStorage local, ArchiveStorage remote) {
        if (!local.name().equals(remote.name())) {
            throw new IllegalArgumentException("archives " + local.name() + " and " + remote.name() + " differ");
        }
        this.local = local;
        this.remote = remote;
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
        Incoming toRemote = remote.begin(name, declaredSize);
        try {
            return new Both(name, local.begin(name, declaredSize), toRemote, this.local);
        } catch (IOException | RuntimeException e) {
            toRemote.close();
            throw e;
        }
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
        local.addArrivalListener(listener);
    }

    @Override
    public void removeArrivalListener(Consumer<StoredFile> listener) {
        local.removeArrivalListener(listener);
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
        try {
            remote.close();
        } finally {
            local.close();
        }
    }

    /** One transfer written to both stores. */
    private static final class Both implements Incoming {
        private final WalFileName name;
        private final Incoming local;
        private final Incoming remote;
        private final ArchiveStorage localStore;

        Both(WalFileName name, Incoming local, Incoming remote, ArchiveStorage localStore) {
            this.name = name;
            this.local = local;
            this.remote = remote;
            this.localStore = localStore;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            try {
                remote.write(src.duplicate());
                local.write(src);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public long written() {
            return local.written();
        }

        @Override
        public CommitResult commit(byte[] claimedSha256) throws IOException {
            CommitResult far;
            try {
                // other content already in the directory: refuse before the bucket gets a copy of this one
                Optional<StoredFile> here = localStore.lookup(name);
                if (here.isPresent() && claimedSha256 != null && !here.get().hasSha256(claimedSha256)) {
                    close();
                    return CommitResult.existing(here.get(), claimedSha256);
                }
                far = remote.commit(claimedSha256);
            } catch (IOException | RuntimeException e) {
                local.close();
                throw e;
            }
            if (!far.isStoredDurably()) {
                local.close();
                return far;
            }
            CommitResult near = local.commit(claimedSha256);
            if (!near.isStoredDurably()) {
                return near;
            }
            Status status = far.status() == Status.STORED || near.status() == Status.STORED ? Status.STORED
                    : Status.ALREADY_PRESENT;
            return new CommitResult(status, near.file(), status == Status.STORED
                    ? name + " stored in the directory and the bucket (" + near.status() + " / " + far.status() + ")"
                    : near.message());
        }

        @Override
        public void close() {
            try {
                remote.close();
            } finally {
                local.close();
            }
        }
    }
}
