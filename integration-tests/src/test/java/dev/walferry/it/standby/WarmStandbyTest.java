package dev.walferry.it.standby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.PostgresFiles;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.StopMode;
import dev.walferry.pgctl.WalMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classic warm standby with walferry in place of pg_standby: targeted recovery ({@code recovery.signal}, no
 * {@code standby.signal}) with {@code restore_command = walferry restore --wait --trigger FILE ... %f %p}, fed
 * by a live primary whose {@code archive_command} is {@code walferry push}.
 */
@RealPostgres
class WarmStandbyTest {

    private static final Duration REPLAY = Duration.ofSeconds(30);
    /** The standby checks the trigger every second (-s 1); failover must follow within a few. */
    private static final Duration FAILOVER = Duration.ofSeconds(15);

    @Test
    void warmStandby_replaysSegmentsAsTheyArrive_smartTriggerEndsRecoveryAfterTheLastArchived(PgWorkspace ws)
            throws Exception {
        Setup s = new Setup(ws);
        try (ReceiverProcess rx = s.receiver()) {
            PgCluster primary = s.primary(rx);
            PgCluster standby = s.standby(primary, rx);
            for (int round = 1; round <= 2; round++) {
                primary.query("insert into shipped select g from generate_series(1, 100) g");
                primary.switchWal();
                long rows = 100L * round;
                standby.waitUntil(rows + " rows replayed from the archive", REPLAY, c -> Long.toString(rows)
                        .equals(c.query("select count(*) from shipped")));
                assertTrue(standby.isInRecovery());
            }

            primary.query("insert into shipped select g from generate_series(1, 1000) g");
            String last = primary.switchWal();
            Await.archived(s.archive, last);
            String expected = primary.query(Setup.CONTENT);
            PostgresFiles.createFile(ws.tools().user(), s.trigger);

            standby.waitUntil("recovery ended by the smart trigger", FAILOVER, c -> !c.isInRecovery());
            assertEquals(expected, standby.query(Setup.CONTENT), "the standby has everything archived");
            standby.query("insert into shipped values (-1)");
        }
    }

    @Test
    void warmStandby_fastTriggerEndsRecoveryAtOnce_andShutdownWhileWaitingIsPrompt(PgWorkspace ws) throws Exception {
        Setup s = new Setup(ws);
        try (ReceiverProcess rx = s.receiver()) {
            PgCluster primary = s.primary(rx);
            PgCluster standby = s.standby(primary, rx);
            primary.query("insert into shipped values (1)");
            primary.switchWal();
            standby.waitUntil("row replayed", REPLAY, c -> "1".equals(c.query("select count(*) from shipped")));

            long t0 = System.nanoTime();
            standby.stop(StopMode.FAST);
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(stopMillis < 10_000, "fast shutdown while restore waits took " + stopMillis + " ms");
            standby.start();

            PostgresFiles.createFile(ws.tools().user(), s.trigger);
            Files.writeString(s.trigger, "fast");
            standby.waitUntil("recovery ended by the fast trigger", FAILOVER, c -> !c.isInRecovery());
            assertEquals("1", standby.query("select count(*) from shipped"));
            assertEquals(0, Files.size(s.trigger), "the fast trigger is emptied, as pg_standby does");
            assertFalse(Files.exists(standby.dataDir().resolve("recovery.signal")));
        }
    }

    /** Receiver, primary archiving to it, and a waiting standby restoring from it. */
    private static final class Setup {
        static final String CONTENT = "select count(*), coalesce(sum(x), 0) from shipped";

        final PgWorkspace ws;
        final WalferryInstall w;
        final Path archive;
        final Path trigger;

        Setup(PgWorkspace ws) {
            this.ws = ws;
            this.w = WalferryInstall.into(ws);
            this.archive = ws.root().resolve("archive");
            this.trigger = ws.root().resolve("failover.trigger");
        }

        ReceiverProcess receiver() {
            return ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive);
        }

        PgCluster primary(ReceiverProcess rx) {
            PgCluster primary = ws.newCluster("primary", InitOptions.throwaway());
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("archive_mode", "on");
            conf.put("archive_command", w.shellCommand("push", w.clientOptions(rx, "main", "primary"), "%p", "%f"));
            primary.configure(conf);
            primary.start();
            primary.query("create table shipped(x int)");
            return primary;
        }

        PgCluster standby(PgCluster primary, ReceiverProcess rx) {
            PgCluster standby = ws.baseBackup(primary, "standby", WalMethod.NONE);
            List<String> options = new ArrayList<>(w.clientOptions(rx, "main", "standby"));
            options.addAll(List.of("--wait", "--sleep", "1", "--trigger", trigger.toString()));
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("archive_mode", "off");
            // Read-ahead would block in the waiting restore_command for the next segment before replaying the
            // tail of the current one (docs/pg_standby.md).
            conf.put("recovery_prefetch", "off");
            conf.put("restore_command", w.shellCommand("restore", options, "%f", "%p"));
            standby.configure(conf);
            standby.writeSignal(RecoverySignal.RECOVERY);
            standby.start();
            assertTrue(standby.isInRecovery());
            return standby;
        }
    }

    /** Conditions on the archive directory. */
    private static final class Await {
        static void archived(Path archive, String name) {
            dev.walferry.pgctl.Await.until(name + " in the archive", REPLAY, () -> Files.exists(archive.resolve(name)));
        }
    }
}
