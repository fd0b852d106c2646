package dev.walferry.server.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.protocol.wal.WalFileName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ContinuityTest {

    private static final long SEG = 1 << 20;

    private static WalFileName seg(long tli, long segno) {
        return Continuity.name(tli, segno, SEG);
    }

    private static List<WalFileName> segs(long tli, long... segnos) {
        return LongStream.of(segnos).mapToObj(s -> seg(tli, s)).toList();
    }

    private static List<WalFileName> all(List<WalFileName>... parts) {
        List<WalFileName> out = new ArrayList<>();
        for (List<WalFileName> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private static TimelineHistory history(long tli, long parent, long switchLsn) {
        return new TimelineHistory(tli, List.of(new TimelineHistory.Switch(parent, switchLsn)));
    }

    @Test
    void check_contiguousTimeline_hasNoGaps() {
        Continuity c = Continuity.check(segs(1, 1, 2, 3), SEG, Map.of());
        assertEquals(List.of(), c.gaps());
        assertEquals(List.of(new TimelineSpan(1, seg(1, 1), seg(1, 3), 3)), c.timelines());
    }

    @Test
    void check_missingMiddleSegments_reportsOneGapWithCount() {
        Continuity c = Continuity.check(segs(1, 1, 2, 5, 6), SEG, Map.of());
        assertEquals(List.of(new Gap(1, seg(1, 3), seg(1, 4), 2)), c.gaps());
    }

    @Test
    void check_timelineSwitchWithHistory_isNotAGap() {
        // TL1 has 1..4 and 5.partial; TL2 branched at 0/5000028 (in segment 5) and holds 5..7
        List<WalFileName> files = all(
                segs(1, 1, 2, 3, 4),
                List.of(WalFileName.parse(seg(1, 5) + ".partial")),
                segs(2, 5, 6, 7),
                List.of(WalFileName.parse("00000002.history")));
        Continuity c = Continuity.check(files, SEG, Map.of(2L, history(2, 1, 5 * SEG + 0x28)));
        assertEquals(List.of(), c.gaps());
        assertEquals(List.of(), c.missingHistory());
        assertEquals(2, c.timelines().size());
    }

    @Test
    void check_parentEndsBeforeSwitch_reportsGapOnParent() {
        Continuity c = Continuity.check(all(segs(1, 1, 2), segs(2, 5, 6)), SEG, Map.of(2L, history(2, 1, 5 * SEG)));
        assertEquals(List.of(new Gap(1, seg(1, 3), seg(1, 4), 2)), c.gaps());
    }

    @Test
    void check_childStartsAfterSwitch_reportsGapOnChild() {
        Continuity c =
                Continuity.check(all(segs(1, 1, 2, 3, 4), segs(2, 7)), SEG, Map.of(2L, history(2, 1, 5 * SEG + 100)));
        assertEquals(List.of(new Gap(2, seg(2, 5), seg(2, 6), 2)), c.gaps());
    }

    @Test
    void check_parentCleanedUp_requiresNothingBeforeChild() {
        Continuity c = Continuity.check(segs(2, 9, 10), SEG, Map.of(2L, history(2, 1, 5 * SEG)));
        assertEquals(List.of(), c.gaps());
    }

    @Test
    void check_timelineWithoutHistory_isReported() {
        Continuity c = Continuity.check(all(segs(1, 1, 2), segs(2, 2, 3)), SEG, Map.of());
        assertEquals(List.of(2L), c.missingHistory());
    }

    @Test
    void check_segmentsAcrossLogBoundary_areContiguous() {
        long perLog = 0x1_0000_0000L / SEG;
        Continuity c = Continuity.check(segs(1, perLog - 1, perLog, perLog + 1), SEG, Map.of());
        assertEquals(List.of(), c.gaps());
        assertEquals("000000010000000100000001", c.timelines().get(0).last().toString());
    }

    @Property(tries = 200)
    void gapsAndPresentSegments_partitionTheSpan(
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 60) Long> present) {
        TreeSet<Long> set = new TreeSet<>(present);
        Continuity c = Continuity.check(set.stream().map(s -> seg(1, s)).toList(), SEG, Map.of());
        TreeSet<Long> covered = new TreeSet<>(set);
        long missing = 0;
        for (Gap g : c.gaps()) {
            for (long s = g.first().segmentNumber(SEG); s <= g.last().segmentNumber(SEG); s++) {
                assertEquals(true, covered.add(s), "gap overlaps a present segment or another gap: " + s);
            }
            missing += g.count();
        }
        assertEquals(set.last() - set.first() + 1, covered.size());
        assertEquals(covered.first(), set.first());
        assertEquals(covered.last(), set.last());
        assertEquals(set.last() - set.first() + 1 - set.size(), missing);
    }
}
