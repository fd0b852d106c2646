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
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3Storage}'s rules on an in-memory store; {@code S3StorageCephTest} runs them against a real gateway. */
class S3StorageTest {

    static final S3Location AT = S3Location.parse("s3://test/main");

    @TempDir
    Path tmp;

    MapObjectStore store;
    S3Storage s3;

    @BeforeEach
    void open() throws IOException {
        store = new MapObjectStore();
        s3 = S3Storage.open("main", store, AT, tmp.resolve("incoming"));
    }

    static CommitResult push(S3Storage s, WalFileName name, byte[] content) throws IOException {
        try (Incoming in = s.begin(name, content.length)) {
            for (int off = 0; off < content.length; off += 100_000) {
                in.write(content, off, Math.min(100_000, content.length - off));
            }
            return in.commit(Sha256.of(content));
        }
    }

    @Test
    void store_newSegment_putsObjectWithSha256Metadata_andBindsTheArchive() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 3);
        byte[] seg = SyntheticSegments.segment(n, 1);

        CommitResult r = push(s3, n, seg);

        assertEquals(Status.STORED, r.status(), r.message());
        MapObjectStore.Stored o = store.objects.get("main/" + n);
        assertArrayEquals(seg, o.content());
        assertEquals(HexFormat.of().formatHex(Sha256.of(seg)), o.metadata().get("sha256"));
        String binding = new String(store.objects.get("main/.walferry/binding").content(), StandardCharsets.US_ASCII);
        assertTrue(
                binding.contains("system_identifier=" + Long.toUnsignedString(SyntheticSegments.SYSTEM_ID)), binding);
        assertEquals(SyntheticSegments.SYSTEM_ID, s3.binding().orElseThrow().systemIdentifier());
        assertEquals(0, Files.list(tmp.resolve("incoming")).count(), "temp file deleted");
    }

    @Test
    void store_identicalRepush_isAlreadyPresent_withoutAnotherPut() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 4);
        byte[] seg = SyntheticSegments.segment(n, 2);
        push(s3, n, seg);
        int puts = store.puts;

        assertEquals(Status.ALREADY_PRESENT, push(s3, n, seg).status());
        assertEquals(puts, store.puts);
    }

    @Test
    void store_differentContent_isConflict_andKeepsTheStoredObject() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 5);
        byte[] first = SyntheticSegments.segment(n, 3);
        push(s3, n, first);

        CommitResult r = push(s3, n, SyntheticSegments.segment(n, 4));

        assertEquals(Status.CONFLICT, r.status());
        assertTrue(r.message().contains("already archived with different content"), r.message());
        assertArrayEquals(first, store.objects.get("main/" + n).content());
    }

    @Test
    void store_racedByAnotherReceiver_comparesWhatWon() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 6);
        byte[] theirs = SyntheticSegments.segment(n, 5);
        S3Storage other = S3Storage.open("main", store, AT, tmp.resolve("other"));
        store.beforeNextPut = () -> {
            try {
                assertEquals(Status.STORED, push(other, n, theirs).status());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };

        CommitResult r = push(s3, n, SyntheticSegments.segment(n, 6));

        assertEquals(Status.CONFLICT, r.status(), "the conditional put lost and the winner differs");
        assertArrayEquals(theirs, store.objects.get("main/" + n).content());
    }

    @Test
    void store_segmentOfAnotherCluster_isWrongCluster_evenThroughAnotherReceiver() throws Exception {
        push(s3, SyntheticSegments.name(1, 1), SyntheticSegments.segment(SyntheticSegments.name(1, 1), 1));
        S3Storage other = S3Storage.open("main", store, AT, tmp.resolve("other"));
        WalFileName n = SyntheticSegments.name(1, 2);

        CommitResult r = push(
                other,
                n,
                SyntheticSegments.segment(n, SyntheticSegments.OTHER_SYSTEM_ID, SyntheticSegments.SEGMENT_SIZE, 2));

        assertEquals(Status.WRONG_CLUSTER, r.status(), r.message());
        assertFalse(store.objects.containsKey("main/" + n));
    }

    @Test
    void store_whileTheStoreIsDown_failsNamingTheKey_andLeavesNothing() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 7);
        byte[] seg = SyntheticSegments.segment(n, 7);
        push(s3, SyntheticSegments.name(1, 1), SyntheticSegments.segment(SyntheticSegments.name(1, 1), 1));
        store.down = true;

        StorageException e = assertThrows(StorageException.class, () -> push(s3, n, seg));

        assertEquals(Status.STORAGE_ERROR, e.status());
        assertTrue(
                e.getMessage().contains("s3://test/main/" + n) && e.getMessage().contains("Connection refused"),
                e.getMessage());
        store.down = false;
        assertFalse(store.objects.containsKey("main/" + n));
        assertEquals(0, Files.list(tmp.resolve("incoming")).count(), "temp file deleted");
    }

    @Test
    void store_afterAnotherReceiverCleanedItUp_storesItAgain_neverTrustingAStaleCache() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 12);
        byte[] seg = SyntheticSegments.segment(n, 12);
        push(s3, n, seg);
        S3Storage other = S3Storage.open("main", store, AT, tmp.resolve("other"));
        other.remove(java.util.List.of(n));

        assertEquals(Status.STORED, push(s3, n, seg).status());
        assertArrayEquals(seg, store.objects.get("main/" + n).content());
    }

    @Test
    void lookup_seesFilesStoredThroughAnotherReceiver() throws Exception {
        S3Storage other = S3Storage.open("main", store, AT, tmp.resolve("other"));
        WalFileName n = SyntheticSegments.name(1, 8);
        byte[] seg = SyntheticSegments.segment(n, 8);
        push(other, n, seg);

        StoredFile f = s3.lookup(n).orElseThrow();

        assertEquals(seg.length, f.size());
        try (InputStream in = s3.open(f)) {
            assertArrayEquals(seg, in.readAllBytes());
        }
        assertEquals(1, s3.list().size());
    }

    @Test
    void open_objectDamagedAtRest_failsOnTheLastByte() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 9);
        byte[] seg = SyntheticSegments.segment(n, 9);
        push(s3, n, seg);
        StoredFile f = s3.lookup(n).orElseThrow();
        byte[] damaged = seg.clone();
        damaged[1000] ^= 1;
        store.objects.put("main/" + n, new MapObjectStore.Stored(damaged, Map.of("sha256", f.sha256Hex()), 0));

        try (InputStream in = s3.open(f)) {
            IOException e = assertThrows(IOException.class, () -> in.readNBytes(seg.length));
            assertTrue(e.getMessage().startsWith("checksum mismatch reading s3://test/main/" + n), e.getMessage());
        }
    }

    @Test
    void remove_deletesObjects_andLookupNoLongerFindsThem() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 10);
        push(s3, n, SyntheticSegments.segment(n, 10));

        assertEquals(java.util.List.of(n), s3.remove(java.util.List.of(n)));

        assertTrue(s3.lookup(n).isEmpty());
        assertTrue(store.objects.containsKey("main/.walferry/binding"), "the binding stays");
    }

    @Test
    void view_reportsAnObjectWithoutMetadata_asHavingNoChecksumRecord() throws Exception {
        WalFileName n = SyntheticSegments.name(1, 11);
        store.objects.put("main/" + n, new MapObjectStore.Stored(SyntheticSegments.segment(n, 11), Map.of(), 0));

        var snap = s3.view().snapshot();

        assertEquals(1, snap.files().size());
        assertTrue(snap.files().get(0).checksumRecord().isEmpty());
        assertTrue(snap.temps().isEmpty());
    }

    @Test
    void location_parsesBucketAndPrefix_andRefusesBadOnes() {
        assertEquals(new S3Location("wal", "prod/main/"), S3Location.parse("s3://wal/prod/main"));
        assertEquals(new S3Location("wal", ""), S3Location.parse("s3://wal"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://Bad_Bucket/x"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://wal/../x"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("http://wal/x"));
    }
}
