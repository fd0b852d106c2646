package dev.walferry.server.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.inspect.VerifyReport;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3Storage} on {@link SdkObjectStore} against a real S3-compatible store (a Ceph RADOS Gateway in CI). */
@Tag("s3")
class S3StorageCephTest {

    @TempDir
    Path tmp;

    String bucket;
    SdkObjectStore store;
    S3Storage s3;

    @BeforeEach
    void open() throws Exception {
        bucket = S3TestBucket.create("storage");
        store = SdkObjectStore.open(S3TestBucket.settings(), bucket);
        s3 = S3Storage.open("main", store, S3Location.parse("s3://" + bucket + "/main"), tmp.resolve("in"));
    }

    @AfterEach
    void close() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void store_newSegment_isAnObjectWithSha256Metadata_readBackVerified() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 1);
        byte[] seg = SyntheticSegments.segment(n, 1);

        assertEquals(Status.STORED, S3StorageTest.push(s3, n, seg).status());

        var head = S3TestBucket.client().headObject(h -> h.bucket(bucket).key("main/" + n));
        assertEquals(HexFormat.of().formatHex(Sha256.of(seg)), head.metadata().get("sha256"));
        assertEquals(seg.length, head.contentLength());
        StoredFile f = s3.lookup(n).orElseThrow();
        try (InputStream in = s3.open(f)) {
            assertArrayEquals(seg, in.readAllBytes());
        }
    }

    @Test
    void conditionalPut_onAnExistingKey_isRefusedByTheStore_andNothingIsOverwritten() throws Exception {
        byte[] first = "first".getBytes();
        assertEquals(ObjectStore.PutOutcome.CREATED, store.putIfAbsent("k", first, Map.of()));

        assertEquals(ObjectStore.PutOutcome.EXISTS, store.putIfAbsent("k", "second".getBytes(), Map.of()));

        try (InputStream in = store.get("k")) {
            assertArrayEquals(first, in.readAllBytes());
        }
    }

    @Test
    void twoReceiversOnOneBucket_shareFilesBindingAndTheNeverOverwriteRule() throws Exception {
        S3Storage other = S3Storage.open(
                "main",
                SdkObjectStore.open(S3TestBucket.settings(), bucket),
                S3Location.parse("s3://" + bucket + "/main"),
                tmp.resolve("other"));
        WalFileName n = SyntheticSegments.name(1, 2);
        byte[] seg = SyntheticSegments.segment(n, 2);
        assertEquals(Status.STORED, S3StorageTest.push(s3, n, seg).status());

        assertEquals(Status.ALREADY_PRESENT, S3StorageTest.push(other, n, seg).status());
        assertEquals(
                Status.CONFLICT,
                S3StorageTest.push(other, n, SyntheticSegments.segment(n, 3)).status());
        WalFileName alien = SyntheticSegments.name(1, 3);
        assertEquals(
                Status.WRONG_CLUSTER,
                S3StorageTest.push(
                                other,
                                alien,
                                SyntheticSegments.segment(
                                        alien, SyntheticSegments.OTHER_SYSTEM_ID, SyntheticSegments.SEGMENT_SIZE, 3))
                        .status());
        assertEquals(List.of(n), other.list().stream().map(StoredFile::name).toList());
        other.close();
    }

    @Test
    void verify_onTheBucket_passes_andRemoveDeletes() throws Exception {
        for (int i = 1; i <= 3; i++) {
            WalFileName n = SyntheticSegments.name(1, i);
            S3StorageTest.push(s3, n, SyntheticSegments.segment(n, i));
        }

        VerifyReport r = Verifier.run(s3.view(), 2, (d, t) -> {});

        assertEquals(3, r.files());
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        s3.remove(List.of(SyntheticSegments.name(1, 1)));
        assertThrows(NoSuchFileException.class, () -> store.get("main/" + SyntheticSegments.name(1, 1)));
        assertEquals(2, s3.view().snapshot().files().size());
    }

    @Test
    void unreachableEndpoint_failsOpenNamingTheBucket() {
        S3Settings nowhere = new S3Settings(URI.create("http://127.0.0.1:9"), "us-east-1", true, Duration.ofSeconds(5));
        SdkObjectStore dead = SdkObjectStore.open(nowhere, bucket);

        StorageException e = assertThrows(
                StorageException.class,
                () -> S3Storage.open("main", dead, S3Location.parse("s3://" + bucket + "/main"), tmp.resolve("dead")));

        assertTrue(e.getMessage().contains("s3://" + bucket), e.getMessage());
    }
}
