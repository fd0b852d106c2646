package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which segments an archive lacks, per timeline, following the timeline history files. A {@code .partial}
 * file counts for its segment. Rules:
 * <ul>
 *   <li>within a timeline, every segment between its first and its last must be there;</li>
 *   <li>for a timeline T whose history says it branched from P at LSN X (segment s = X / segment size):
 *       when the archive holds segments of P, P must reach segment s-1 and T must begin at s or earlier.
 *       Moving from P to T at s is a switch, not a gap. Without segments of P (removed by cleanup, or archived
 *       elsewhere) nothing before T's first segment is required;</li>
 *   <li>a timeline above 1 with segments but no history file is reported apart: recovery cannot follow it.</li>
 * </ul>
 *
 * @param timelines       what each timeline holds, by timeline
 * @param gaps            missing segments, by timeline and position
 * @param missingHistory  timelines above 1 that have segments but no history file
 */
public record Continuity(List<TimelineSpan> timelines, List<Gap> gaps, List<Long> missingHistory) {

    public static Continuity check(
            Collection<WalFileName> files, long segmentSize, Map<Long, TimelineHistory> histories) {
        TreeMap<Long, TreeSet<Long>> segments = new TreeMap<>();
        for (WalFileName n : files) {
            if (n.kind() == WalFileKind.SEGMENT || n.kind() == WalFileKind.PARTIAL) {
                segments.computeIfAbsent(n.timeline(), t -> new TreeSet<>()).add(n.segmentNumber(segmentSize));
            }
        }
        List<TimelineSpan> spans = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        segments.forEach((tli, segnos) -> {
            spans.add(new TimelineSpan(
                    tli, name(tli, segnos.first(), segmentSize), name(tli, segnos.last(), segmentSize), segnos.size()));
            gaps.addAll(within(tli, segnos, segmentSize));
        });
        for (TimelineHistory h : histories.values()) {
            TimelineHistory.Switch sw = h.parentSwitch();
            NavigableSet<Long> parent = segments.get(sw == null ? -1L : sw.parent());
            if (parent == null) {
                continue;
            }
            long s = Long.divideUnsigned(sw.lsn(), segmentSize);
            if (parent.last() < s - 1) {
                gaps.add(gap(sw.parent(), parent.last() + 1, s - 1, segmentSize));
            }
            NavigableSet<Long> child = segments.get(h.timeline());
            if (child != null && child.first() > s) {
                gaps.add(gap(h.timeline(), s, child.first() - 1, segmentSize));
            }
        }
        gaps.sort(Comparator.comparing(Gap::first));
        List<Long> missing = new ArrayList<>();
        Set<Long> known = histories.keySet();
        for (Long tli : segments.keySet()) {
            if (tli > 1 && !known.contains(tli)) {
                missing.add(tli);
            }
        }
        return new Continuity(List.copyOf(spans), List.copyOf(gaps), List.copyOf(missing));
    }

    /** Gaps between the segments of one timeline. */
    static List<Gap> within(long tli, NavigableSet<Long> segnos, long segmentSize) {
        List<Gap> out = new ArrayList<>();
        Long prev = null;
        for (long s : segnos) {
            if (prev != null && s > prev + 1) {
                out.add(gap(tli, prev + 1, s - 1, segmentSize));
            }
            prev = s;
        }
        return out;
    }

    private static Gap gap(long tli, long first, long last, long segmentSize) {
        return new Gap(tli, name(tli, first, segmentSize), name(tli, last, segmentSize), last - first + 1);
    }

    /** The segment name of segment number {@code segno} on {@code tli}. */
    static WalFileName name(long tli, long segno, long segmentSize) {
        long perLog = 0x1_0000_0000L / segmentSize;
        return WalFileName.segment(tli, segno / perLog, segno % perLog);
    }
}
