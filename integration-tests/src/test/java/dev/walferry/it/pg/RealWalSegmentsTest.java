package dev.walferry.it.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class RealWalSegmentsTest {

    @Test
    void make_threeSegments_writesConsecutiveCompletedSegmentsAndAHistoryFile(@TempDir Path out) throws IOException {
        RealWalSegments wal = RealWalSegments.make(out, 3);

        assertEquals(3, wal.segments().size());
        for (int i = 0; i < 3; i++) {
            Path segment = wal.segments().get(i);
            WalFileName name = WalFileName.parse(segment.getFileName().toString());
            assertEquals(WalFileKind.SEGMENT, name.kind());
            assertEquals(1, name.timeline());
            assertEquals(i + 1, name.segment());
            assertEquals(16 * 1024 * 1024, Files.size(segment));
            WalPageHeader header = WalPageHeader.parse(firstBytes(segment));
            assertEquals(wal.systemIdentifier(), header.systemIdentifier());
        }
        assertEquals("00000002.history", wal.history().getFileName().toString());
        assertTrue(Files.readString(wal.history()).startsWith("1\t0/"), Files.readString(wal.history()));
        assertEquals(4, Files.list(out).count());
    }

    private static byte[] firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(WalPageHeader.LENGTH);
        }
    }
}
