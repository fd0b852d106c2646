package dev.walferry.server.storage;

import static dev.walferry.protocol.wal.SyntheticSegments.name;
import static dev.walferry.protocol.wal.SyntheticSegments.segment;
import static dev.walferry.server.storage.TestArchives.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that arrive in a directory archive by other tools (docs/storage.md, "Files that arrive by other tools"). */
class DirectoryAdoptionTest {

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
    void segmentAndHistoryCopiedIn_areFoundListedServedAndRecordedDurablyOnce() throws IOException {
        WalFileName seg = name(1, 3);
        byte[] segBytes = segment(seg, 1);
        WalFileName hist = SyntheticSegments.historyName(2);
        byte[] histBytes = SyntheticSegments.history(2);
        Files.write(dir.resolve(seg.toString()), segBytes);     // cp behind the receiver's back
        Files.write(dir.resolve(hist.toString()), histBytes);

        assertEquals(Optional.empty(), storage.lookup(name(1, 9)), "a name not there");
        StoredFile s = storage.lookup(seg).orElseThrow(() -> new AssertionError("copied-in segment not found"));
        assertArrayEquals(Sha256.of(segBytes), s.sha256());
        assertEquals(segBytes.length, s.size());
        try (InputStream in = storage.open(s)) {
            assertArrayEquals(segBytes, in.readAllBytes());
        }
        assertEquals(List.of(seg, hist), storage.list().stream().map(StoredFile::name).toList());
        assertArrayEquals(Sha256.of(histBytes), storage.lookup(hist).orElseThrow().sha256());
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
    void segmentOfAnotherCluster_isForeign_notServedNotListed_notOverwritten_andReportedByVerify() throws Exception {
        WalFileName first = name(1, 1);
        store(storage, first, segment(first, 1));   // binds the archive to SYSTEM_ID
        WalFileName n = name(1, 2);
        byte[] other = segment(n, SyntheticSegments.OTHER_SYSTEM_ID, 9);
        Path file = dir.resolve(n.toString());
        Files.write(file, other);

        assertEquals(Optional.empty(), storage.lookup(n));
        assertEquals(List.of(first), storage.list().stream().map(StoredFile::name).toList());
        assertEquals(0, recordsOf(n));
        CommitResult pushed = store(storage, n, segment(n, 1));
        assertEquals(Status.CONFLICT, pushed.status(), pushed.message());
        assertArrayEquals(other, Files.readAllBytes(file), "never overwritten");

        List<Finding> findings = Verifier.run(storage.view(), 1, (d, t) -> { }).findings();
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.Kind.FOREIGN, findings.get(0).kind());
        assertEquals(n.toString(), findings.get(0).subject());
        assertTrue(findings.get(0).detail().contains("belongs to database system"), findings.get(0).detail());
    }

    @Test
    void foreignFile_isRememberedBySizeAndMtime_andCheckedAgainWhenItChanges() throws IOException {
        WalFileName n = name(1, 4);
        byte[] good = segment(n, 4);
        Path file = dir.resolve(n.toString());
        Files.write(file, Arrays.copyOf(good, good.length / 2));   // a copy still in progress: too short
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
        Files.delete(dir.resolve(n.toString()));   // pg_archivecleanup

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
            assertEquals(Status.ALREADY_PRESENT, push.get().status(), push.get().message());
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
        return TestArchives.checksumLogText(dir).lines().filter(l -> l.endsWith(" " + n)).count();
    }
}
