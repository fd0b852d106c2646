package dev.walferry.server.storage.s3;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few object-store operations an S3 archive needs, on one bucket. {@link SdkObjectStore} does them with the AWS
 * SDK against any S3-compatible store; tests of {@link S3Storage}'s rules may use a map. Failures are
 * {@link ObjectStoreException}s naming the operation, the {@code s3://} URL and the cause.
 */
public interface ObjectStore extends Closeable {

    /** User-metadata key of an object's SHA-256 (hex); S3 sends it as {@code x-amz-meta-sha256}. */
    String SHA256_METADATA = "sha256";

    /** How a conditional put ended. */
    enum PutOutcome {
        /** The object was created: the store answered 200 to the PUT. */
        CREATED,
        /** An object of that key already exists; nothing was written (412 to {@code If-None-Match: *}). */
        EXISTS
    }

    /** The object's size, metadata and time; empty when there is none. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /**
     * Creates {@code key} from {@code file} ({@code size} bytes) with user metadata, only if no object of that key
     * exists ({@code If-None-Match: *}). {@code md5} (16 bytes) is sent as Content-MD5, so the store refuses a body
     * damaged on the way.
     */
    PutOutcome putIfAbsent(String key, Path file, long size, byte[] md5, Map<String, String> metadata)
            throws IOException;

    /** As {@link #putIfAbsent(String, Path, long, byte[], Map)} for a small object held in memory. */
    PutOutcome putIfAbsent(String key, byte[] content, Map<String, String> metadata) throws IOException;

    /**
     * Opens an object for reading.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    InputStream get(String key) throws IOException;

    /** The objects whose keys are {@code prefix} followed by a name without "/", in key order (no metadata). */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes an object; deleting one that does not exist succeeds. */
    void delete(String key) throws IOException;

    /** Checks that the bucket exists and answers. */
    void checkReachable() throws IOException;

    /** The bucket's name. */
    String bucket();
}
