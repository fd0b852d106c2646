package dev.walferry.server.storage;

import static dev.walferry.protocol.wal.SyntheticSegments.name;
import static dev.walferry.protocol.wal.SyntheticSegments.segment;
import static dev.walferry.server.storage.TestArchives.listing;
import static dev.walferry.server.storage.TestArchives.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.Finding;
import dev.walferry.server.inspect.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStorageTest {

    @TempDir
    Path dir;

    DirectoryStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults());
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    @Test
    void store_thenLookupAndOpen_returnIdenticalBytes() throws IOException {
        WalFileName n = name(1, 3);
        byte[] content = segment(n, 1);

        CommitResult r = store(storage, n, content);

        assertEquals(Status.STORED, r.status(), r.message());
        StoredFile f = storage.lookup(n).orElseThrow();
        assertEquals(r.file(), f);
        assertEquals(content.length, f.size());
        assertArrayEquals(Sha256.of(content), f.sha256());
        try (InputStream in = storage.open(f)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve(n.toString())), "plain file under its name");
        assertEquals(List.of(f), storage.list());
        assertTrue(TestArchives.checksumLogText(dir)
                .contains(f.sha256Hex() + " " + f.size() + " " + f.storedAtMillis() + " " + n + "\n"));
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void store_duplicateOfADamagedStoredCopy_isAStorageErrorNotAlreadyPresent() throws IOException {
        WalFileName n = name(1, 2);
        byte[] content = segment(n, 1);
        store(storage, n, content);
        byte[] damaged = java.util.Arrays.copyOf(content, content.length / 2);
        Files.write(dir.resolve(n.toString()), damaged);

        StorageException e =
                org.junit.jupiter.api.Assertions.assertThrows(StorageException.class, () -> store(storage, n, content));

        assertEquals(Status.STORAGE_ERROR, e.status());
        assertTrue(
                e.getMessage()
                        .contains(
                                "is damaged: " + damaged.length + " bytes on disk but " + content.length + " recorded"),
                e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve(n.toString())), "left as it is");
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void store_identicalDuplicate_isAlreadyPresentAndWritesNothing() throws IOException {
        WalFileName n = name(1, 1);
        byte[] content = segment(n, 1);
        StoredFile first = store(storage, n, content).file();
        byte[] logBefore = TestArchives.checksumLog(dir);

        CommitResult again = store(storage, n, content);

        assertEquals(Status.ALREADY_PRESENT, again.status());
        assertEquals(first, again.file());
        assertArrayEquals(logBefore, TestArchives.checksumLog(dir));
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void store_differentContentUnderStoredName_isConflictAndKeepsStoredBytes() throws IOException {
        WalFileName n = name(1, 1);
        byte[] original = segment(n, 1);
        store(storage, n, original);

        CommitResult r = store(storage, n, segment(n, 2));

        assertEquals(Status.CONFLICT, r.status());
        assertTrue(r.message().contains("different content"), r.message());
        assertArrayEquals(original, Files.readAllBytes(dir.resolve(n.toString())));
        assertArrayEquals(Sha256.of(original), storage.lookup(n).orElseThrow().sha256());
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void store_checksumMismatch_storesNothing() throws IOException {
        WalFileName n = name(1, 1);
        byte[] content = segment(n, 1);
        byte[] wrong = Sha256.of(new byte[] {1});

        CommitResult r = store(storage, n, content, wrong);

        assertEquals(Status.CHECKSUM_MISMATCH, r.status());
        assertNull(r.file());
        assertTrue(r.message().contains(new StoredFile(n, 0, wrong, 0).sha256Hex()), r.message());
        assertTrue(storage.lookup(n).isEmpty());
        assertFalse(Files.exists(dir.resolve(n.toString())));
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void commit_fewerBytesThanDeclared_isBadRequestTruncated() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        CommitResult r;
        try (Incoming in = storage.begin(n, 100)) {
            in.write(new byte[60], 0, 60);
            r = in.commit(Sha256.of(new byte[60]));
        }

        assertEquals(Status.BAD_REQUEST, r.status());
        assertEquals("truncated: got 60 of 100 bytes of 00000002.history", r.message());
        assertTrue(storage.lookup(n).isEmpty());
        assertEquals(List.of(".walferry"), listing(dir));
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void write_beyondDeclaredSize_isRefusedAndAbortsTransfer() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        try (Incoming in = storage.begin(n, 10)) {
            in.write(new byte[8], 0, 8);
            StorageException e = assertThrows(StorageException.class, () -> in.write(new byte[3], 0, 3));
            assertEquals(Status.BAD_REQUEST, e.status());
            assertTrue(e.getMessage().contains("declared 10 bytes"), e.getMessage());
            assertEquals(8, in.written());
            assertEquals(List.of(), TestArchives.incoming(dir));
            assertThrows(IllegalStateException.class, () -> in.commit(Sha256.of(new byte[8])));
        }
    }

    @Test
    void close_withoutCommit_deletesTempFile() throws IOException {
        try (Incoming in = storage.begin(name(1, 1), SyntheticSegments.SEGMENT_SIZE)) {
            in.write(new byte[100], 0, 100);
            assertEquals(1, TestArchives.incoming(dir).size());
        }
        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void segment_withWrongPageAddress_isBadRequest() throws IOException {
        byte[] content = segment(name(1, 5), 1);

        CommitResult r = store(storage, name(1, 6), content);

        assertEquals(Status.BAD_REQUEST, r.status());
        assertTrue(
                r.message().startsWith("000000010000000000000006 is not a valid WAL segment: header page address"),
                r.message());
        assertTrue(storage.binding().isEmpty(), "a refused segment binds nothing");
    }

    @Test
    void segment_shorterThanItsHeaderSegmentSize_isBadRequest() throws IOException {
        WalFileName n = name(1, 1);
        byte[] half = java.util.Arrays.copyOf(segment(n, 1), SyntheticSegments.SEGMENT_SIZE / 2);

        CommitResult r = store(storage, n, half);

        assertEquals(Status.BAD_REQUEST, r.status());
        assertTrue(r.message().contains("header says segment size " + SyntheticSegments.SEGMENT_SIZE), r.message());
    }

    @Test
    void segment_withoutWalHeader_isBadRequest() throws IOException {
        WalFileName n = name(1, 1);

        CommitResult r = store(storage, n, new byte[SyntheticSegments.SEGMENT_SIZE]);

        assertEquals(Status.BAD_REQUEST, r.status());
        assertTrue(r.message().contains("bad WAL page magic"), r.message());
    }

    @Test
    void history_storesWithoutHeaderAndWithoutBinding() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);

        CommitResult r = store(storage, n, SyntheticSegments.history(2));

        assertEquals(Status.STORED, r.status());
        assertTrue(storage.binding().isEmpty());
        assertFalse(Files.exists(ArchiveLayout.of(dir).binding()));
    }

    @Test
    void list_isInWalFileNameOrder() throws IOException {
        store(storage, name(2, 1), segment(name(2, 1), 1));
        store(storage, SyntheticSegments.historyName(2), SyntheticSegments.history(2));
        store(storage, name(1, 2), segment(name(1, 2), 1));
        store(storage, name(1, 1), segment(name(1, 1), 1));

        List<String> names =
                storage.list().stream().map(f -> f.name().toString()).toList();

        assertEquals(
                List.of(
                        "000000010000000000000001",
                        "000000010000000000000002",
                        "00000002.history",
                        "000000020000000000000001"),
                names);
    }

    @Test
    void arrivalListener_isCalledOncePerNewFileOnly() throws IOException {
        List<StoredFile> arrived = new ArrayList<>();
        storage.addArrivalListener(arrived::add);
        WalFileName a = name(1, 1);
        WalFileName b = name(1, 2);

        StoredFile fa = store(storage, a, segment(a, 1)).file();
        store(storage, a, segment(a, 1)); // already present
        store(storage, a, segment(a, 2)); // conflict
        store(storage, b, segment(b, 1), new byte[32]); // checksum mismatch
        StoredFile fb = store(storage, b, segment(b, 1)).file();

        assertEquals(List.of(fa, fb), arrived);
    }

    @Test
    void arrivalListener_thatThrows_doesNotFailTheCommit() throws IOException {
        storage.addArrivalListener(f -> {
            throw new IllegalStateException("listener bug");
        });
        WalFileName n = SyntheticSegments.historyName(3);

        assertEquals(
                Status.STORED, store(storage, n, SyntheticSegments.history(3)).status());
    }

    @Test
    void createdFilesAndDirectories_areNotWorldReadable() throws IOException {
        WalFileName n = name(1, 1);
        store(storage, n, segment(n, 1));

        assertEquals("rwx------", mode(ArchiveLayout.of(dir).meta()));
        assertEquals("rwx------", mode(ArchiveLayout.of(dir).incoming()));
        assertEquals("rw-------", mode(dir.resolve(n.toString())));
        assertEquals("rw-------", mode(ArchiveLayout.of(dir).checksums()));
        assertEquals("rw-------", mode(ArchiveLayout.of(dir).binding()));
    }

    @Test
    void open_whileAnotherStorageHoldsTheDirectory_failsNamingIt() {
        StorageException e = assertThrows(
                StorageException.class, () -> DirectoryStorage.open("second", dir, StorageOptions.defaults()));

        assertTrue(
                e.getMessage()
                        .startsWith("archive directory " + dir.toAbsolutePath().normalize()
                                + " is already in use by another walferry receiver"),
                e.getMessage());
    }

    @Test
    void open_afterClose_succeedsAndKeepsFiles() throws IOException {
        WalFileName n = name(1, 1);
        StoredFile f = store(storage, n, segment(n, 1)).file();
        storage.close();

        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults());

        assertEquals(f, storage.lookup(n).orElseThrow());
        assertEquals(
                SyntheticSegments.SYSTEM_ID, storage.binding().orElseThrow().systemIdentifier());
    }

    @Test
    void begin_afterClose_fails() throws IOException {
        storage.close();

        StorageException e = assertThrows(StorageException.class, () -> storage.begin(name(1, 1), 10));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void storedFileRemovedByCleanup_isStoredAgainNotAlreadyPresent() throws IOException {
        WalFileName n = name(1, 1);
        byte[] content = segment(n, 1);
        store(storage, n, content);
        Files.delete(dir.resolve(n.toString())); // pg_archivecleanup on DIR

        CommitResult r = store(storage, n, content);

        assertEquals(Status.STORED, r.status());
        assertArrayEquals(content, Files.readAllBytes(dir.resolve(n.toString())));
    }

    @Test
    void fileCopiedInByAnotherTool_isNeverOverwritten() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        byte[] copied = "copied by cp\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(dir.resolve(n.toString()), copied);

        CommitResult r = store(storage, n, SyntheticSegments.history(2));

        assertEquals(Status.CONFLICT, r.status());
        assertArrayEquals(copied, Files.readAllBytes(dir.resolve(n.toString())));
        assertArrayEquals(Sha256.of(copied), storage.lookup(n).orElseThrow().sha256());
    }

    @Test
    void open_ofFileRemovedSinceLookup_throwsNoSuchFileAndForgetsIt() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        StoredFile f = store(storage, n, SyntheticSegments.history(2)).file();
        Files.delete(dir.resolve(n.toString()));

        assertThrows(java.nio.file.NoSuchFileException.class, () -> storage.open(f));
        assertTrue(storage.lookup(n).isEmpty());
    }

    /** Files that arrive in DIR by other tools (docs/storage.md, "Files that arrive by other tools"). */
    @Nested
    class FilesArrivingByOtherTools {

        @Test
        void segmentAndHistoryCopiedIn_areFoundListedServedAndRecordedDurablyOnce() throws IOException {
            WalFileName seg = name(1, 3);
            byte[] segBytes = segment(seg, 1);
            WalFileName hist = SyntheticSegments.historyName(2);
            byte[] histBytes = SyntheticSegments.history(2);
            Files.write(dir.resolve(seg.toString()), segBytes); // cp behind the receiver's back
            Files.write(dir.resolve(hist.toString()), histBytes);

            assertEquals(Optional.empty(), storage.lookup(name(1, 9)), "a name not there");
            StoredFile s = storage.lookup(seg).orElseThrow(() -> new AssertionError("copied-in segment not found"));
            assertArrayEquals(Sha256.of(segBytes), s.sha256());
            assertEquals(segBytes.length, s.size());
            try (InputStream in = storage.open(s)) {
                assertArrayEquals(segBytes, in.readAllBytes());
            }
            assertEquals(
                    List.of(seg, hist),
                    storage.list().stream().map(StoredFile::name).toList());
            assertArrayEquals(
                    Sha256.of(histBytes), storage.lookup(hist).orElseThrow().sha256());
            assertEquals(1, recordsOf(seg), TestArchives.checksumLogText(dir));
            assertEquals(1, recordsOf(hist), TestArchives.checksumLogText(dir));
            assertTrue(storage.binding().isPresent(), "the adopted segment binds the archive, as a push would");
            assertArrayEquals(segBytes, Files.readAllBytes(dir.resolve(seg.toString())), "the operator's file is kept");

            // the record is durable: a restart finds it recorded and does not record it again
            storage.close();
            storage = DirectoryStorage.open("main", dir, StorageOptions.defaults());
            assertEquals(s, storage.lookup(seg).orElseThrow());
            assertEquals(1, recordsOf(seg));
            assertEquals(Status.ALREADY_PRESENT, store(storage, seg, segBytes).status());
        }

        @Test
        void historyCopyStoppedMidLine_isNotAdoptedUntilItsLastLineIsComplete() throws IOException {
            WalFileName hist = SyntheticSegments.historyName(3);
            byte[] whole = SyntheticSegments.history(3);
            Path file = dir.resolve(hist.toString());
            Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 7)); // cp still writing

            assertEquals(Optional.empty(), storage.lookup(hist), "a history file cut mid-line is not adopted");
            assertEquals(0, recordsOf(hist));
            Files.write(file, whole); // the copy completed
            assertArrayEquals(
                    Sha256.of(whole), storage.lookup(hist).orElseThrow().sha256());
            assertEquals(1, recordsOf(hist));
        }

        @Test
        void segmentOfAnotherCluster_isForeign_notServedNotListed_notOverwritten_andReportedByVerify()
                throws Exception {
            WalFileName first = name(1, 1);
            store(storage, first, segment(first, 1)); // binds the archive to SYSTEM_ID
            WalFileName n = name(1, 2);
            byte[] other = segment(n, SyntheticSegments.OTHER_SYSTEM_ID, 9);
            Path file = dir.resolve(n.toString());
            Files.write(file, other);

            assertEquals(Optional.empty(), storage.lookup(n));
            assertEquals(
                    List.of(first),
                    storage.list().stream().map(StoredFile::name).toList());
            assertEquals(0, recordsOf(n));
            CommitResult pushed = store(storage, n, segment(n, 1));
            assertEquals(Status.CONFLICT, pushed.status(), pushed.message());
            assertArrayEquals(other, Files.readAllBytes(file), "never overwritten");

            List<Finding> findings =
                    Verifier.run(storage.view(), 1, (d, t) -> {}).findings();
            assertEquals(1, findings.size(), findings.toString());
            assertEquals(Finding.Kind.FOREIGN, findings.get(0).kind());
            assertEquals(n.toString(), findings.get(0).subject());
            assertTrue(
                    findings.get(0).detail().contains("belongs to database system"),
                    findings.get(0).detail());
        }

        @Test
        void foreignFile_isRememberedBySizeAndMtime_andCheckedAgainWhenItChanges() throws IOException {
            WalFileName n = name(1, 4);
            byte[] good = segment(n, 4);
            Path file = dir.resolve(n.toString());
            Files.write(file, Arrays.copyOf(good, good.length / 2)); // a copy still in progress: too short
            FileTime mtime = FileTime.fromMillis(1_700_000_000_000L);
            Files.setLastModifiedTime(file, mtime);
            assertEquals(Optional.empty(), storage.lookup(n));

            // same size and mtime: remembered as foreign, not read again (its new bytes are not even looked at)
            Files.write(file, Arrays.copyOf(segment(n, SyntheticSegments.SYSTEM_ID, 5), good.length / 2));
            Files.setLastModifiedTime(file, mtime);
            assertEquals(Optional.empty(), storage.lookup(n));
            assertEquals(0, recordsOf(n));

            // the copy completes: size and mtime change, the file is checked again and adopted
            Files.write(file, good);
            StoredFile f = storage.lookup(n).orElseThrow(() -> new AssertionError("completed copy not adopted"));
            assertArrayEquals(Sha256.of(good), f.sha256());
        }

        @Test
        void fileRemovedBehindTheReceiversBack_isNotFoundNotListed_andStoredAgainByAPush() throws IOException {
            WalFileName n = name(1, 5);
            byte[] content = segment(n, 5);
            store(storage, n, content);
            Files.delete(dir.resolve(n.toString())); // pg_archivecleanup

            assertEquals(Optional.empty(), storage.lookup(n));
            assertEquals(List.of(), storage.list());
            assertEquals(Status.STORED, store(storage, n, content).status());
            assertTrue(storage.lookup(n).isPresent());
        }

        @Test
        void concurrentLookupsAndAPushOfACopiedInFile_agreeOnOneRecord() throws Exception {
            WalFileName n = name(1, 6);
            byte[] content = segment(n, 6);
            Files.write(dir.resolve(n.toString()), content);
            int threads = 6;
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                List<Future<Optional<StoredFile>>> lookups = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    lookups.add(pool.submit((Callable<Optional<StoredFile>>) () -> {
                        start.await();
                        return storage.lookup(n);
                    }));
                }
                Future<CommitResult> push = pool.submit(() -> {
                    start.await();
                    return store(storage, n, content);
                });
                assertEquals(
                        Status.ALREADY_PRESENT, push.get().status(), push.get().message());
                StoredFile stored = storage.lookup(n).orElseThrow();
                for (Future<Optional<StoredFile>> l : lookups) {
                    assertEquals(Optional.of(stored), l.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, recordsOf(n), TestArchives.checksumLogText(dir));
            assertArrayEquals(content, Files.readAllBytes(dir.resolve(n.toString())));
        }

        private long recordsOf(WalFileName n) {
            return TestArchives.checksumLogText(dir)
                    .lines()
                    .filter(l -> l.endsWith(" " + n))
                    .count();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
