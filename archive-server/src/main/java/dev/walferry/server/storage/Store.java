package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the {@link CommitPipeline} puts an archive's files: the few steps of a commit that differ between a local
 * directory ({@link DirectoryStore}), an S3 bucket ({@code s3.S3Store}) and both at once ({@code s3.WriteThroughStore}).
 * The rules (size, WAL header, checksum, binding, never overwrite, listeners) are the pipeline's; a store only keeps
 * the binding and the files (docs/storage.md, "Storing a file").
 */
public interface Store {

    /** Where the archive lives, for messages: a directory, an {@code s3://} URL, or {@code DIR+s3://...}. */
    String location();

    /**
     * The local directory a transfer's temp file is written to: for a directory archive its {@code incoming/} (same
     * file system, so the file can be renamed into place).
     */
    Path incomingDirectory();

    /** True when {@link #putIfAbsent} needs the content's MD5 (an upload's Content-MD5). */
    boolean needsMd5();

    /**
     * The binding in force, binding the archive to {@code id} where it has none yet.
     *
     * @param created called with the {@link #location()} of each store this call bound (the pipeline logs it)
     * @return the binding {@code id} must fit; when several apply, one that {@code id} does not fit, if any
     */
    SegmentIdentity bind(SegmentIdentity id, Consumer<String> created) throws StorageException;

    /**
     * Stores {@code content} (complete, hashing to {@code file}'s SHA-256) as {@code file} unless a file of that name
     * is already there; then nothing is written and that file is returned.
     *
     * @param content the transfer's temp file; the store may move it away
     * @param md5     the content's MD5 when {@link #needsMd5()}, else null
     * @return empty when {@code file} is now durably stored; else the file already stored under its name
     * @throws StorageException naming the step and place that failed; the store is then as it was
     */
    Optional<StoredFile> putIfAbsent(StoredFile file, Path content, byte[] md5) throws IOException;
}
