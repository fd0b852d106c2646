package dev.walferry.server.storage.s3;

import java.util.Objects;

/**
 * Where an archive lives in an object store: a bucket and a key prefix ({@code s3://BUCKET/PREFIX}). The archive's
 * files are the objects {@code PREFIX<walfile>}; walferry's own state is under {@code PREFIX.walferry/}, which is not
 * a WAL name, so listings skip it.
 *
 * @param bucket the bucket name (3-63 lower-case letters, digits, '.', '-')
 * @param prefix empty, or a key prefix ending in "/"
 */
public record S3Location(String bucket, String prefix) {

    /** Bucket names as S3 allows them (the strict, DNS-compatible rule). */
    private static final String BUCKET_RULE = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

    /** Key of the archive binding object, below the prefix. */
    static final String BINDING = ".walferry/binding";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (!bucket.matches(BUCKET_RULE)) {
            throw new IllegalArgumentException(
                    "\"" + bucket + "\" is not a valid bucket name (3-63 lower-case " + "letters, digits, '.' or '-')");
        }
        if (!prefix.isEmpty()
                && (!prefix.endsWith("/")
                        || prefix.startsWith("/")
                        || prefix.contains("//")
                        || prefix.contains(".."))) {
            throw new IllegalArgumentException("\"" + prefix + "\" is not a usable key prefix");
        }
    }

    /**
     * Parses {@code s3://BUCKET} or {@code s3://BUCKET/PREFIX} (a trailing "/" is added to PREFIX).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static S3Location parse(String url) {
        if (!url.startsWith("s3://")) {
            throw new IllegalArgumentException("\"" + url + "\" does not start with s3://");
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return new S3Location(bucket, prefix);
    }

    /** The key of a stored file. */
    String key(String fileName) {
        return prefix + fileName;
    }

    String bindingKey() {
        return prefix + BINDING;
    }

    /** The {@code s3://} URL of a key in this bucket. */
    String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
