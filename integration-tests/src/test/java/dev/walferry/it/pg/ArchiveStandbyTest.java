package dev.walferry.it.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.pgctl.CopyArchive;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.WalMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture supports log shipping through an archive: a standby made from a base backup without WAL
 * ({@code -X none}) and without {@code primary_conninfo} gets everything through {@code restore_command}.
 */
@RealPostgres
class ArchiveStandbyTest {

    private static final Duration REPLAY_WAIT = Duration.ofSeconds(30);

    @Test
    void standby_restoringFromCpArchive_replaysPrimaryAndArchivesHistoryAfterPromotion(PgWorkspace ws) {
        Path archive = ws.newDirectory("archive");
        PgCluster primary = ws.newCluster("primary", InitOptions.throwaway());
        primary.configure(CopyArchive.archivingTo(archive));
        primary.start();
        primary.pgbenchInit(1);

        PgCluster standby = ws.baseBackup(primary, "standby", WalMethod.NONE);
        Map<String, String> restore = new LinkedHashMap<>();
        restore.put("restore_command", CopyArchive.restoreCommand(archive));
        restore.put("wal_retrieve_retry_interval", "100ms");
        standby.configure(restore);
        standby.writeSignal(RecoverySignal.STANDBY);
        standby.start();

        assertTrue(standby.isInRecovery());
        assertTrue(standby.lastReplayLsn().isPresent());
        assertEquals(primary.systemIdentifier(), standby.systemIdentifier());
        assertEquals("100000", standby.query("select count(*) from pgbench_accounts"));

        primary.query("create table shipped(x int); insert into shipped values (42)");
        String segment = primary.switchWal();
        standby.waitUntil(
                "row shipped through the archive", REPLAY_WAIT, s -> "42".equals(s.query("select x from shipped")));
        assertTrue(Files.exists(archive.resolve(segment)));

        standby.promote();

        assertFalse(standby.isInRecovery());
        standby.waitUntil(
                "00000002.history archived", REPLAY_WAIT, s -> CopyArchive.isArchived(s, archive, "00000002.history"));
    }
}
