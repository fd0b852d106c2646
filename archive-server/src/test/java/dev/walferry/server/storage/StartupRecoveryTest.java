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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupRecoveryTest {

    @TempDir
    Path dir;

    private DirectoryStorage open() throws IOException {
        return DirectoryStorage.open("main", dir, StorageOptions.defaults());
    }

    @Test
    void open_deletesTempLeftovers() throws IOException {
        open().close();
        Path leftover = ArchiveLayout.of(dir).incoming().resolve("in-000000010000000000000001-123.tmp");
        Files.write(leftover, new byte[1000]);

        open().close();

        assertEquals(List.of(), TestArchives.incoming(dir));
    }

    @Test
    void open_rehashesAndRecordsFileWithoutChecksumRecord() throws IOException {
        WalFileName n = name(1, 2);
        byte[] content = segment(n, 1);
        Files.write(dir.resolve(n.toString()), content); // as if renamed in, then crashed before the log append

        try (DirectoryStorage s = open()) {
            StoredFile f = s.lookup(n).orElseThrow();
            assertArrayEquals(Sha256.of(content), f.sha256());
            assertEquals(content.length, f.size());
            assertEquals(Status.ALREADY_PRESENT, store(s, n, content).status());
        }
        assertEquals(
                1,
                TestArchives.checksumLogText(dir)
                        .lines()
                        .filter(l -> l.endsWith(n.toString()))
                        .count());
    }

    @Test
    void open_ignoresAndTruncatesTornLastLogLine() throws IOException {
        WalFileName a = SyntheticSegments.historyName(2);
        StoredFile stored;
        try (DirectoryStorage s = open()) {
            stored = store(s, a, SyntheticSegments.history(2)).file();
        }
        byte[] intact = TestArchives.checksumLog(dir);
        Files.write(
                ArchiveLayout.of(dir).checksums(),
                "0123abcd 17 1700".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);

        WalFileName b = SyntheticSegments.historyName(3);
        try (DirectoryStorage s = open()) {
            assertEquals(stored, s.lookup(a).orElseThrow());
            assertArrayEquals(intact, TestArchives.checksumLog(dir), "torn line cut off");
            store(s, b, SyntheticSegments.history(3));
        }
        try (DirectoryStorage s = open()) {
            assertEquals(List.of(a, b), s.list().stream().map(StoredFile::name).toList());
        }
    }

    @Test
    void open_skipsUnparsableCompleteLogLine_andRehashesItsFile() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        Files.write(dir.resolve(n.toString()), SyntheticSegments.history(2));
        open().close();
        Files.write(
                ArchiveLayout.of(dir).checksums(),
                "garbage\n".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.TRUNCATE_EXISTING);

        try (DirectoryStorage s = open()) {
            assertArrayEquals(
                    Sha256.of(SyntheticSegments.history(2)),
                    s.lookup(n).orElseThrow().sha256());
        }
    }

    @Test
    void open_ignoresFilesWithoutWalNamesAndNeverDeletesThem() throws IOException {
        Files.writeString(dir.resolve("README"), "hello");
        Files.writeString(dir.resolve("000000010000000000000001.gz"), "x");
        Files.createDirectory(dir.resolve("000000010000000000000002"));

        try (DirectoryStorage s = open()) {
            assertEquals(List.of(), s.list());
        }
        assertEquals(
                List.of(".walferry", "000000010000000000000001.gz", "000000010000000000000002", "README"),
                TestArchives.listing(dir));
    }

    @Test
    void open_dropsRecordsOfFilesRemovedByCleanup() throws IOException {
        WalFileName n = SyntheticSegments.historyName(2);
        try (DirectoryStorage s = open()) {
            store(s, n, SyntheticSegments.history(2));
        }
        Files.delete(dir.resolve(n.toString()));

        try (DirectoryStorage s = open()) {
            assertTrue(s.lookup(n).isEmpty());
            assertEquals(
                    Status.STORED, store(s, n, SyntheticSegments.history(2)).status());
        }
    }

    @Test
    void open_createsMissingArchiveDirectory() throws IOException {
        Path nested = dir.resolve("a/b");
        try (DirectoryStorage s = DirectoryStorage.open("main", nested, StorageOptions.defaults())) {
            assertEquals(nested.toAbsolutePath().normalize(), s.directory());
        }
        assertTrue(Files.isDirectory(nested.resolve(".walferry/incoming")));
    }
}
