package dev.walferry.server.receiver;

import dev.walferry.protocol.ReceiverAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@link Receiver} needs to start, as plain values (the command line's {@code walferry serve} options and
 * receiver.conf keys, docs/configuration.md, converted and checked for form).
 *
 * @param listen        the address to listen on; port 0 for any free port
 * @param archives      the archives, each name once
 * @param allows        which identity may use which archive; an archive with no rule is open to every CA client
 * @param tlsDir        directory with ca.crt, server.crt and server.key; re-read on reload
 * @param ioThreads     threads for blocking storage work, shared by connections
 * @param fsyncWarn     log a warning when one fsync takes longer
 * @param metricsListen where /metrics and /health are served, or null for none
 * @param s3            how bucket archives are reached
 */
public record ReceiverConfig(
        ReceiverAddress listen,
        List<ArchiveSpec> archives,
        List<AllowSpec> allows,
        Path tlsDir,
        int ioThreads,
        Duration fsyncWarn,
        ReceiverAddress metricsListen,
        S3Options s3) {

    public ReceiverConfig {
        archives = List.copyOf(archives);
        allows = List.copyOf(allows);
    }

    /** How bucket names go into request URLs. */
    public enum Addressing {
        /** {@code http://host/BUCKET/key} with an endpoint, else virtual. */
        AUTO,
        /** {@code http://host/BUCKET/key}: Ceph RGW, MinIO and most S3-compatible stores. */
        PATH,
        /** {@code http://BUCKET.host/key}: AWS S3. */
        VIRTUAL
    }

    /**
     * The S3 settings of every bucket archive (docs/s3.md).
     *
     * @param endpoint   the store's URL, or null for AWS S3 in {@code region}
     * @param region     the signing region, or null for AWS_REGION, else us-east-1
     * @param addressing path or virtual-host style
     * @param timeout    the longest one S3 request may take, retries included
     * @param tempDir    where transfers into bucket-only archives wait for their upload; null for the system temp dir
     */
    public record S3Options(URI endpoint, String region, Addressing addressing, Duration timeout, Path tempDir) {}
}
