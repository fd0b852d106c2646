package dev.walferry.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStorageRemoveTest {

    @TempDir
    Path dir;

    @Test
    void remove_deletesFilesAndDropsThemFromIndex_skipsMissing() throws Exception {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            for (long i = 1; i <= 3; i++) {
                TestArchives.store(
                        s, SyntheticSegments.name(1, i), SyntheticSegments.segment(SyntheticSegments.name(1, i), i));
            }
            List<WalFileName> removed = s.remove(List.of(SyntheticSegments.name(1, 1), SyntheticSegments.name(1, 9)));
            assertEquals(List.of(SyntheticSegments.name(1, 1)), removed);
            assertFalse(Files.exists(dir.resolve(SyntheticSegments.name(1, 1).toString())));
            assertEquals(
                    List.of(SyntheticSegments.name(1, 2), SyntheticSegments.name(1, 3)),
                    s.list().stream().map(StoredFile::name).toList());
        }
    }

    @Test
    void list_fileRemovedByAnotherTool_isLeftOut() throws Exception {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            for (long i = 1; i <= 2; i++) {
                TestArchives.store(
                        s, SyntheticSegments.name(1, i), SyntheticSegments.segment(SyntheticSegments.name(1, i), i));
            }
            Files.delete(dir.resolve(SyntheticSegments.name(1, 1).toString()));
            assertEquals(
                    List.of(SyntheticSegments.name(1, 2)),
                    s.list().stream().map(StoredFile::name).toList());
            assertEquals(java.util.Optional.empty(), s.lookup(SyntheticSegments.name(1, 1)));
        }
    }

    @Test
    void readOnlyReader_seesRecordsWhileTheReceiverHoldsTheLock() throws Exception {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            TestArchives.store(
                    s, SyntheticSegments.name(1, 1), SyntheticSegments.segment(SyntheticSegments.name(1, 1), 1));
            ArchiveSnapshot snap = ArchiveReader.of(dir).snapshot();
            assertEquals(1, snap.files().size());
            assertEquals(
                    s.lookup(SyntheticSegments.name(1, 1)).orElseThrow(),
                    snap.files().get(0).record());
            assertEquals(
                    SyntheticSegments.SYSTEM_ID, snap.binding().orElseThrow().systemIdentifier());
        }
    }
}
