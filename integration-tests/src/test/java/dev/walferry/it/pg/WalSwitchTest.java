package dev.walferry.it.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.ProcessResult;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

@RealPostgres
class WalSwitchTest {

    private static final int SEGMENT_SIZE = 16 * 1024 * 1024;

    @Test
    void switchWal_afterWrites_completesA16MiBSegmentThatPgWaldumpReads(PgWorkspace ws) throws IOException {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        pg.start();
        pg.query("create table t(x int); insert into t select generate_series(1, 1000)");

        String name = pg.switchWal();
        Path segment = pg.walFile(name);

        assertTrue(WalFileName.parse(name).isSegment(), name);
        assertEquals(SEGMENT_SIZE, Files.size(segment));
        ProcessResult dump = ws.tools().run("pg_waldump", List.of(segment.toString()));
        assertTrue(dump.stdout().strip().endsWith("desc: SWITCH"), ProcessResult.commandLine(dump.command()));

        WalPageHeader header = WalPageHeader.parse(firstBytes(segment));
        assertEquals(pg.systemIdentifier(), header.systemIdentifier());
        assertEquals(SEGMENT_SIZE, header.segmentSize());
        assertEquals(1, header.timeline());
        assertEquals(
                Integer.toString(ws.tools().binaries().majorVersion()), WalPageHeader.versionForMagic(header.magic()));
    }

    private static byte[] firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(WalPageHeader.LENGTH);
        }
    }
}
