package dev.walferry.client.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.wal.WalFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore spool serves a file only to a restore of the same archive and receiver it was filled from. */
class PrefetchSpoolTest {

    static final WalFileName SEG = WalFileName.parse("000000010000000000000005");

    @TempDir
    Path tmp;

    @Test
    void take_fromSpoolOfTheSameSource_movesTheFile() throws Exception {
        PrefetchSpool spool = PrefetchSpool.open(tmp.resolve("spool"));
        spool.claim("main@rx:7632");
        Files.write(spool.pathOf(SEG), new byte[] {1, 2, 3});
        Path dest = tmp.resolve("RECOVERYXLOG");

        assertTrue(spool.take(SEG, dest, "main@rx:7632"));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dest));
        assertFalse(Files.exists(spool.pathOf(SEG)));
    }

    @Test
    void take_fromSpoolOfAnotherArchive_servesNothing_andClaimingEmptiesIt() throws Exception {
        PrefetchSpool spool = PrefetchSpool.open(tmp.resolve("spool"));
        spool.claim("old@rx:7632");
        Files.write(spool.pathOf(SEG), new byte[] {9});
        Path dest = tmp.resolve("RECOVERYXLOG");

        assertFalse(spool.take(SEG, dest, "main@rx:7632"));
        assertFalse(Files.exists(dest));

        spool.claim("main@rx:7632");
        assertFalse(Files.exists(spool.pathOf(SEG)), "files of the old source are gone");
        assertEquals("main@rx:7632", spool.source());
    }

    @Test
    void prune_dropsPassedSegments_otherTimelines_andOnesBeyondTheDepth() throws Exception {
        PrefetchSpool spool = PrefetchSpool.open(tmp.resolve("spool"));
        for (String n : new String[] {
            "000000010000000000000004",
            "000000010000000000000006",
            "000000010000000000000009",
            "000000020000000000000006"
        }) {
            Files.write(spool.dir().resolve(n), new byte[] {1});
        }
        spool.prune(SEG, 16 << 20, 2);
        try (var s = Files.list(spool.dir())) {
            assertEquals(
                    java.util.List.of("000000010000000000000006"),
                    s.map(p -> p.getFileName().toString())
                            .filter(WalFileName::isValid)
                            .sorted()
                            .toList());
        }
    }

    @Test
    void prune_keepsTheRequestedSegment_whichTheLauncherMarksBeforeItRenamesIt() throws Exception {
        // docs/spool.md: the launcher writes .requested, then renames SEGMENT out; a prune in between must not
        // delete the very segment being restored
        PrefetchSpool spool = PrefetchSpool.open(tmp.resolve("spool"));
        Files.write(spool.pathOf(SEG), new byte[] {1});
        spool.prune(SEG, 16 << 20, 2);
        assertTrue(Files.exists(spool.pathOf(SEG)));
    }

    @Test
    void inWindow_isTheKSegmentsAfterTheRequestedOne_onItsTimeline() {
        long size = 16 << 20;
        assertFalse(PrefetchSpool.inWindow(SEG, SEG, size, 2));
        assertTrue(PrefetchSpool.inWindow(WalFileName.parse("000000010000000000000006"), SEG, size, 2));
        assertTrue(PrefetchSpool.inWindow(WalFileName.parse("000000010000000000000007"), SEG, size, 2));
        assertFalse(PrefetchSpool.inWindow(WalFileName.parse("000000010000000000000008"), SEG, size, 2));
        assertFalse(PrefetchSpool.inWindow(WalFileName.parse("000000020000000000000006"), SEG, size, 2));
    }
}
