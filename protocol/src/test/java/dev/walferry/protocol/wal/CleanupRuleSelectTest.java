package dev.walferry.protocol.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CleanupRuleSelectTest {

    private static final List<WalFileName> FILES = Stream.of(
                    "000000010000000000000001",
                    "000000010000000000000002",
                    "000000010000000000000003",
                    "000000010000000000000003.partial",
                    "000000010000000000000002.00000028.backup",
                    "00000002.history",
                    "000000020000000000000003",
                    "000000020000000000000004",
                    "000000020000000000000005",
                    "000000010000000100000000")
            .map(WalFileName::parse)
            .toList();

    private static List<String> removed(String r, boolean backups) {
        return CleanupRule.keepFrom(r, backups).select(FILES).stream()
                .map(WalFileName::toString)
                .toList();
    }

    @Test
    void select_removesOlderSegmentsOfEveryTimeline_keepsHistory() {
        assertEquals(
                List.of(
                        "000000010000000000000001",
                        "000000010000000000000002",
                        "000000010000000000000003",
                        "000000010000000000000003.partial",
                        "000000020000000000000003"),
                removed("000000020000000000000004", false));
    }

    @Test
    void select_partialOfTheKeptSegment_isKept() {
        assertEquals(
                List.of("000000010000000000000001", "000000010000000000000002"),
                removed("000000010000000000000003", false));
    }

    @Test
    void keepingFrom_backupOrPartialName_isStrippedToItsSegment() {
        assertEquals(
                "000000010000000000000003",
                CleanupRule.keepFrom("000000010000000000000003.00000028.backup", false)
                        .boundary());
        assertEquals(
                "000000010000000000000003",
                CleanupRule.keepFrom("000000010000000000000003.partial", false).boundary());
    }

    @Test
    void select_backupFiles_onlyWithBackupHistory() {
        assertEquals(
                List.of(
                        "000000010000000000000001",
                        "000000010000000000000002",
                        "000000010000000000000002.00000028.backup"),
                removed("000000020000000000000003", true));
    }

    @Test
    void keepingFrom_historyOrGarbage_isRefused() {
        assertEquals(
                "invalid restart file name \"00000002.history\": a .history file names no segment; expected a WAL"
                        + " segment, .partial or .backup name (%r)",
                assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepFrom("00000002.history", false))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepFrom("../etc", false));
    }
}
