package dev.walferry.it.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.pgctl.CommandFailedException;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgException;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.PgbenchRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealPostgres
class PgClusterLifecycleTest {

    @Test
    void initdbAndStart_selectOne_returnsOne(PgWorkspace ws) throws IOException {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway().withDataChecksums(true));
        pg.start();

        assertEquals("1", pg.query("select 1"));
        assertTrue(pg.isRunning());
        assertFalse(pg.isInRecovery());
        assertTrue(pg.lastReplayLsn().isEmpty());
        assertEquals("in production", pg.controlData().clusterState());
        assertEquals("1", pg.controlData().get("Data page checksum version"));
        assertEquals(16 * 1024 * 1024, pg.controlData().walSegmentSize());
        assertNotEquals(0L, pg.systemIdentifier());
        assertTrue(Files.readString(pg.logFile()).contains("ready to accept connections"));
    }

    @Test
    void close_runningServer_stopsItCleanly(PgWorkspace ws) {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        pg.start();

        pg.close();

        assertFalse(pg.isRunning());
        assertEquals("shut down", pg.controlData().clusterState());
        pg.close(); // idempotent
    }

    @Test
    void pgbench_scaleOneThenThreeHundredTransactions_allProcessed(PgWorkspace ws) {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        pg.start();

        pg.pgbenchInit(1);
        PgbenchRun run = pg.pgbench(2, 150);

        assertEquals(300, run.processed());
        assertEquals("100000", pg.query("select count(*) from pgbench_accounts"));
        assertEquals("300", pg.query("select count(*) from pgbench_history"));
    }

    @Test
    void query_badSql_failsWithCommandLineAndServerError(PgWorkspace ws) {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        pg.start();

        CommandFailedException e = assertThrows(CommandFailedException.class, () -> pg.query("selec 1"));

        assertNotEquals(0, e.exitCode());
        assertTrue(e.getMessage().contains("psql"), e.getMessage());
        assertTrue(e.getMessage().contains("'selec 1'"), e.getMessage());
        assertTrue(e.outputTail().contains("syntax error"), e.outputTail());
    }

    @Test
    void start_portTakenMeanwhile_movesToAFreePort(PgWorkspace ws) throws IOException {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        int taken = pg.port();
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(squatter.isBound());
            pg.start();
        }

        assertNotEquals(taken, pg.port());
        assertEquals("1", pg.query("select 1"));
    }

    @Test
    void start_invalidSetting_failsWithServerLogTail(PgWorkspace ws) {
        PgCluster pg = ws.newCluster("primary", InitOptions.throwaway());
        pg.configure(Map.of("shared_buffers", "lots"));

        PgException e = assertThrows(PgException.class, pg::start);

        assertTrue(e.getMessage().contains("shared_buffers"), e.getMessage());
        assertFalse(pg.isRunning());
    }
}
