package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.server.storage.s3.ObjectInfo;
import dev.walferry.server.storage.s3.ObjectStore;
import dev.walferry.server.storage.s3.S3Location;
import dev.walferry.server.storage.s3.S3Storage;
import dev.walferry.server.storage.s3.S3TestBucket;
import dev.walferry.server.storage.s3.SdkObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real RADOS Gateway stopped in the middle of a push (after the receiver took the segment, before its upload):
 * the push fails with the storage exit code, nothing is acknowledged or left in the bucket, and the retry after the
 * gateway is back stores it.
 */
@Tag("s3")
class S3GatewayFaultTest {

    @TempDir
    Path tmp;

    @Test
    void gatewayStoppedMidPush_pushFailsNonZero_andNothingIsAcknowledged() throws Exception {
        String bucket = S3TestBucket.create("fault");
        StopGatewayOnUpload store = new StopGatewayOnUpload(SdkObjectStore.open(S3TestBucket.settings(), bucket));
        S3Storage s3 = S3Storage.open("main", store, S3Location.parse("s3://" + bucket + "/main"), tmp.resolve("in"));
        Path wal = Files.createDirectories(tmp.resolve("pg_wal"));
        Path seg = SyntheticWal.write(wal, 1, 1, 7300000000000000303L, 1);
        String name = seg.getFileName().toString();
        try (ReceiverFixture rx = new ReceiverFixture(tmp.resolve("rx"), tmp.resolve("tls"), Map.of("main", s3))) {
            Result failed;
            try {
                failed = rx.push(seg, name);
            } finally {
                S3TestBucket.gateway(true);
            }

            assertTrue(store.stopped, "the gateway was stopped during the push");
            assertEquals(ExitCode.STORAGE.code(), failed.code(), failed.err());
            assertTrue(failed.err().contains("receiver storage error for " + name), failed.err());
            assertTrue(
                    rx.logLines().stream().anyMatch(l -> l.contains("s3://" + bucket + "/main/" + name)),
                    "the receiver's log names the object: " + rx.logLines());
            try (var client = S3TestBucket.client()) {
                assertEquals(
                        0,
                        client.listObjectsV2(l -> l.bucket(bucket).prefix("main/0"))
                                .keyCount(),
                        "nothing in the bucket");
            }
            try (var left = Files.list(tmp.resolve("in"))) {
                assertFalse(left.findAny().isPresent(), "no temp file left");
            }

            Result retry = rx.push(seg, name);
            assertEquals(0, retry.code(), retry.err());
        }
    }

    /** Stops the real gateway just before the first upload of a WAL file, then lets the upload go on. */
    static final class StopGatewayOnUpload implements ObjectStore {
        private final ObjectStore real;
        volatile boolean stopped;

        StopGatewayOnUpload(ObjectStore real) {
            this.real = real;
        }

        @Override
        public PutOutcome putIfAbsent(String key, Path file, long size, byte[] md5, Map<String, String> metadata)
                throws IOException {
            if (!stopped) {
                stopped = true;
                try {
                    S3TestBucket.gateway(false);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop the gateway", e);
                }
            }
            return real.putIfAbsent(key, file, size, md5, metadata);
        }

        @Override
        public PutOutcome putIfAbsent(String key, byte[] content, Map<String, String> metadata) throws IOException {
            return real.putIfAbsent(key, content, metadata);
        }

        @Override
        public Optional<ObjectInfo> head(String key) throws IOException {
            return real.head(key);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return real.get(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return real.list(prefix);
        }

        @Override
        public void delete(String key) throws IOException {
            real.delete(key);
        }

        @Override
        public void checkReachable() throws IOException {
            real.checkReachable();
        }

        @Override
        public String bucket() {
            return real.bucket();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
