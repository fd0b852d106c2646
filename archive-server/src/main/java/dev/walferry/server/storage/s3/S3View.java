package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveSnapshot;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's view of an S3 archive: the listing, and for each file its SHA-256 metadata as the checksum record
 * (one HEAD per object: a listing carries no metadata). An object without that metadata has no record, which
 * verify reports. There are no temp files: an upload is a single PUT, and nothing partial is ever visible.
 */
final class S3View implements ArchiveView {

    private final ObjectStore store;
    private final S3Location location;

    S3View(ObjectStore store, S3Location location) {
        this.store = store;
        this.location = location;
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public ArchiveSnapshot snapshot() throws StorageException {
        try {
            List<ArchivedFile> files = new ArrayList<>();
            for (ObjectInfo o : store.list(location.prefix())) {
                String n = o.key().substring(location.prefix().length());
                if (!WalFileName.isValid(n)) {
                    continue;
                }
                Optional<ObjectInfo> h = store.head(o.key());
                if (h.isEmpty()) {
                    continue; // removed meanwhile
                }
                WalFileName name = WalFileName.parse(n);
                byte[] sha = S3Store.parseSha(h.get().sha256Hex());
                StoredFile record = sha == null
                        ? null
                        : new StoredFile(name, h.get().size(), sha, h.get().modifiedMillis());
                files.add(new ArchivedFile(name, h.get().size(), h.get().modifiedMillis(), record));
            }
            files.sort((a, b) -> a.name().compareTo(b.name()));
            return new ArchiveSnapshot(
                    location.toString(), S3Binding.read(store, location), List.copyOf(files), List.of());
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.failed("reading archive " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(WalFileName name) throws IOException {
        return store.get(location.key(name.toString()));
    }

    @Override
    public long freeBytes() {
        return UNKNOWN_FREE_BYTES;
    }
}
