package dev.walferry.protocol.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CleanupRuleTest {

    private final CleanupRule rule = CleanupRule.keepFrom("000000020000000100000010");

    @Test
    void olderSegment_isRemoved_whateverItsTimeline() {
        assertTrue(rule.removes("00000002000000010000000F"));
        assertTrue(rule.removes("000000010000000100000001"));
        assertTrue(rule.removes("00000003000000000000FFFF"));
    }

    @Test
    void boundaryAndLaterSegments_areKept_evenOnAnOlderTimeline() {
        assertFalse(rule.removes("000000020000000100000010"));
        assertFalse(rule.removes("000000010000000100000010"));
        assertFalse(rule.removes("000000020000000100000011"));
        assertFalse(rule.removes("000000010000000200000000"));
    }

    @Test
    void partial_olderIsRemoved_ofTheBoundaryIsKept() {
        assertTrue(rule.removes("00000001000000010000000F.partial"));
        assertFalse(rule.removes("000000010000000100000010.partial"));
    }

    @Test
    void historyBackupAndOtherNames_areNeverRemoved() {
        assertFalse(rule.removes("00000001.history"));
        assertFalse(rule.removes("000000010000000000000001.00000028.backup"));
        assertFalse(rule.removes("000000010000000000000001.zst"));
        assertFalse(rule.removes("000000010000000000000001.partial.zst"));
        assertFalse(rule.removes("00000001000000000000000a"));
        assertFalse(rule.removes(".walferry"));
        assertFalse(rule.removes("README"));
    }

    @Test
    void extension_isCutOffFirst_likePgArchivecleanupX() {
        assertTrue(rule.removes("000000010000000000000001.zst", ".zst"));
        assertTrue(rule.removes("000000010000000000000001", ".zst"));
        assertFalse(rule.removes("000000010000000100000010.zst", ".zst"));
    }

    @Test
    void keepFrom_partialOrBackupName_usesItsSegment() {
        assertEquals(
                "000000010000000000000005",
                CleanupRule.keepFrom("000000010000000000000005.partial").boundary());
        assertEquals(
                "000000010000000000000005",
                CleanupRule.keepFrom("000000010000000000000005.00000028.backup").boundary());
    }

    @Test
    void keepFrom_historyOrGarbage_isRefusedByName() {
        IllegalArgumentException h =
                assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepFrom("00000002.history"));
        assertTrue(h.getMessage().startsWith("invalid restart file name \"00000002.history\""), h.getMessage());
        IllegalArgumentException g =
                assertThrows(IllegalArgumentException.class, () -> CleanupRule.keepFrom("../etc/passwd"));
        assertTrue(g.getMessage().startsWith("invalid restart file name \"../etc/passwd\""), g.getMessage());
    }
}
