package dev.walferry.protocol.wal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WalPageHeaderTest {

    private static final int PG15_MAGIC = 0xD110;
    private static final int XLP_BKP_REMOVABLE = 0x0004;
    private static final int SEG_SIZE = 16 << 20;
    private static final long SYSID = 0xF123_4567_89AB_CDEFL;

    /** An {@code XLogLongPageHeaderData} as a little-endian PostgreSQL 15 writes it. */
    private static byte[] header(int magic, int info, int tli, long pageAddr, long sysid, int segSize, int blcksz) {
        ByteBuffer b = ByteBuffer.allocate(WalPageHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) magic); // 0  xlp_magic
        b.putShort((short) info); // 2  xlp_info
        b.putInt(tli); // 4  xlp_tli
        b.putLong(pageAddr); // 8  xlp_pageaddr
        b.putInt(0); // 16 xlp_rem_len
        b.putInt(0); // 20 padding
        b.putLong(sysid); // 24 xlp_sysid
        b.putInt(segSize); // 32 xlp_seg_size
        b.putInt(blcksz); // 36 xlp_xlog_blcksz
        return b.array();
    }

    private static byte[] pg15(int tli, long pageAddr) {
        return header(
                PG15_MAGIC, WalPageHeader.XLP_LONG_HEADER | XLP_BKP_REMOVABLE, tli, pageAddr, SYSID, SEG_SIZE, 8192);
    }

    @Test
    void parse_handBuiltPg15Header_readsEveryField() {
        WalPageHeader h = WalPageHeader.parse(pg15(3, 0x2_0A00_0000L));
        assertEquals(new WalPageHeader(PG15_MAGIC, 0x0006, 3, 0x2_0A00_0000L, SYSID, SEG_SIZE, 8192), h);
        assertEquals("15", WalPageHeader.versionForMagic(h.magic()));
        SegmentIdentity id = h.identity();
        assertEquals(new SegmentIdentity(SYSID, SEG_SIZE, PG15_MAGIC), id);
        assertEquals("15", id.postgresVersion());
        assertEquals("17375808098319191535", id.systemIdentifierText());
    }

    @Test
    void parse_headerAtOffset_readsFromThere() {
        byte[] page = new byte[100];
        System.arraycopy(pg15(1, 0), 0, page, 7, WalPageHeader.LENGTH);
        assertEquals(1, WalPageHeader.parse(page, 7, 93).timeline());
    }

    @Test
    void parse_timelineAboveSignedRange_isUnsigned() {
        assertEquals(0xFFFF_FFFEL, WalPageHeader.parse(pg15(0xFFFF_FFFE, 0)).timeline());
    }

    @Test
    void versionForMagic_knownAndUnknown() {
        assertEquals("9.6", WalPageHeader.versionForMagic(0xD093));
        assertEquals("10", WalPageHeader.versionForMagic(0xD097));
        assertEquals("16", WalPageHeader.versionForMagic(0xD113));
        assertEquals("17", WalPageHeader.versionForMagic(0xD116));
        assertEquals("unknown (0xD0FF)", WalPageHeader.versionForMagic(0xD0FF));
    }

    @Test
    void parse_tooShort_fails() {
        assertEquals(
                "too short for a WAL long page header: 39 bytes",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(new byte[39]))
                        .getMessage());
    }

    @Test
    void parse_badMagic_fails() {
        byte[] b = header(0x1234, 0x0002, 1, 0, SYSID, SEG_SIZE, 8192);
        assertEquals(
                "bad WAL page magic 0x1234",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(b))
                        .getMessage());
    }

    @Test
    void parse_shortHeaderFlag_fails() {
        byte[] b = header(PG15_MAGIC, XLP_BKP_REMOVABLE, 1, 0, SYSID, SEG_SIZE, 8192);
        assertEquals(
                "first page lacks the long header flag (xlp_info 0x0004)",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(b))
                        .getMessage());
    }

    @Test
    void parse_implausibleSegmentSize_fails() {
        byte[] notPowerOfTwo = header(PG15_MAGIC, 2, 1, 0, SYSID, 3 << 20, 8192);
        assertEquals(
                "implausible WAL segment size 3145728",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(notPowerOfTwo))
                        .getMessage());
        byte[] negative = header(PG15_MAGIC, 2, 1, 0, SYSID, 1 << 31, 8192);
        assertEquals(
                "implausible WAL segment size 2147483648",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(negative))
                        .getMessage());
        byte[] tooSmall = header(PG15_MAGIC, 2, 1, 0, SYSID, 1 << 19, 8192);
        assertEquals(
                "implausible WAL segment size 524288",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(tooSmall))
                        .getMessage());
    }

    @Test
    void parse_implausibleBlockSize_fails() {
        byte[] b = header(PG15_MAGIC, 2, 1, 0, SYSID, SEG_SIZE, 1 << 17);
        assertEquals(
                "implausible WAL block size 131072",
                assertThrows(IllegalArgumentException.class, () -> WalPageHeader.parse(b))
                        .getMessage());
    }

    @Test
    void checkMatches_matchingSegment_passes() {
        WalPageHeader h = WalPageHeader.parse(pg15(2, 0x2_0A00_0000L));
        assertDoesNotThrow(() -> h.checkMatches(WalFileName.parse("00000002000000020000000A"), SEG_SIZE));
    }

    @Test
    void checkMatches_fileSizeMismatch_fails() {
        WalPageHeader h = WalPageHeader.parse(pg15(1, 0x300_0000L));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> h.checkMatches(WalFileName.parse("000000010000000000000003"), SEG_SIZE - 1));
        assertEquals("file is 16777215 bytes but its header says segment size 16777216", e.getMessage());
    }

    @Test
    void checkMatches_headerTimelineNewerThanName_fails() {
        WalPageHeader h = WalPageHeader.parse(pg15(3, 0x300_0000L));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> h.checkMatches(WalFileName.parse("000000020000000000000003"), SEG_SIZE));
        assertEquals("header timeline 3 does not fit the name's timeline 2", e.getMessage());
    }

    @Test
    void checkMatches_headerTimelineOlderThanName_passesForFirstSegmentOfNewTimeline() {
        // after promotion, the first segment of timeline 2 starts as a copy of timeline 1's segment
        WalPageHeader h = WalPageHeader.parse(pg15(1, 0x300_0000L));
        assertDoesNotThrow(() -> h.checkMatches(WalFileName.parse("000000020000000000000003"), SEG_SIZE));
    }

    @Test
    void checkMatches_headerTimelineZero_fails() {
        WalPageHeader h = WalPageHeader.parse(pg15(0, 0x300_0000L));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> h.checkMatches(WalFileName.parse("000000010000000000000003"), SEG_SIZE));
        assertEquals("header timeline 0 does not fit the name's timeline 1", e.getMessage());
    }

    @Test
    void checkMatches_pageAddressMismatch_fails() {
        WalPageHeader h = WalPageHeader.parse(pg15(1, 0x200_0000L));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> h.checkMatches(WalFileName.parse("000000010000000000000003"), SEG_SIZE));
        assertEquals("header page address 0/2000000 differs from the name's 0/3000000", e.getMessage());
    }

    @Test
    void checkMatches_pageAddressInHigherLog_printsBothHalves() {
        WalPageHeader h = WalPageHeader.parse(pg15(1, 0x2_0B00_0000L));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> h.checkMatches(WalFileName.parse("00000001000000020000000A"), SEG_SIZE));
        assertEquals("header page address 2/B000000 differs from the name's 2/A000000", e.getMessage());
    }
}
