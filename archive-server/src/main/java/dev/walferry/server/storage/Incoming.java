package dev.walferry.server.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One transfer into an archive: bytes are written to a temp file and hashed on the way; {@link #commit}
 * makes them part of the archive or refuses them. Not thread-safe. {@link #close()} without a commit aborts
 * (the temp file is deleted); after a commit it does nothing. After any {@link StorageException} the
 * transfer is already aborted.
 */
public interface Incoming extends Closeable {

    /**
     * Appends bytes.
     *
     * @throws StorageException with status BAD_REQUEST when they would exceed the declared size, or on an
     *                          I/O failure (NO_SPACE when the disk is full); the transfer is then aborted
     */
    void write(ByteBuffer src) throws IOException;

    /** Appends {@code len} bytes of {@code b} from {@code off}; see {@link #write(ByteBuffer)}. */
    default void write(byte[] b, int off, int len) throws IOException {
        write(ByteBuffer.wrap(b, off, len));
    }

    /** Bytes written so far. */
    long written();

    /**
     * Checks the transfer and, if it passes, stores the file durably before returning.
     *
     * @param claimedSha256 the SHA-256 the sender declared for the content
     * @return the outcome; only STORED and ALREADY_PRESENT mean the file is in the archive
     * @throws StorageException when a storage step failed; the archive is then unchanged
     */
    CommitResult commit(byte[] claimedSha256) throws IOException;

    /** Aborts the transfer unless it was committed. */
    @Override
    void close();
}
