package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.server.storage.ArchiveBinding;
import dev.walferry.server.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 archive's binding: the object {@code PREFIX.walferry/binding}, in the text format of a directory archive's
 * binding file ({@link ArchiveBinding}). Created with {@code If-None-Match: *}, so that of two receivers binding one
 * archive at once, one wins and the other reads what won.
 */
final class S3Binding {

    private S3Binding() {}

    /** The binding in the bucket; empty when there is none yet. */
    static Optional<SegmentIdentity> read(ObjectStore store, S3Location location) throws StorageException {
        String key = location.bindingKey();
        try (InputStream in = store.get(key)) {
            return Optional.of(ArchiveBinding.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw StorageException.failed("archive binding " + location.url(key) + " is corrupt: " + e.getMessage());
        } catch (IOException e) {
            throw StorageException.failed("reading the binding " + location.url(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the binding for {@code id} unless one exists.
     *
     * @return the binding in force: {@code id}, or the one another receiver wrote first; {@code created} tells which
     */
    static SegmentIdentity create(ObjectStore store, S3Location location, SegmentIdentity id, Runnable created)
            throws StorageException {
        String key = location.bindingKey();
        byte[] text = ArchiveBinding.format(id).getBytes(StandardCharsets.US_ASCII);
        try {
            if (store.putIfAbsent(key, text, Map.of()) == ObjectStore.PutOutcome.CREATED) {
                created.run();
                return id;
            }
        } catch (IOException e) {
            throw StorageException.failed("writing the binding " + location.url(key) + ": " + e.getMessage(), e);
        }
        return read(store, location)
                .orElseThrow(() -> StorageException.failed(
                        "the binding " + location.url(key) + " was refused as existing, but cannot be read"));
    }
}
