package dev.walferry.server.inspect;

import static dev.walferry.server.inspect.SampleArchive.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.server.storage.ArchiveReader;
import dev.walferry.server.storage.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {

    @TempDir
    Path dir;

    private VerifyReport verify() throws Exception {
        return Verifier.run(ArchiveReader.of(dir), 2, (done, total) -> {});
    }

    @Test
    void verify_wholeArchiveWithTimelineSwitch_findsNothing() throws Exception {
        SampleArchive.build(dir);
        VerifyReport r = verify();
        assertEquals(List.of(), r.findings());
        assertEquals(9, r.files());
        assertEquals(8 * SampleArchive.SEG + SampleArchive.HISTORY_2.length(), r.bytes());
    }

    @Test
    void verify_flippedByte_reportsChecksumMismatchOfThatFile() throws Exception {
        SampleArchive.build(dir);
        SampleArchive.flipByte(dir, seg(1, 3), 4096);
        byte[] original = SyntheticSegments.segment(seg(1, 3), 3);
        byte[] damaged = Files.readAllBytes(dir.resolve(seg(1, 3).toString()));
        List<Finding> f = verify().findings();
        assertEquals(
                List.of(new Finding(
                        Finding.Kind.CHECKSUM_MISMATCH,
                        "000000010000000000000003",
                        "sha256 " + hex(Sha256.of(damaged)) + " but recorded " + hex(Sha256.of(original)))),
                f);
    }

    @Test
    void verify_deletedMiddleSegment_reportsGapOnItsTimeline() throws Exception {
        SampleArchive.build(dir);
        Files.delete(dir.resolve(seg(2, 6).toString()));
        assertEquals(
                List.of(new Finding(Finding.Kind.GAP, "000000020000000000000006", "1 segment missing on timeline 2")),
                verify().findings());
    }

    @Test
    void verify_deletedHistory_reportsMissingHistory() throws Exception {
        SampleArchive.build(dir);
        Files.delete(dir.resolve("00000002.history"));
        assertEquals(
                List.of(new Finding(
                        Finding.Kind.MISSING_HISTORY,
                        "00000002.history",
                        "timeline 2 has segments but no history file")),
                verify().findings());
    }

    @Test
    void verify_oldTempFile_isLeftover_freshOneIsATransfer() throws Exception {
        SampleArchive.build(dir);
        SampleArchive.temp(dir, "in-000000020000000000000008-1.tmp", 3600);
        SampleArchive.temp(dir, "in-000000020000000000000009-2.tmp", 5);
        List<Finding> f = verify().findings();
        assertEquals(1, f.size(), f.toString());
        assertEquals(Finding.Kind.LEFTOVER_TEMP, f.get(0).kind());
        assertEquals("in-000000020000000000000008-1.tmp", f.get(0).subject());
    }

    @Test
    void verify_fileCopiedInWithoutRecord_reportsNoChecksum() throws Exception {
        SampleArchive.build(dir);
        byte[] extra = SyntheticSegments.segment(seg(2, 8), 8);
        Files.write(dir.resolve(seg(2, 8).toString()), extra);
        assertEquals(
                List.of(new Finding(
                        Finding.Kind.NO_CHECKSUM,
                        "000000020000000000000008",
                        "no checksum record (size " + extra.length + ", sha256 " + hex(Sha256.of(extra)) + ")")),
                verify().findings());
    }

    @Test
    void status_deletedMiddleAndTruncatedFile_reportsGapAndSizeMismatch() throws Exception {
        SampleArchive.build(dir);
        Files.delete(dir.resolve(seg(1, 2).toString()));
        Files.write(dir.resolve(seg(2, 7).toString()), new byte[10]);
        ArchiveStatus s = ArchiveStatus.of(ArchiveReader.of(dir), System.currentTimeMillis());
        assertEquals(1, s.gapCount());
        assertEquals("000000010000000000000002", s.firstGaps().get(0).range());
        assertEquals(List.of("000000020000000000000007"), s.sizeMismatches());
        assertEquals(
                List.of(new TimelineSpan(1, seg(1, 1), seg(1, 5), 4), new TimelineSpan(2, seg(2, 5), seg(2, 7), 3)),
                s.timelines());
        assertEquals(
                List.of(
                        "1 gap in the WAL sequence",
                        "000000020000000000000007 differs in size from its" + " checksum record"),
                s.problems(-1));
        assertEquals(s, ArchiveStatus.fromItems(s.toItems()));
    }

    @Test
    void status_maxAge_flagsStaleNewestArrival() throws Exception {
        SampleArchive.build(dir);
        ArchiveStatus s = ArchiveStatus.of(ArchiveReader.of(dir), System.currentTimeMillis() + 7_200_000);
        assertEquals(List.of(), s.problems(3 * 3600));
        assertEquals(
                List.of("newest arrival 000000020000000000000007 is " + s.ageSeconds() + " s old (limit 3600 s)"),
                s.problems(3600));
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
