package dev.walferry.server.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the receiver reaches its S3-compatible store; shared by all its S3 archives. Credentials come from the AWS
 * SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, web identity,
 * container or instance role), never from walferry's own configuration.
 *
 * @param endpoint  the store's URL (Ceph RGW, MinIO...), or null for AWS S3's regional endpoint
 * @param region    the signing region (any value for most S3-compatible stores)
 * @param pathStyle bucket in the path ({@code http://host/bucket/key}) rather than in the host name
 * @param timeout   one request's limit, retries included; a store that does not answer in time fails the transfer
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, Duration timeout) {

    /** Signing region when none is configured and AWS_REGION is unset. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The region to sign with: {@code configured}, else AWS_REGION or AWS_DEFAULT_REGION, else us-east-1. */
    public static String region(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String env : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return DEFAULT_REGION;
    }
}
