package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import java.util.Objects;
import java.util.Optional;

/**
 * A file found in an archive directory by {@link ArchiveReader}, with its checksum record if it has one.
 *
 * @param name           the PostgreSQL file name
 * @param size           bytes on disk now
 * @param modifiedMillis last modification time (epoch milliseconds)
 * @param record         what the checksum log says about it, null when it has no record
 */
public record ArchivedFile(WalFileName name, long size, long modifiedMillis, StoredFile record) {

    public ArchivedFile {
        Objects.requireNonNull(name, "name");
    }

    public Optional<StoredFile> checksumRecord() {
        return Optional.ofNullable(record);
    }

    /** When it was stored: the record's time, or the file's modification time without one. */
    public long storedAtMillis() {
        return record != null ? record.storedAtMillis() : modifiedMillis;
    }
}
