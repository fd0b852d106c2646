package dev.walferry.cli;

import dev.walferry.protocol.wal.SyntheticSegments;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of {@link SyntheticSegments} (the project's one WAL generator) as these tests name and write them. */
final class SyntheticWal {

    static final int SEGMENT_SIZE = SyntheticSegments.SEGMENT_SIZE;

    private SyntheticWal() {}

    /** A 1 MiB segment for timeline/segment number {@code segno} of cluster {@code sysid}. */
    static byte[] segment(long timeline, long segno, long sysid, long seed) {
        return SyntheticSegments.segment(SyntheticSegments.name(timeline, segno), sysid, seed);
    }

    /** The file name of segment {@code segno} with 1 MiB segments. */
    static String name(long timeline, long segno) {
        return SyntheticSegments.name(timeline, segno).toString();
    }

    static Path write(Path dir, long timeline, long segno, long sysid, long seed) throws java.io.IOException {
        Path p = dir.resolve(name(timeline, segno));
        Files.write(p, segment(timeline, segno, sysid, seed));
        return p;
    }
}
