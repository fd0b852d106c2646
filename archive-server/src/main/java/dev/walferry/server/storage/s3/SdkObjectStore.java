package dev.walferry.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} with the AWS SDK for Java v2 and the JDK's HTTP client (no Netty, no Apache HttpClient).
 * Settings that S3-compatible stores need (Ceph 16 answers 400 otherwise): checksums only where an operation
 * requires them, path-style addressing when configured, the endpoint override.
 */
public final class SdkObjectStore implements ObjectStore {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    /** HTTP 412: {@code If-None-Match: *} found an object. */
    private static final int PRECONDITION_FAILED = 412;
    /** HTTP 501: the store does not implement conditional writes. */
    private static final int NOT_IMPLEMENTED = 501;

    private final S3Client s3;
    private final String bucket;
    private volatile boolean conditionalWrites = true;

    private SdkObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A client for {@code bucket} with {@code settings}; nothing is sent yet. */
    public static SdkObjectStore open(S3Settings settings, String bucket) {
        Duration t = settings.timeout();
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(t)
                        .build())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallTimeout(t));
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        return new SdkObjectStore(b.build(), bucket);
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            HeadObjectResponse r = s3.headObject(h -> h.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(
                    key,
                    r.contentLength(),
                    r.metadata().get(SHA256_METADATA),
                    r.lastModified() == null ? 0 : r.lastModified().toEpochMilli()));
        } catch (SdkException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            throw failure("HEAD", key, e);
        }
    }

    @Override
    public PutOutcome putIfAbsent(String key, Path file, long size, byte[] md5, Map<String, String> metadata)
            throws IOException {
        return put(key, RequestBody.fromFile(file), size, md5, metadata);
    }

    @Override
    public PutOutcome putIfAbsent(String key, byte[] content, Map<String, String> metadata) throws IOException {
        return put(key, RequestBody.fromBytes(content), content.length, md5(content), metadata);
    }

    private PutOutcome put(String key, RequestBody body, long size, byte[] md5, Map<String, String> metadata)
            throws IOException {
        if (!conditionalWrites && head(key).isPresent()) {
            return PutOutcome.EXISTS;
        }
        PutObjectRequest.Builder req = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(size)
                .contentMD5(Base64.getEncoder().encodeToString(md5))
                .metadata(metadata);
        try {
            s3.putObject((conditionalWrites ? req.ifNoneMatch("*") : req).build(), body);
            return PutOutcome.CREATED;
        } catch (SdkException e) {
            int status = status(e);
            if (status == PRECONDITION_FAILED) {
                return PutOutcome.EXISTS;
            }
            if (status == NOT_IMPLEMENTED && conditionalWrites) {
                conditionalWrites = false;
                LOG.log(
                        Level.WARNING,
                        "bucket " + bucket + " does not support conditional writes (If-None-Match);"
                                + " falling back to check-then-put: never-overwrite then holds only between this receiver's"
                                + " own transfers");
                return put(key, body, size, md5, metadata);
            }
            throw failure("PUT", key, e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return s3.getObject(g -> g.bucket(bucket).key(key));
        } catch (SdkException e) {
            if (status(e) == 404) {
                throw new NoSuchFileException(url(key));
            }
            throw failure("GET", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            ListObjectsV2Request req = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .delimiter("/")
                    .build();
            for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
                out.add(new ObjectInfo(
                        o.key(),
                        o.size(),
                        null,
                        o.lastModified() == null ? 0 : o.lastModified().toEpochMilli()));
            }
        } catch (SdkException e) {
            throw failure("LIST", prefix, e);
        }
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("DELETE", key, e);
        }
    }

    @Override
    public void checkReachable() throws IOException {
        try {
            s3.headBucket(h -> h.bucket(bucket));
        } catch (SdkException e) {
            throw new ObjectStoreException("bucket s3://" + bucket + " is not reachable: " + cause(e), status(e), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private ObjectStoreException failure(String op, String key, SdkException e) {
        return new ObjectStoreException(op + " " + url(key) + " failed: " + cause(e), status(e), e);
    }

    private static int status(SdkException e) {
        return e instanceof SdkServiceException s ? s.statusCode() : 0;
    }

    /** One line: the store's status and error code, or the client-side cause (connection refused, timeout). */
    private static String cause(SdkException e) {
        if (e instanceof SdkServiceException s) {
            String code = s instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                            && a.awsErrorDetails() != null
                    ? a.awsErrorDetails().errorCode()
                    : null;
            return "HTTP " + s.statusCode() + (code != null ? " " + code : "");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = m.indexOf('\n');
        m = cut > 0 ? m.substring(0, cut) : m;
        return root != e && root.getMessage() != null ? m + " (" + root.getMessage() + ")" : m;
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}
