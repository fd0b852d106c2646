package dev.walferry.protocol.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class WalFileNamePropertiesTest {

    private static final long U32 = 0xFFFF_FFFFL;

    @Provide
    Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, U32);
    }

    @Property
    void parse_formattedSegment_roundTrips(@ForAll("u32") long tli, @ForAll("u32") long log, @ForAll("u32") long seg) {
        String text = String.format("%08X%08X%08X", tli, log, seg);
        WalFileName n = WalFileName.parse(text);
        assertEquals(text, n.toString());
        assertEquals(tli, n.timeline());
        assertEquals(log, n.log());
        assertEquals(seg, n.segment());
        assertEquals(n, WalFileName.segment(tli, log, seg));
    }

    @Property
    void compareTo_segments_agreesWithTimelineLogSegmentOrder(
            @ForAll("u32") long t1,
            @ForAll("u32") long l1,
            @ForAll("u32") long s1,
            @ForAll("u32") long t2,
            @ForAll("u32") long l2,
            @ForAll("u32") long s2) {
        Comparator<long[]> triples = Comparator.<long[]>comparingLong(a -> a[0])
                .thenComparingLong(a -> a[1])
                .thenComparingLong(a -> a[2]);
        int expected = Integer.signum(triples.compare(new long[] {t1, l1, s1}, new long[] {t2, l2, s2}));
        WalFileName a = WalFileName.segment(t1, l1, s1);
        WalFileName b = WalFileName.segment(t2, l2, s2);
        assertEquals(expected, Integer.signum(a.compareTo(b)));
        assertEquals(-expected, Integer.signum(b.compareTo(a)));
        // fixed-width upper-case hex: the name order is the string order PostgreSQL relies on
        assertEquals(expected, Integer.signum(a.toString().compareTo(b.toString())));
    }

    @Property
    void segmentNumber_ofSegmentHoldingLsn_isLsnDividedBySegmentSize(
            @ForAll @IntRange(min = 20, max = 30) int sizeLog2,
            @ForAll @LongRange(min = 0) long lsn,
            @ForAll @LongRange(min = 1, max = U32) long tli) {
        long segmentSize = 1L << sizeLog2;
        // PostgreSQL's XLogFileName: log = LSN / 4 GiB, seg = (LSN mod 4 GiB) / segment size
        WalFileName n = WalFileName.segment(tli, lsn >>> 32, (lsn & U32) / segmentSize);
        assertEquals(lsn / segmentSize, n.segmentNumber(segmentSize));
    }

    @Property
    void parse_nameWithForbiddenCharacter_isRefused(
            @ForAll("u32") long tli, @ForAll @IntRange(max = 23) int at, @ForAll("forbidden") char c) {
        StringBuilder b = new StringBuilder(String.format("%08X%08X%08X", tli, 0, 1));
        b.setCharAt(at, c);
        assertThrows(IllegalArgumentException.class, () -> WalFileName.parse(b.toString()));
    }

    @Provide
    Arbitrary<Character> forbidden() {
        return Arbitraries.chars().all().filter(c -> !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'F'));
    }
}
