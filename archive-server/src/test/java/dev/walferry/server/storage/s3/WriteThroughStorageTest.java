package dev.walferry.server.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StorageOptions;
import dev.walferry.server.storage.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write-through archive acknowledges only what both its directory and its bucket hold. */
class WriteThroughStorageTest {

    @TempDir
    Path tmp;

    TestObjectStores.Handle bucket;
    DirectoryStorage dir;
    WriteThroughStorage both;

    @BeforeEach
    void open() throws Exception {
        bucket = TestObjectStores.inMemory();
        dir = DirectoryStorage.open("main", tmp.resolve("archive"), StorageOptions.defaults());
        both = new WriteThroughStorage(
                dir,
                S3Storage.open("main", bucket.store(), S3Location.parse("s3://test/main"), dir.incomingDirectory()));
    }

    @AfterEach
    void close() throws Exception {
        both.close();
    }

    @Test
    void store_putsTheFileInTheDirectoryAndTheBucket() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 1);
        byte[] seg = SyntheticSegments.segment(n, 1);

        CommitResult r = TestArchives.store(both, n, seg);

        assertEquals(Status.STORED, r.status(), r.message());
        assertArrayEquals(seg, Files.readAllBytes(dir.directory().resolve(n.toString())));
        assertArrayEquals(seg, bucket.content("main/" + n));
        assertEquals(0, Files.list(dir.incomingDirectory()).count(), "no temp file left");
    }

    @Test
    void store_bucketDown_failsWithoutTouchingTheDirectory_andTheRetryStoresIt() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 2);
        byte[] seg = SyntheticSegments.segment(n, 2);
        bucket.setDown(true);

        assertThrows(StorageException.class, () -> TestArchives.store(both, n, seg));

        assertFalse(Files.exists(dir.directory().resolve(n.toString())));
        assertEquals(0, Files.list(dir.incomingDirectory()).count());
        bucket.setDown(false);
        assertEquals(Status.STORED, TestArchives.store(both, n, seg).status());
    }

    @Test
    void store_inBucketAlready_isStoredLocally_andAcknowledged() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 3);
        byte[] seg = SyntheticSegments.segment(n, 3);
        TestArchives.store(
                S3Storage.open("main", bucket.store(), S3Location.parse("s3://test/main"), tmp.resolve("other")),
                n,
                seg);

        CommitResult r = TestArchives.store(both, n, seg);

        assertEquals(Status.STORED, r.status(), r.message());
        assertTrue(Files.exists(dir.directory().resolve(n.toString())));
    }

    @Test
    void store_otherContentInTheDirectory_isConflict_andNothingReachesTheBucket() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 4);
        TestArchives.store(dir, n, SyntheticSegments.segment(n, 4));

        CommitResult r = TestArchives.store(both, n, SyntheticSegments.segment(n, 5));

        assertEquals(Status.CONFLICT, r.status());
        assertFalse(bucket.has("main/" + n));
    }

    @Test
    void transfer_isWrittenToOneTempFile_inTheDirectorysIncomingArea() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 5);
        byte[] seg = SyntheticSegments.segment(n, 5);

        try (Incoming in = both.begin(n, seg.length)) {
            in.write(seg, 0, seg.length / 2);
            List<String> temps = TestArchives.incoming(dir.directory());
            assertEquals(1, temps.size(), temps.toString());
            assertTrue(temps.get(0).startsWith("in-" + n + "-"), temps.toString());
            in.write(seg, seg.length / 2, seg.length - seg.length / 2);
            assertEquals(Status.STORED, in.commit(Sha256.of(seg)).status());
        }
        assertArrayEquals(seg, bucket.content("main/" + n));
        assertArrayEquals(seg, Files.readAllBytes(dir.directory().resolve(n.toString())));
        assertEquals(List.of(), TestArchives.incoming(dir.directory()));
    }

    @Test
    void arrivalListener_hearsOfAFileOnce_whenBothHoldIt() throws Exception {
        List<WalFileName> arrived = new ArrayList<>();
        both.addArrivalListener(f -> {
            arrived.add(f.name());
            assertTrue(bucket.has("main/" + f.name())
                    && Files.exists(dir.directory().resolve(f.name().toString())));
        });
        WalFileName n = SyntheticSegments.name(1, 6);
        byte[] seg = SyntheticSegments.segment(n, 6);

        TestArchives.store(both, n, seg);
        TestArchives.store(both, n, seg);

        assertEquals(List.of(n), arrived);
    }

    @Test
    void segmentOfAnotherClusterThanTheBucket_isWrongCluster_andBindsNeitherStore() throws Exception {
        WalFileName first = SyntheticSegments.name(1, 1);
        TestArchives.store(
                S3Storage.open("main", bucket.store(), S3Location.parse("s3://test/main"), tmp.resolve("other")),
                first,
                SyntheticSegments.segment(first, 1));
        WalFileName n = SyntheticSegments.name(1, 7);

        CommitResult r = TestArchives.store(
                both,
                n,
                SyntheticSegments.segment(n, SyntheticSegments.OTHER_SYSTEM_ID, SyntheticSegments.SEGMENT_SIZE, 7));

        assertEquals(Status.WRONG_CLUSTER, r.status(), r.message());
        assertFalse(bucket.has("main/" + n));
        assertTrue(dir.binding().isEmpty(), "the directory is not bound to the refused cluster");
        assertEquals(List.of(), TestArchives.incoming(dir.directory()));
    }
}
