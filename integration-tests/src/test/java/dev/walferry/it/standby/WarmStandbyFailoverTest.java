package dev.walferry.it.standby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.pg.RealPostgres;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pglab.demo.ArchiverStats;
import dev.walferry.pglab.demo.TableChecksums;
import dev.walferry.pglab.demo.WarmStandbyLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-standby runbook with walferry on real PostgreSQL: primary archiving through walferry push to a receiver
 * process, a standby restoring through walferry restore, pgbench load, failover by promotion with equal data, the
 * new timeline's history archived, and the old primary rebuilt as a standby that follows the new timeline.
 */
@RealPostgres
class WarmStandbyFailoverTest {

    private WarmStandbyLab lab;

    @AfterEach
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void pgbenchLoad_failover_promotedStandbyEqualsPrimary_andOldPrimaryFollowsNewTimeline() {
        Path dist = Path.of(System.getProperty("walferry.dist", "../dist"))
                .toAbsolutePath()
                .normalize();
        lab = WarmStandbyLab.create(PgTools.detect(), dist, "walferry-it-failover-");
        lab.startReceiver();
        PgCluster primary = lab.startPrimary(10);
        PgCluster standby = lab.startStandby();
        assertTrue(standby.isInRecovery());

        primary.pgbench(4, 1500);
        WarmStandbyLab.Switch last = lab.switchWal(primary);
        lab.awaitArchived(primary, last.segment());
        lab.awaitReplayed(standby, last.lsn());
        ArchiverStats stats = ArchiverStats.of(primary);
        assertEquals(0, stats.failed(), "archive_command failures: " + stats);
        assertTrue(stats.archived() >= 3, "segments archived: " + stats);
        Map<String, String> onPrimary = TableChecksums.of(primary);
        assertTrue(onPrimary.get("pgbench_history").startsWith("6000 "), onPrimary.toString());

        lab.failover();
        assertFalse(standby.isInRecovery());
        assertEquals(onPrimary, TableChecksums.of(standby));
        standby.waitUntil(
                "00000002.history archived",
                Duration.ofMinutes(2),
                c -> Files.exists(lab.archiveDir().resolve("00000002.history")));
        assertTrue(
                lab.receiver().log().contains("stored main/00000002.history from standby@"),
                lab.receiver().log());

        PgCluster rebuilt = lab.rebuildOldPrimaryAsStandby();
        assertTrue(rebuilt.isInRecovery());
        standby.query("CREATE TABLE after_failover(x int); INSERT INTO after_failover VALUES (7)");
        WarmStandbyLab.Switch onNewTimeline = lab.switchWal(standby);
        assertTrue(onNewTimeline.segment().startsWith("00000002"), onNewTimeline.segment());
        lab.awaitArchived(standby, onNewTimeline.segment());
        rebuilt.waitUntil("row written on the new timeline replayed", Duration.ofMinutes(2), c -> "7"
                .equals(c.query("SELECT x FROM after_failover")));
        assertEquals("2", rebuilt.query("SELECT timeline_id FROM pg_control_checkpoint()"));
    }
}
