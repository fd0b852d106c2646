package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;

/**
 * A read-only view of an archive for the operator analyses (status, verify, show, cleanup selection): what is
 * stored, with the checksum recorded for each file, and the bytes themselves. {@link ArchiveReader} is the view of
 * an archive directory; an object-store archive has its own. Implementations take no lock and repair nothing.
 */
public interface ArchiveView {

    /** Where the archive lives, for messages: a directory path or an {@code s3://bucket/prefix} URL. */
    String location();

    /** Reads the binding, the stored files with their checksum records, and any temp files, once. */
    ArchiveSnapshot snapshot() throws StorageException;

    /** Opens a stored file for reading, without checking its checksum (verify does that itself). */
    InputStream open(WalFileName name) throws IOException;

    /** Bytes free for new files, or {@link #UNKNOWN_FREE_BYTES} when the store has no such limit to report. */
    long freeBytes() throws StorageException;

    /** {@link #freeBytes()} of a store that reports no free space (an object store). */
    long UNKNOWN_FREE_BYTES = -1;
}
