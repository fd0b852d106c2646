package dev.walferry.server.storage;

import static dev.walferry.protocol.wal.SyntheticSegments.OTHER_SYSTEM_ID;
import static dev.walferry.protocol.wal.SyntheticSegments.SEGMENT_SIZE;
import static dev.walferry.protocol.wal.SyntheticSegments.SYSTEM_ID;
import static dev.walferry.protocol.wal.SyntheticSegments.name;
import static dev.walferry.protocol.wal.SyntheticSegments.segment;
import static dev.walferry.server.storage.TestArchives.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveBindingTest {

    @TempDir
    Path dir;

    @Test
    void firstSegment_writesBindingFile() throws IOException {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            store(s, name(1, 1), segment(name(1, 1), 1));

            assertEquals(
                    new SegmentIdentity(SYSTEM_ID, SEGMENT_SIZE, SyntheticSegments.PG15_MAGIC),
                    s.binding().orElseThrow());
        }
        String text = Files.readString(ArchiveLayout.of(dir).binding(), StandardCharsets.US_ASCII);
        assertTrue(
                text.contains("\nsystem_identifier=7312345678901234567\nsegment_size=1048576\n"
                        + "page_magic=0xD110\npostgres_version=15\n"),
                text);
    }

    @Test
    void segmentOfOtherCluster_isWrongClusterNamingBothIdentifiers() throws IOException {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            store(s, name(1, 1), segment(name(1, 1), 1));
            WalFileName n = name(1, 2);

            CommitResult r = store(s, n, segment(n, OTHER_SYSTEM_ID, SEGMENT_SIZE, 1));

            assertEquals(Status.WRONG_CLUSTER, r.status());
            assertEquals(
                    "000000010000000000000002 belongs to database system 7400000000000000042 but archive main"
                            + " holds WAL of database system 7312345678901234567",
                    r.message());
            assertTrue(s.lookup(n).isEmpty());
            assertFalse(Files.exists(dir.resolve(n.toString())));
            assertEquals(java.util.List.of(), TestArchives.incoming(dir));
        }
    }

    @Test
    void segmentOfOtherSegmentSize_isWrongCluster() throws IOException {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            store(s, name(1, 1), segment(name(1, 1), 1));
            WalFileName n = name(1, 4);

            CommitResult r = store(s, n, segment(n, SYSTEM_ID, 2 * SEGMENT_SIZE, 1));

            assertEquals(Status.WRONG_CLUSTER, r.status());
            assertTrue(r.message().contains("segment size 2097152"), r.message());
        }
    }

    @Test
    void binding_survivesReopen_andStillRefusesOtherCluster() throws IOException {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            store(s, name(1, 1), segment(name(1, 1), 1));
        }
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            WalFileName n = name(1, 2);
            assertEquals(
                    Status.WRONG_CLUSTER,
                    store(s, n, segment(n, OTHER_SYSTEM_ID, SEGMENT_SIZE, 1)).status());
        }
    }

    @Test
    void archiveFilledByAnotherTool_isBoundToItsLatestSegmentAtOpen() throws IOException {
        WalFileName n = name(1, 7);
        Files.write(dir.resolve(n.toString()), segment(n, 1));

        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            assertEquals(SYSTEM_ID, s.binding().orElseThrow().systemIdentifier());
        }
    }

    @Test
    void format_thenParse_roundTripsUnsignedSystemIdentifier() {
        SegmentIdentity id = new SegmentIdentity(-2L, 16 << 20, 0xD116);

        assertEquals(id, ArchiveBinding.parse(ArchiveBinding.format(id)));
        assertTrue(ArchiveBinding.format(id).contains("system_identifier=18446744073709551614\n"));
    }

    @Test
    void parse_missingKey_namesIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ArchiveBinding.parse("segment_size=16777216\npage_magic=0xD110\n"));
        assertEquals("missing system_identifier", e.getMessage());
    }
}
