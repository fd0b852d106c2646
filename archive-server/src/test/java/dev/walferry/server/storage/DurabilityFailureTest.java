package dev.walferry.server.storage;

import static dev.walferry.protocol.wal.SyntheticSegments.name;
import static dev.walferry.protocol.wal.SyntheticSegments.segment;
import static dev.walferry.server.storage.TestArchives.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.FailingFileSystemOps.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each durability step made to fail (ZooKeeper AtomicFileOutputStreamTest style): the commit throws an error
 * naming the step and path, the archive listing and checksum log are unchanged, no temp file is left, and a
 * retry once the fault is gone stores the file.
 */
class DurabilityFailureTest {

    private static final WalFileName FIRST = name(1, 1);
    private static final WalFileName NEXT = name(1, 2);

    @TempDir
    Path tmp;

    Path dir;
    FailingFileSystemOps ops = new FailingFileSystemOps();
    DirectoryStorage storage;

    @BeforeEach
    void openWithOneStoredSegment() throws IOException {
        dir = tmp.toAbsolutePath().normalize().resolve("archive");
        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults(), ops);
        assertEquals(Status.STORED, store(storage, FIRST, segment(FIRST, 1)).status());
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    @Test
    void failingFsyncOfTempFile_leavesArchiveUnchanged() throws IOException {
        StorageException e =
                failNextWith(Step.FORCE, p -> p.startsWith(ArchiveLayout.of(dir).incoming()), "Input/output error");

        assertTrue(
                e.getMessage()
                        .matches("fsync of \\Q" + ArchiveLayout.of(dir).incoming() + "/in-" + NEXT
                                + "-\\E\\d+\\.tmp failed: Input/output error"),
                e.getMessage());
        assertEquals(Status.STORAGE_ERROR, e.status());
        assertFalse(e.noSpace());
    }

    @Test
    void failingEarlyWriteBack_failsTheCommitEvenWhenTheFinalFsyncSucceeds() throws IOException {
        // Linux may report a failed write-back to one fsync caller only: the early sync's error must count.
        StorageException e = failNextWith(
                Step.FLUSH_DATA, p -> p.startsWith(ArchiveLayout.of(dir).incoming()), "Input/output error");

        assertTrue(
                e.getMessage()
                        .matches("write-back \\(fdatasync\\) of \\Q"
                                + ArchiveLayout.of(dir).incoming() + "/in-" + NEXT
                                + "-\\E\\d+\\.tmp failed: Input/output error"),
                e.getMessage());
        assertEquals(Status.STORAGE_ERROR, e.status());
    }

    @Test
    void failingRename_leavesArchiveUnchanged() throws IOException {
        StorageException e = failNextWith(Step.MOVE, p -> true, "Operation not permitted");

        assertTrue(
                e.getMessage()
                        .startsWith("atomic rename of " + ArchiveLayout.of(dir).incoming()),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith(" to " + dir.resolve(NEXT.toString()) + " failed: Operation not permitted"),
                e.getMessage());
    }

    @Test
    void failingDirectoryFsync_takesTheRenameBack() throws IOException {
        StorageException e = failNextWith(Step.SYNC_DIRECTORY, dir::equals, "Input/output error");

        assertEquals("fsync of directory " + dir + " failed: Input/output error", e.getMessage());
    }

    @Test
    void failingChecksumLogFsync_takesTheRenameBackAndCutsTheLog() throws IOException {
        Path log = ArchiveLayout.of(dir).checksums();

        StorageException e = failNextWith(Step.FORCE, log::equals, "Input/output error");

        assertEquals("fsync of " + log + " failed: Input/output error", e.getMessage());
    }

    @Test
    void noSpaceLeftOnDevice_isReportedAsNoSpace() throws IOException {
        StorageException e = failNextWith(
                Step.FORCE, p -> p.startsWith(ArchiveLayout.of(dir).incoming()), "No space left on device");

        assertTrue(e.noSpace());
        assertEquals(Status.NO_SPACE, e.status());
        assertTrue(e.getMessage().contains("failed (no space left on device)"), e.getMessage());
    }

    @Test
    void failingBindingWrite_storesNothing() throws IOException {
        storage.close();
        dir = tmp.resolve("fresh");
        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults(), ops);
        ops.arm(Step.MOVE, p -> p.endsWith("binding"), "Input/output error");

        StorageException e = assertThrows(StorageException.class, () -> store(storage, FIRST, segment(FIRST, 1)));

        assertTrue(
                e.getMessage().endsWith(" to " + ArchiveLayout.of(dir).binding() + " failed: Input/output error"),
                e.getMessage());
        assertEquals(List.of(".walferry"), TestArchives.listing(dir));
        assertEquals(List.of(), TestArchives.incoming(dir));
        assertTrue(storage.binding().isEmpty());
        ops.disarm();
        assertEquals(Status.STORED, store(storage, FIRST, segment(FIRST, 1)).status());
    }

    /** Arms the fault, commits NEXT, checks the archive is unchanged, disarms, checks a retry stores it. */
    private StorageException failNextWith(Step step, Predicate<Path> which, String message) throws IOException {
        List<String> listing = TestArchives.listing(dir);
        byte[] log = TestArchives.checksumLog(dir);
        byte[] content = segment(NEXT, 1);
        ops.arm(step, which, message);

        StorageException e = assertThrows(StorageException.class, () -> store(storage, NEXT, content));

        assertEquals(listing, TestArchives.listing(dir), "archive listing unchanged");
        assertArrayEquals(log, TestArchives.checksumLog(dir), "checksum log unchanged");
        assertEquals(List.of(), TestArchives.incoming(dir), "no temp file left");
        assertTrue(storage.lookup(NEXT).isEmpty());

        ops.disarm();
        assertEquals(Status.STORED, store(storage, NEXT, content).status(), "retry after the fault");
        storage.close();
        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults(), ops);
        assertEquals(
                List.of(FIRST, NEXT),
                storage.list().stream().map(StoredFile::name).toList());
        return e;
    }
}
