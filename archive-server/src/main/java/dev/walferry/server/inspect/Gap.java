package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileName;

/**
 * Segments missing from a timeline: every segment from {@code first} to {@code last}, both included.
 *
 * @param timeline the timeline
 * @param first    first missing segment
 * @param last     last missing segment
 * @param count    how many segments are missing
 */
public record Gap(long timeline, WalFileName first, WalFileName last, long count) {

    /** {@code FIRST} or {@code FIRST..LAST}. */
    public String range() {
        return first.equals(last) ? first.toString() : first + ".." + last;
    }

    /** Parses {@link #range()}. */
    public static Gap parse(String range, long segmentSize) {
        int dots = range.indexOf("..");
        WalFileName first = WalFileName.parse(dots < 0 ? range : range.substring(0, dots));
        WalFileName last = dots < 0 ? first : WalFileName.parse(range.substring(dots + 2));
        return new Gap(
                first.timeline(), first, last, last.segmentNumber(segmentSize) - first.segmentNumber(segmentSize) + 1);
    }
}
