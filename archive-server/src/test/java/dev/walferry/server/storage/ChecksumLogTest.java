package dev.walferry.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumLogTest {

    @TempDir
    Path dir;

    private final DurableFiles files = new DurableFiles(FileSystemOps.DEFAULT, Duration.ofSeconds(1));

    @Test
    void format_thenParse_roundTrips() {
        StoredFile f = new StoredFile(
                WalFileName.parse("000000010000000000000003"),
                16777216,
                Sha256.of(new byte[] {1, 2}),
                1_700_000_000_123L);

        String line = ChecksumLog.format(f);

        assertTrue(line.matches("[0-9a-f]{64} 16777216 1700000000123 000000010000000000000003\n"), line);
        assertEquals(f, ChecksumLog.parse(line.substring(0, line.length() - 1)));
    }

    @Test
    void parse_lineWithInvalidName_isRefused() {
        String sha = "0".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> ChecksumLog.parse(sha + " 1 2 ../etc/passwd"));
    }

    @Test
    void open_laterRecordOfSameNameWins() throws IOException {
        WalFileName n = WalFileName.parse("00000002.history");
        StoredFile older = new StoredFile(n, 1, Sha256.of(new byte[] {1}), 1);
        StoredFile newer = new StoredFile(n, 2, Sha256.of(new byte[] {2}), 2);
        Path path = dir.resolve("checksums");
        Files.writeString(path, ChecksumLog.format(older) + ChecksumLog.format(newer), StandardCharsets.US_ASCII);

        try (ChecksumLog log = ChecksumLog.open(path, files)) {
            assertEquals(newer, log.records().get(n));
        }
    }

    @Test
    void slowFsync_isLoggedAsWarningWithFileSize() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger(DurableFiles.class.getName());
        jul.addHandler(capture);
        try (DirectoryStorage s = DirectoryStorage.open(
                "main", dir.resolve("a"), StorageOptions.defaults().withSlowFsyncThreshold(Duration.ZERO))) {
            TestArchives.store(s, SyntheticSegments.historyName(2), SyntheticSegments.history(2));
        } finally {
            jul.removeHandler(capture);
        }

        assertTrue(
                records.stream()
                        .anyMatch(r -> r.getLevel() == Level.WARNING
                                && r.getMessage().contains("in-00000002.history-")
                                && r.getMessage()
                                        .contains("(file size " + SyntheticSegments.history(2).length + " bytes)")),
                records.stream().map(LogRecord::getMessage).toList().toString());
    }
}
