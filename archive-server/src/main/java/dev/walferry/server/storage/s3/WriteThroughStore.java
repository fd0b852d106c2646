package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.server.storage.ArchiveBinding;
import dev.walferry.server.storage.DirectoryStore;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.Store;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Both stores of a write-through archive (docs/s3.md): a file is put remotely (the bucket) first, then locally (the
 * directory), from the same temp file, which lives in the directory's {@code incoming/} so that the local put can
 * rename it into place after the upload read it. It counts as stored when both have it; other content in either is
 * what the put answers (a CONFLICT), and a file with other content in the directory never reaches the bucket.
 */
public final class WriteThroughStore implements Store {

    private final DirectoryStore local;
    private final Store remote;

    WriteThroughStore(DirectoryStore local, Store remote) {
        this.local = local;
        this.remote = remote;
    }

    /** {@code DIR+s3://BUCKET/PREFIX}, as the archive is configured. */
    @Override
    public String location() {
        return local.location() + "+" + remote.location();
    }

    @Override
    public Path incomingDirectory() {
        return local.incomingDirectory();
    }

    @Override
    public boolean needsMd5() {
        return local.needsMd5() || remote.needsMd5();
    }

    /** The bucket's binding, then the directory's; the first that refuses {@code id}, else the directory's. */
    @Override
    public SegmentIdentity bind(SegmentIdentity id, Consumer<String> created) throws StorageException {
        SegmentIdentity far = remote.bind(id, created);
        return ArchiveBinding.admits(far, id) ? local.bind(id, created) : far;
    }

    /**
     * @return empty when at least one store took the file and both have it now; else the copy with other content,
     *         or, when both held this content already, the directory's
     */
    @Override
    public Optional<StoredFile> putIfAbsent(StoredFile file, Path content, byte[] md5) throws IOException {
        Optional<StoredFile> here = local.lookup(file.name());
        if (here.isPresent() && !here.get().hasSha256(file.sha256())) {
            return here; // refuse before the bucket gets a copy of this content
        }
        Optional<StoredFile> far = remote.putIfAbsent(file, content, md5);
        if (far.isPresent() && !far.get().hasSha256(file.sha256())) {
            return far;
        }
        Optional<StoredFile> near = local.putIfAbsent(file, content, md5);
        if (near.isPresent() && (far.isPresent() || !near.get().hasSha256(file.sha256()))) {
            return near;
        }
        return Optional.empty();
    }
}
