package dev.walferry.cli;

import static dev.walferry.cli.ReceiverFixture.walferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.SampleArchive;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code walferry archive ... --dir} on an archive whose receiver (its storage) is running and holds the lock. */
class ArchiveCommandsLocalTest {

    @TempDir
    Path dir;

    private DirectoryStorage storage;

    @BeforeEach
    void fill() throws Exception {
        storage = DirectoryStorage.open("main", dir, StorageOptions.defaults());
        SampleArchive.fill(storage);
    }

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    private Result archive(String command, String... rest) {
        return walferry(Stream.concat(Stream.of("archive", command, "--dir", dir.toString()), Stream.of(rest))
                .toArray(String[]::new));
    }

    @Test
    void status_wholeArchiveWithTimelineSwitch_isHealthy() {
        Result r = archive("status");
        assertEquals(0, r.code(), r.toString());
        assertTrue(
                r.out()
                        .contains("cluster:      system identifier 7312345678901234567, PostgreSQL 15,"
                                + " segment size 1.0 MiB\n"),
                r.out());
        assertTrue(
                r.out()
                        .contains("timeline 1:   000000010000000000000001 .. 000000010000000000000005 (5 segments)\n"
                                + "timeline 2:   000000020000000000000005 .. 000000020000000000000007 (3 segments)\n"),
                r.out());
        assertTrue(r.out().contains("newest:       000000020000000000000007 stored "), r.out());
        assertTrue(r.out().contains("files:        9 (8.0 MiB)\n"), r.out());
        assertTrue(r.out().contains("gaps:         none\n"), r.out());
        assertTrue(r.out().endsWith("health:       OK\n"), r.out());
    }

    @Test
    void status_json_hasTheDocumentedShape() {
        Result r = archive("status", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(
                "{\"healthy\":true,\"problems\":[],\"binding\":{\"system_identifier\":\"7312345678901234567\","
                        + "\"postgres_version\":\"15\",\"segment_size\":1048576},\"timelines\":[{\"timeline\":1,"
                        + "\"first\":\"000000010000000000000001\",\"last\":\"000000010000000000000005\",\"segments\":5},"
                        + "{\"timeline\":2,\"first\":\"000000020000000000000005\",\"last\":\"000000020000000000000007\","
                        + "\"segments\":3}],\"newest\":{\"name\":\"000000020000000000000007\",\"stored_at\":\"T\","
                        + "\"age_seconds\":0},\"files\":9,\"bytes\":"
                        + (8 * SyntheticWal.SEGMENT_SIZE + SampleArchive.HISTORY_2.length())
                        + ",\"free_bytes\":0,\"gaps\":{\"count\":0,\"first\":[]},"
                        + "\"missing_history\":[],\"size_mismatches\":[],\"unrecorded\":0,\"leftover_temps\":0,"
                        + "\"receiver\":null}\n",
                FlatJson.stable(r.out()));
    }

    @Test
    void statusAndVerify_deletedMiddleSegment_reportGapAndExit15() throws Exception {
        Files.delete(dir.resolve("000000010000000000000003"));
        Result status = archive("status", "--json");
        assertEquals(15, status.code(), status.toString());
        assertTrue(
                status.out().startsWith("{\"healthy\":false,\"problems\":[\"1 gap in the WAL sequence\"]"),
                status.out());
        assertTrue(
                status.out()
                        .contains(
                                "\"gaps\":{\"count\":1,\"first\":[{\"timeline\":1,"
                                        + "\"first\":\"000000010000000000000003\",\"last\":\"000000010000000000000003\",\"missing\":1}]}"),
                status.out());
        Result verify = archive("verify");
        assertEquals(15, verify.code(), verify.toString());
        assertEquals(
                "gap 000000010000000000000003: 1 segment missing on timeline 1\n" + "archive " + dir.toRealPath()
                        + ": 8 files (7.0 MiB) verified, 1 problem\n",
                verify.out());
    }

    @Test
    void status_maxAge_staleNewestArrival_exits15() {
        assertEquals(0, archive("status", "--max-age", "1h").code());
        Result r = walferry("archive", "status", "--dir", dir.toString(), "--max-age", "abc");
        assertEquals(2, r.code(), r.toString());
        assertEquals(
                "walferry archive status: error: --max-age: \"abc\" is not a duration (e.g. 300, 90s, 15m, 2h,"
                        + " 1d)\n",
                r.err());
    }

    @Test
    void verify_wholeArchive_exitsZero() throws Exception {
        Result r = archive("verify", "--jobs", "3");
        assertEquals(0, r.code(), r.toString());
        assertEquals("archive " + dir.toRealPath() + ": 9 files (8.0 MiB) verified, no problems\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void verify_flippedByteAndLeftoverTemp_reportsBothAsJson() throws Exception {
        SampleArchive.flipByte(dir, WalFileName.parse("000000020000000000000006"), 5000);
        SampleArchive.temp(dir, "in-000000020000000000000008-77.tmp", 3600);
        Result r = archive("verify", "--json");
        assertEquals(15, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("{\"ok\":false,\"files\":9,\"bytes\":"), out);
        assertTrue(
                out.contains("\"findings\":[{\"kind\":\"checksum_mismatch\",\"subject\":\"000000020000000000000006\","
                        + "\"detail\":\"sha256 "),
                out);
        assertTrue(
                out.contains("{\"kind\":\"leftover_temp\",\"subject\":\"in-000000020000000000000008-77.tmp\","
                        + "\"detail\":\"123 bytes in incoming/, last written "),
                out);
        assertEquals(2, out.split("\"kind\"").length - 1, out);
    }

    @Test
    void verify_timelineWithoutHistory_isReported() throws Exception {
        Files.delete(dir.resolve("00000002.history"));
        Result r = archive("verify");
        assertEquals(15, r.code(), r.toString());
        assertTrue(
                r.out()
                        .startsWith(
                                "missing_history 00000002.history: timeline 2 has segments but no history" + " file\n"),
                r.out());
    }

    @Test
    void show_segment_printsHeaderAndMatchingChecksum() {
        Result r = archive("show", "000000020000000000000006");
        assertEquals(0, r.code(), r.toString());
        assertTrue(
                r.out()
                        .contains("magic:             0xD110 (PostgreSQL 15)\n"
                                + "system identifier: 7312345678901234567\n"
                                + "segment size:      1048576 (1.0 MiB)\n"
                                + "timeline:          2\n"
                                + "page address:      0/600000\n"
                                + "block size:        8192\n"),
                r.out());
        assertTrue(r.out().endsWith("checksum:          OK\n"), r.out());
    }

    @Test
    void show_flippedByte_jsonShowsBothChecksums_exits15() throws Exception {
        SampleArchive.flipByte(dir, WalFileName.parse("000000010000000000000002"), 100);
        Result r = archive("show", "000000010000000000000002", "--json");
        assertEquals(15, r.code(), r.toString());
        String actual = sha(dir.resolve("000000010000000000000002"));
        String recorded = storage.lookup(dev.walferry.protocol.wal.WalFileName.parse("000000010000000000000002"))
                .orElseThrow()
                .sha256Hex();
        assertEquals(
                "{\"name\":\"000000010000000000000002\",\"kind\":\"segment\",\"size\":1048576,\"stored_at\":\"T\","
                        + "\"header\":{\"magic\":\"0xD110\",\"postgres_version\":\"15\",\"system_identifier\":"
                        + "\"7312345678901234567\",\"segment_size\":1048576,\"timeline\":1,\"page_address\":\"0/200000\","
                        + "\"block_size\":8192},\"header_error\":null,\"recorded_sha256\":\"" + recorded + "\","
                        + "\"recorded_size\":1048576,\"actual_sha256\":\"" + actual + "\",\"checksum_ok\":false}\n",
                FlatJson.stable(r.out()));
    }

    @Test
    void show_missingFile_exitsOne() {
        Result r = archive("show", "000000010000000000000009");
        assertEquals(1, r.code(), r.toString());
        assertEquals(
                "walferry archive show: error: 000000010000000000000009 is not in archive " + dir.toAbsolutePath()
                        + "\n",
                r.err());
    }

    @Test
    void list_marksHistoryAndPartial_filtersByTimeline() {
        Result r = archive("list");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(10, lines.size(), r.out());
        assertTrue(lines.get(4).startsWith("000000010000000000000005.partial            1048576  "), lines.get(4));
        assertTrue(lines.get(4).endsWith("  partial"), lines.get(4));
        assertTrue(lines.get(5).startsWith("00000002.history"), lines.get(5));
        assertTrue(lines.get(5).endsWith("  history"), lines.get(5));
        assertEquals("9 files, 8.0 MiB", lines.get(9));
        Result tl2 = archive("list", "--timeline", "2", "--from", "000000020000000000000006", "--json");
        assertEquals(
                "{\"files\":[{\"name\":\"000000020000000000000006\",\"kind\":\"segment\",\"timeline\":2,"
                        + "\"size\":1048576,\"stored_at\":\"T\",\"sha256\":\"H\"},{\"name\":\"000000020000000000000007\","
                        + "\"kind\":\"segment\",\"timeline\":2,\"size\":1048576,\"stored_at\":\"T\",\"sha256\":\"H\"}]}\n",
                FlatJson.stable(tl2.out()));
    }

    @Test
    void cleanup_dryRunRemovesNothing_thenRemovesOlderOfAllTimelinesKeepingHistory() throws Exception {
        List<String> before = names();
        Result dry = archive("cleanup", "--dry-run", "000000020000000000000006");
        assertEquals(0, dry.code(), dry.toString());
        assertEquals(before, names());
        String expected = "000000010000000000000001\n000000010000000000000002\n000000010000000000000003\n"
                + "000000010000000000000004\n000000010000000000000005.partial\n000000020000000000000005\n";
        assertEquals(
                expected.replaceAll("(?m)^(?=0)", "would remove ") + "archive " + dir.toAbsolutePath()
                        + ": would remove 6 files older than 000000020000000000000006\n",
                dry.out());
        Result real = archive("cleanup", "000000020000000000000006");
        assertEquals(0, real.code(), real.toString());
        assertEquals(
                expected.replaceAll("(?m)^(?=0)", "removed ") + "archive " + dir.toAbsolutePath()
                        + ": removed 6 files older than 000000020000000000000006\n",
                real.out());
        assertEquals(List.of("00000002.history", "000000020000000000000006", "000000020000000000000007"), names());
        Result status = archive("status");
        assertEquals(0, status.code(), "cleanup must not make a gap: " + status);
    }

    @Test
    void cleanup_notASegmentName_isUsageError() {
        Result r = archive("cleanup", "00000002.history");
        assertEquals(2, r.code(), r.toString());
        assertEquals(
                "walferry archive cleanup: error: invalid restart file name \"00000002.history\": a .history file"
                        + " names no segment; expected a WAL segment, .partial or .backup name (%r)\n",
                r.err());
    }

    @Test
    void anyCommand_dirWithoutArchive_isUsageError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = walferry("archive", "status", "--dir", empty.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(
                "walferry archive status: error: --dir: " + empty + " is not a walferry archive (no .walferry/"
                        + " directory)\n",
                r.err());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String sha(Path p) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void verify_fileCopiedInByAnotherTool_reportsNoChecksum() throws Exception {
        Files.write(dir.resolve(SyntheticWal.name(2, 8)), SyntheticWal.segment(2, 8, SyntheticSegments.SYSTEM_ID, 8));
        Result r = archive("verify");
        assertEquals(15, r.code(), r.toString());
        assertTrue(
                r.out().startsWith("no_checksum 000000020000000000000008: no checksum record (size 1048576,"), r.out());
        assertFalse(r.out().contains("gap"), r.out());
    }
}
