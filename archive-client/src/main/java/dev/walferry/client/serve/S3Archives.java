package dev.walferry.client.serve;

import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.WriteThroughStorage;
import dev.walferry.server.storage.s3.S3Settings;
import dev.walferry.server.storage.s3.S3Storage;
import dev.walferry.server.storage.s3.SdkObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the S3 side of {@code --archive NAME=s3://...} and {@code NAME=DIR+s3://...} (docs/s3.md). The only class of
 * the command line that touches the AWS SDK, whose jars are on the class path of {@code serve} alone.
 */
final class S3Archives {

    /** How bucket names go into request URLs. */
    enum Addressing {
        /** {@code http://host/BUCKET/key} with --s3-endpoint, else virtual. */
        AUTO,
        /** {@code http://host/BUCKET/key}: Ceph RGW, MinIO and most S3-compatible stores. */
        PATH,
        /** {@code http://BUCKET.host/key}: AWS S3. */
        VIRTUAL
    }

    private S3Archives() {
    }

    /**
     * The archive {@code a} names: its bucket, or with {@code dir} the write-through pair.
     *
     * @param dir the archive's directory storage, already open, or null for a bucket-only archive
     */
    static ArchiveStorage open(ServeCommand c, ArchiveSpec a, DirectoryStorage dir) throws IOException {
        boolean pathStyle = c.s3Addressing == Addressing.PATH
                || c.s3Addressing == Addressing.AUTO && c.s3Endpoint != null;
        S3Settings settings = new S3Settings(c.s3Endpoint, S3Settings.region(c.s3Region), pathStyle,
                Duration.ofSeconds(c.s3TimeoutSeconds));
        Path incoming = dir != null ? dir.incomingDirectory()
                : (c.s3TempDir != null ? c.s3TempDir : Path.of(System.getProperty("java.io.tmpdir")))
                        .resolve("walferry-s3-" + a.name());
        SdkObjectStore store = SdkObjectStore.open(settings, a.s3().bucket());
        S3Storage s3;
        try {
            s3 = S3Storage.open(a.name(), store, a.s3(), incoming);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return dir == null ? s3 : new WriteThroughStorage(dir, s3);
    }
}
