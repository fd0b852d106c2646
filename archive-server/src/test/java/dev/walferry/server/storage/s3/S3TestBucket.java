package dev.walferry.server.storage.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real S3-compatible store of the S3 tests (tag "s3"): {@value #ENDPOINT_ENV} names it, and the standard AWS
 * variables carry the credentials. {@code scripts/ceph-up.sh} starts a Ceph RADOS Gateway on 127.0.0.1 and writes
 * these settings; {@code .ci/run} sets them only when the gateway answered. Without them every S3 test is skipped
 * with {@link #SKIPPED}.
 */
public final class S3TestBucket {

    public static final String ENDPOINT_ENV = "WALFERRY_S3_ENDPOINT";

    public static final String SKIPPED = "S3 tests skipped: " + ENDPOINT_ENV + " is not set (start a local Ceph RADOS "
            + "Gateway with scripts/ceph-up.sh, then '. /tmp/walferry-ceph/s3.env')";

    private S3TestBucket() {}

    /** The endpoint, or the test is skipped (JUnit assumption) with a message saying why. */
    public static URI endpoint() {
        String e = System.getenv(ENDPOINT_ENV);
        if (e == null || e.isBlank()) {
            System.err.println("walferry: " + SKIPPED);
        }
        assumeTrue(e != null && !e.isBlank(), SKIPPED);
        assumeTrue(
                System.getenv("AWS_ACCESS_KEY_ID") != null,
                "S3 tests skipped: " + ENDPOINT_ENV + " is set but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not");
        URI uri = URI.create(e);
        String down = answers(uri);
        if (down != null) {
            System.err.println("walferry: S3 tests skipped: " + down);
        }
        assumeTrue(down == null, () -> "S3 tests skipped: " + down);
        return uri;
    }

    /** Null when the endpoint answers HTTP at all (any status), else why not: an outage skips, never fails. */
    private static String answers(URI uri) {
        try {
            java.net.HttpURLConnection c =
                    (java.net.HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(5000);
            c.getResponseCode();
            c.disconnect();
            return null;
        } catch (java.io.IOException ex) {
            return ENDPOINT_ENV + "=" + uri + " does not answer (" + ex.getMessage() + ")";
        }
    }

    /** Settings for the test store: path-style, a short timeout. */
    public static S3Settings settings() {
        return new S3Settings(endpoint(), S3Settings.region(null), true, Duration.ofSeconds(20));
    }

    /** Creates a fresh bucket named from {@code hint} and returns its name. */
    public static String create(String hint) {
        String name =
                (hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID()).substring(0, 40);
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(name));
        }
        return name;
    }

    /** A plain SDK client for the test store, to look behind walferry's back. */
    public static S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Settings.region(null)))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /**
     * Stops ({@code false}) or starts again ({@code true}) the RADOS Gateway of the cluster that
     * {@code scripts/ceph-up.sh} started, with its own scripts; the test is skipped when there is none (an external
     * endpoint).
     */
    public static void gateway(boolean up) throws Exception {
        String dir = System.getenv("WALFERRY_CEPH_DIR");
        java.nio.file.Path scripts = java.nio.file.Path.of(System.getProperty("user.dir"))
                .getParent()
                .resolve("scripts");
        assumeTrue(
                dir != null && java.nio.file.Files.isExecutable(scripts.resolve("ceph-up.sh")),
                "gateway fault test skipped: the endpoint is not a gateway started by scripts/ceph-up.sh");
        ProcessBuilder pb = new ProcessBuilder(
                        scripts.resolve(up ? "ceph-up.sh" : "ceph-down.sh").toString(), "--rgw-only")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CEPH_DIR", dir);
        Process p = pb.start();
        if (!p.waitFor(150, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("could not " + (up ? "start" : "stop") + " the RADOS Gateway");
        }
    }
}
