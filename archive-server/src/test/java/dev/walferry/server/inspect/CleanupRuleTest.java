package dev.walferry.server.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.walferry.protocol.wal.WalFileName;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CleanupRuleTest {

    private static final List<WalFileName> FILES = Stream.of(
            "000000010000000000000001", "000000010000000000000002", "000000010000000000000003",
            "000000010000000000000003.partial", "000000010000000000000002.00000028.backup",
            "00000002.history", "000000020000000000000003", "000000020000000000000004",
            "000000020000000000000005", "000000010000000100000000").map(WalFileName::parse).toList();

    private static List<String> removed(String r, boolean backups) {
        return CleanupRule.keepingFrom(r, backups).select(FILES).stream().map(WalFileName::toString).toList();
    }

    @Test
    void select_removesOlderSegmentsOfEveryTimeline_keepsHistory() {
        assertEquals(List.of("000000010000000000000001", "000000010000000000000002", "000000010000000000000003",
                "000000010000000000000003.partial", "000000020000000000000003"),
                removed("000000020000000000000004", false));
    }

    @Test
    void select_partialOfTheKeptSegment_isKept() {
        assertEquals(List.of("000000010000000000000001", "000000010000000000000002"),
                removed("000000010000000000000003", false));
    }

    @Test
    void keepingFrom_backupOrPartialName_isStrippedToItsSegment() {
        assertEquals("000000010000000000000003",
                CleanupRule.keepingFrom("000000010000000000000003.00000028.backup", false).oldestKept());
        assertEquals("000000010000000000000003",
                CleanupRule.keepingFrom("000000010000000000000003.partial", false).oldestKept());
    }

    @Test
    void select_backupFiles_onlyWithBackupHistory() {
        assertEquals(List.of("000000010000000000000001", "000000010000000000000002",
                "000000010000000000000002.00000028.backup"), removed("000000020000000000000003", true));
    }

    @Test
    void keepingFrom_historyOrGarbage_isRefused() {
        assertEquals("%r \"00000002.history\" is a history file, not a WAL segment name",
                assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepingFrom("00000002.history", false))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepingFrom("../etc", false));
    }
}
