package dev.walferry.protocol.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The long page header at the start of every WAL segment ({@code XLogLongPageHeaderData}), as written
 * by a little-endian server:
 * <pre>
 *   offset size field
 *   0      2    xlp_magic        page magic, one value per major version
 *   2      2    xlp_info         flags; XLP_LONG_HEADER (0x0002) must be set
 *   4      4    xlp_tli          timeline of the page
 *   8      8    xlp_pageaddr     LSN of the page (segment number * segment size)
 *   16     4    xlp_rem_len
 *   20     4    (padding)
 *   24     8    xlp_sysid        system identifier
 *   32     4    xlp_seg_size     segment size
 *   36     4    xlp_xlog_blcksz  WAL block size
 * </pre>
 */
public record WalPageHeader(
        int magic, int info, long timeline, long pageAddress, long systemIdentifier, int segmentSize, int blockSize) {

    /** Bytes of the long header that are parsed. */
    public static final int LENGTH = 40;

    /** Flag in xlp_info marking a long header. */
    public static final int XLP_LONG_HEADER = 0x0002;

    private static final Map<Integer, String> VERSIONS = Map.ofEntries(
            Map.entry(0xD093, "9.6"),
            Map.entry(0xD097, "10"),
            Map.entry(0xD098, "11"),
            Map.entry(0xD101, "12"),
            Map.entry(0xD106, "13"),
            Map.entry(0xD10D, "14"),
            Map.entry(0xD110, "15"),
            Map.entry(0xD113, "16"),
            Map.entry(0xD116, "17"),
            Map.entry(0xD118, "18"));

    /**
     * Parses the first {@value #LENGTH} bytes.
     *
     * @throws IllegalArgumentException when the bytes are too short or not a plausible long page header
     */
    public static WalPageHeader parse(byte[] bytes, int offset, int length) {
        if (length < LENGTH) {
            throw new IllegalArgumentException("too short for a WAL long page header: " + length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        int magic = Short.toUnsignedInt(b.getShort(offset));
        int info = Short.toUnsignedInt(b.getShort(offset + 2));
        long tli = Integer.toUnsignedLong(b.getInt(offset + 4));
        long pageAddr = b.getLong(offset + 8);
        long sysid = b.getLong(offset + 24);
        int segSize = b.getInt(offset + 32);
        int blcksz = b.getInt(offset + 36);
        if ((magic & 0xFF00) != 0xD000 && (magic & 0xFF00) != 0xD100) {
            throw new IllegalArgumentException(String.format("bad WAL page magic 0x%04X", magic));
        }
        if ((info & XLP_LONG_HEADER) == 0) {
            throw new IllegalArgumentException(
                    String.format("first page lacks the long header flag (xlp_info 0x%04X)", info));
        }
        if (segSize < (1 << 20) || segSize > (1 << 30) || Integer.bitCount(segSize) != 1) {
            throw new IllegalArgumentException("implausible WAL segment size " + Integer.toUnsignedString(segSize));
        }
        if (blcksz < 1024 || blcksz > 65536 || Integer.bitCount(blcksz) != 1) {
            throw new IllegalArgumentException("implausible WAL block size " + Integer.toUnsignedString(blcksz));
        }
        return new WalPageHeader(magic, info, tli, pageAddr, sysid, segSize, blcksz);
    }

    public static WalPageHeader parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** PostgreSQL major version for a page magic, or "unknown (0xNNNN)". */
    public static String versionForMagic(int magic) {
        String v = VERSIONS.get(magic);
        return v != null ? v : String.format("unknown (0x%04X)", magic);
    }

    public SegmentIdentity identity() {
        return new SegmentIdentity(systemIdentifier, segmentSize, magic);
    }

    /**
     * Checks that this header belongs to the segment named {@code name} of {@code fileSize} bytes.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public void checkMatches(WalFileName name, long fileSize) {
        if (fileSize != segmentSize) {
            throw new IllegalArgumentException(
                    "file is " + fileSize + " bytes but its header says segment size " + segmentSize);
        }
        // The first segment of a new timeline is a copy of the old timeline's segment, so its first page
        // may carry an older timeline; a newer one than the name's never happens.
        if (timeline > name.timeline() || timeline == 0) {
            throw new IllegalArgumentException(
                    "header timeline " + timeline + " does not fit the name's timeline " + name.timeline());
        }
        long expected = name.segmentNumber(segmentSize) * segmentSize;
        if (pageAddress != expected) {
            throw new IllegalArgumentException(String.format(
                    "header page address %X/%X differs from the name's %X/%X",
                    pageAddress >>> 32, pageAddress & 0xFFFFFFFFL, expected >>> 32, expected & 0xFFFFFFFFL));
        }
    }
}
