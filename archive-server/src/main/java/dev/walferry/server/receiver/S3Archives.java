package dev.walferry.server.receiver;

import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.s3.S3Settings;
import dev.walferry.server.storage.s3.S3Storage;
import dev.walferry.server.storage.s3.SdkObjectStore;
import dev.walferry.server.storage.s3.WriteThroughStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the S3 side of {@code --archive NAME=s3://...} and {@code NAME=DIR+s3://...} (docs/s3.md). The only class of
 * the receiver's start-up that touches the AWS SDK, whose jars are on the class path of {@code serve} alone.
 */
final class S3Archives {

    private S3Archives() {}

    /**
     * The archive {@code a} names: its bucket, or with {@code dir} the write-through pair.
     *
     * @param dir the archive's directory storage, already open, or null for a bucket-only archive
     */
    static ArchiveStorage open(ReceiverConfig.S3Options c, ArchiveSpec a, DirectoryStorage dir) throws IOException {
        boolean pathStyle = c.addressing() == ReceiverConfig.Addressing.PATH
                || (c.addressing() == ReceiverConfig.Addressing.AUTO && c.endpoint() != null);
        S3Settings settings = new S3Settings(c.endpoint(), S3Settings.region(c.region()), pathStyle, c.timeout());
        Path incoming = dir != null
                ? dir.incomingDirectory()
                : (c.tempDir() != null ? c.tempDir() : Path.of(System.getProperty("java.io.tmpdir")))
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
