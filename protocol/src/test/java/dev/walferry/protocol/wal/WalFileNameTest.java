package dev.walferry.protocol.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WalFileNameTest {

    @Test
    void parse_segment_splitsTimelineLogAndSegment() {
        WalFileName n = WalFileName.parse("0000000A000000FF000000FE");
        assertEquals(WalFileKind.SEGMENT, n.kind());
        assertEquals(10, n.timeline());
        assertEquals(0xFF, n.log());
        assertEquals(0xFE, n.segment());
        assertTrue(n.isSegment());
        assertEquals("0000000A000000FF000000FE", n.segmentName());
        assertEquals("0000000A000000FF000000FE", n.toString());
    }

    @Test
    void parse_maxValues_areUnsigned() {
        WalFileName n = WalFileName.parse("FFFFFFFFFFFFFFFFFFFFFFFF");
        assertEquals(0xFFFF_FFFFL, n.timeline());
        assertEquals(0xFFFF_FFFFL, n.log());
        assertEquals(0xFFFF_FFFFL, n.segment());
    }

    @Test
    void parse_history_hasTimelineOnly() {
        WalFileName n = WalFileName.parse("00000002.history");
        assertEquals(WalFileKind.HISTORY, n.kind());
        assertEquals(2, n.timeline());
        assertEquals(0, n.log());
        assertEquals(0, n.segment());
        assertFalse(n.isSegment());
        IllegalStateException e = assertThrows(IllegalStateException.class, n::segmentName);
        assertEquals("00000002.history is a history file and names no segment", e.getMessage());
    }

    @Test
    void parse_backup_namesItsSegment() {
        WalFileName n = WalFileName.parse("000000010000000000000002.00000028.backup");
        assertEquals(WalFileKind.BACKUP, n.kind());
        assertEquals(1, n.timeline());
        assertEquals(2, n.segment());
        assertEquals("000000010000000000000002", n.segmentName());
    }

    @Test
    void parse_partial_namesItsSegment() {
        WalFileName n = WalFileName.parse("000000010000000000000005.partial");
        assertEquals(WalFileKind.PARTIAL, n.kind());
        assertEquals(5, n.segment());
        assertEquals("000000010000000000000005", n.segmentName());
        assertFalse(n.isSegment());
    }

    static Stream<Arguments> refusedNames() {
        String tooLong = "0".repeat(WalFileName.MAX_LENGTH + 1);
        return Stream.of(
                Arguments.of("", "invalid WAL file name \"\": empty"),
                Arguments.of(
                        "../000000010000000000000001",
                        "invalid WAL file name \"../000000010000000000000001\": character '/' at position 2 is not allowed"),
                Arguments.of(
                        "00000001/0000000000000001",
                        "invalid WAL file name \"00000001/0000000000000001\": character '/' at position 8 is not allowed"),
                Arguments.of(
                        "..", "invalid WAL file name \"..\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "000000010000000000000001\u0000",
                        "invalid WAL file name \"000000010000000000000001\\u0000\": character U+0000 at position 24 is not allowed"),
                Arguments.of(
                        "00000001000000000000000\u00C9",
                        "invalid WAL file name \"00000001000000000000000\\u00c9\": character U+00C9 at position 23 is not allowed"),
                Arguments.of(
                        "0000000100000000000000\uFF10\uFF11",
                        "invalid WAL file name \"0000000100000000000000\\uff10\\uff11\": character U+FF10 at position 22 is not allowed"),
                Arguments.of(
                        "00000001000000000000000a",
                        "invalid WAL file name \"00000001000000000000000a\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "0000000a.history",
                        "invalid WAL file name \"0000000a.history\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "00000001000000000000001",
                        "invalid WAL file name \"00000001000000000000001\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "0000000100000000000000012",
                        "invalid WAL file name \"0000000100000000000000012\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "000000010000000000000001.HISTORY",
                        "invalid WAL file name \"000000010000000000000001.HISTORY\": not a WAL segment, .history, .backup or .partial name"),
                Arguments.of(
                        "000000010000000000000001 ",
                        "invalid WAL file name \"000000010000000000000001 \": character ' ' at position 24 is not allowed"),
                Arguments.of(
                        "000000010000000000000001\n",
                        "invalid WAL file name \"000000010000000000000001\\u000a\": character U+000A at position 24 is not allowed"),
                Arguments.of(tooLong, "invalid WAL file name \"" + tooLong + "\": longer than 64 characters"));
    }

    @ParameterizedTest
    @MethodSource("refusedNames")
    void parse_refusedName_failsWithExactMessage(String name, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalFileName.parse(name));
        assertEquals(message, e.getMessage());
        assertFalse(WalFileName.isValid(name));
    }

    @Test
    void parse_longestAcceptedLength_isChecked() {
        assertEquals(64, WalFileName.MAX_LENGTH);
        String justOver = "A".repeat(WalFileName.MAX_LENGTH + 1);
        assertEquals(
                "invalid WAL file name \"" + justOver + "\": longer than 64 characters",
                assertThrows(IllegalArgumentException.class, () -> WalFileName.parse(justOver))
                        .getMessage());
        String atLimit = "A".repeat(WalFileName.MAX_LENGTH);
        assertEquals(
                "invalid WAL file name \"" + atLimit + "\": not a WAL segment, .history, .backup or .partial name",
                assertThrows(IllegalArgumentException.class, () -> WalFileName.parse(atLimit))
                        .getMessage());
    }

    @Test
    void parse_hugeName_messageIsTruncated() {
        String huge = "/".repeat(10_000);
        String message = assertThrows(IllegalArgumentException.class, () -> WalFileName.parse(huge))
                .getMessage();
        assertEquals("invalid WAL file name \"" + "/".repeat(80) + "...\": longer than 64 characters", message);
    }

    @Test
    void parse_null_failsNamingTheParameter() {
        assertEquals(
                "name",
                assertThrows(NullPointerException.class, () -> WalFileName.parse(null))
                        .getMessage());
    }

    @Test
    void segment_formatsUpperCaseHex() {
        assertEquals(
                "0000000A0000000B000000FF", WalFileName.segment(10, 11, 255).toString());
    }

    @Test
    void segmentNumber_sixteenMiB_has256SegmentsPerLog() {
        long size = 16L << 20;
        assertEquals(0, WalFileName.parse("000000010000000000000000").segmentNumber(size));
        assertEquals(255, WalFileName.parse("0000000100000000000000FF").segmentNumber(size));
        assertEquals(256, WalFileName.parse("000000010000000100000000").segmentNumber(size));
        assertEquals(2 * 256 + 3, WalFileName.parse("000000010000000200000003").segmentNumber(size));
    }

    @Test
    void segmentNumber_otherSegmentSizes_useSegmentsPerLog() {
        assertEquals(4 * 5 + 3, WalFileName.parse("000000010000000500000003").segmentNumber(1L << 30));
        assertEquals(4096 + 7, WalFileName.parse("000000010000000100000007").segmentNumber(1L << 20));
        assertEquals(
                0xFFFF_FFFFL * 256 + 0xFF,
                WalFileName.parse("00000001FFFFFFFF000000FF").segmentNumber(16L << 20));
    }

    @Test
    void compareTo_sortsByTimelineThenLogThenSegment() {
        List<WalFileName> sorted = Stream.of(
                        "000000010000000000000001",
                        "000000010000000000000002",
                        "0000000100000000000000FF",
                        "000000010000000100000000",
                        "000000020000000000000000",
                        "0000000A0000000000000000")
                .map(WalFileName::parse)
                .toList();
        List<WalFileName> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(sorted, shuffled);
    }

    @Test
    void compareTo_sameSegment_ordersByKind() {
        WalFileName segment = WalFileName.parse("000000010000000000000002");
        WalFileName backup = WalFileName.parse("000000010000000000000002.00000028.backup");
        WalFileName partial = WalFileName.parse("000000010000000000000002.partial");
        assertTrue(segment.compareTo(backup) < 0);
        assertTrue(backup.compareTo(partial) < 0);
        assertEquals(0, segment.compareTo(WalFileName.parse("000000010000000000000002")));
    }

    @Test
    void equals_sameName_isEqualWithSameHash() {
        WalFileName a = WalFileName.parse("00000002.history");
        WalFileName b = WalFileName.parse("00000002.history");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
