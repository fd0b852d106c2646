package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Synthetic WAL files for tests: segments whose first 40 bytes are a valid little-endian long page header
 * ({@link WalPageHeader}), filled with deterministic pseudo-random bytes. Segments are 1 MiB (the smallest
 * legal segment size) to keep tests fast. Copy freely.
 */
public final class TestSegments {

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

    private TestSegments() {
    }

    /** Segment {@code seg} of log 0 on {@code timeline}. */
    public static WalFileName name(long timeline, long seg) {
        return WalFileName.segment(timeline, 0, seg);
    }

    /** A 1 MiB segment of {@link #SYSTEM_ID} for {@code name}, body from {@code seed}. */
    public static byte[] segment(WalFileName name, long seed) {
        return segment(name, SYSTEM_ID, SEGMENT_SIZE, seed);
    }

    /** A segment of {@code segmentSize} bytes for {@code name} of cluster {@code systemId}. */
    public static byte[] segment(WalFileName name, long systemId, int segmentSize, long seed) {
        byte[] bytes = new byte[segmentSize];
        new Random(seed).nextBytes(bytes);
        long pageAddress = name.segmentNumber(segmentSize) * segmentSize;
        System.arraycopy(header(name.timeline(), pageAddress, systemId, segmentSize), 0, bytes, 0,
                WalPageHeader.LENGTH);
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
        return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static WalFileName historyName(long timeline) {
        return WalFileName.parse(String.format("%08X.history", timeline));
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
