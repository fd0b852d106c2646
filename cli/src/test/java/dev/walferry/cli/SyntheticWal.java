package dev.walferry.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Synthetic WAL segments: a valid long page header (PostgreSQL 15, little-endian) followed by filler bytes. */
final class SyntheticWal {

    static final int SEGMENT_SIZE = 1 << 20;

    private SyntheticWal() {
    }

    /** A 1 MiB segment for timeline/segment number {@code segno} of cluster {@code sysid}. */
    static byte[] segment(long timeline, long segno, long sysid, long seed) {
        byte[] b = new byte[SEGMENT_SIZE];
        new Random(seed).nextBytes(b);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort(0, (short) 0xD110);
        h.putShort(2, (short) 0x0006);
        h.putInt(4, (int) timeline);
        h.putLong(8, segno * SEGMENT_SIZE);
        h.putInt(16, 0);
        h.putInt(20, 0);
        h.putLong(24, sysid);
        h.putInt(32, SEGMENT_SIZE);
        h.putInt(36, 8192);
        return b;
    }

    /** The file name of segment {@code segno} with 1 MiB segments. */
    static String name(long timeline, long segno) {
        long perLog = 0x1_0000_0000L / SEGMENT_SIZE;
        return String.format("%08X%08X%08X", timeline, segno / perLog, segno % perLog);
    }

    static Path write(Path dir, long timeline, long segno, long sysid, long seed) throws java.io.IOException {
        Path p = dir.resolve(name(timeline, segno));
        Files.write(p, segment(timeline, segno, sysid, seed));
        return p;
    }
}
