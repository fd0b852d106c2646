package dev.walferry.protocol.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Synthetic WAL files: segments whose first 40 bytes are a valid little-endian long page header ({@link WalPageHeader},
 * PostgreSQL 15's magic) followed by deterministic pseudo-random bytes, and timeline history files as PostgreSQL
 * writes them. The one generator of the project: the start-up cache trainer ({@code walferry cds}) pushes such segments,
 * and every module's tests use it. Segments are 1 MiB by default, the smallest legal size, to keep work small.
 */
public final class SyntheticSegments {

    /** Segment size used by default: 1 MiB, legal since PostgreSQL 11's --wal-segsize. */
    public static final int SEGMENT_SIZE = 1 << 20;
    /** A system identifier as initdb makes them (timestamp in the high bits). */
    public static final long SYSTEM_ID = 7_312_345_678_901_234_567L;
    /** Another cluster's identifier. */
    public static final long OTHER_SYSTEM_ID = 7_400_000_000_000_000_042L;
    /** PostgreSQL 15's page magic. */
    public static final int PG15_MAGIC = 0xD110;
    /** WAL block size written into headers. */
    public static final int BLOCK_SIZE = 8192;

    private SyntheticSegments() {}

    /** The name of segment number {@code segno} on {@code timeline} with segments of {@link #SEGMENT_SIZE}. */
    public static WalFileName name(long timeline, long segno) {
        long perLog = 0x1_0000_0000L / SEGMENT_SIZE;
        return WalFileName.segment(timeline, segno / perLog, segno % perLog);
    }

    /** A segment of {@link #SEGMENT_SIZE} for {@code name} of {@link #SYSTEM_ID}, body from {@code seed}. */
    public static byte[] segment(WalFileName name, long seed) {
        return segment(name, SYSTEM_ID, SEGMENT_SIZE, seed);
    }

    /** A segment of {@link #SEGMENT_SIZE} for {@code name} of cluster {@code systemId}, body from {@code seed}. */
    public static byte[] segment(WalFileName name, long systemId, long seed) {
        return segment(name, systemId, SEGMENT_SIZE, seed);
    }

    /** A segment of {@code segmentSize} bytes for {@code name} of cluster {@code systemId}, body from {@code seed}. */
    public static byte[] segment(WalFileName name, long systemId, int segmentSize, long seed) {
        byte[] bytes = new byte[segmentSize];
        new Random(seed).nextBytes(bytes);
        long pageAddress = name.segmentNumber(segmentSize) * segmentSize;
        System.arraycopy(
                header(name.timeline(), pageAddress, systemId, segmentSize), 0, bytes, 0, WalPageHeader.LENGTH);
        return bytes;
    }

    /** The 40-byte long page header (magic 0xD110, info XLP_LONG_HEADER, block size 8192). */
    public static byte[] header(long timeline, long pageAddress, long systemId, int segmentSize) {
        ByteBuffer b = ByteBuffer.allocate(WalPageHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) PG15_MAGIC);
        b.putShort((short) WalPageHeader.XLP_LONG_HEADER);
        b.putInt((int) timeline);
        b.putLong(pageAddress);
        b.putInt(0); // xlp_rem_len
        b.putInt(0); // padding
        b.putLong(systemId);
        b.putInt(segmentSize);
        b.putInt(BLOCK_SIZE);
        return b.array();
    }

    /** A timeline history file as PostgreSQL writes it after a promotion to {@code timeline}. */
    public static byte[] history(long timeline) {
        StringBuilder s = new StringBuilder();
        for (long t = 1; t < timeline; t++) {
            s.append(t).append('\t').append(Long.toHexString(t)).append("/3000000\tno recovery target specified\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The name of the history file of {@code timeline}. */
    public static WalFileName historyName(long timeline) {
        return WalFileName.parse(String.format("%08X.history", timeline));
    }
}
