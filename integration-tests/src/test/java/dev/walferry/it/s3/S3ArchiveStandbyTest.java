package dev.walferry.it.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.WalMethod;
import dev.walferry.server.storage.s3.S3TestBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scale-out acceptance test, on a real S3-compatible store (a Ceph RADOS Gateway in CI) with the packaged
 * launcher: a primary archives into a bucket through receiver A, a standby (standby.signal) restores from the bucket
 * through receiver B, and {@code walferry archive verify} passes on the bucket.
 */
@RealPostgres
@Tag("s3")
class S3ArchiveStandbyTest {

    private static final Duration REPLAY = Duration.ofSeconds(60);

    @Test
    void primaryArchivesThroughReceiverA_standbyRestoresThroughReceiverB_verifyPassesOnTheBucket(PgWorkspace ws)
            throws Exception {
        String endpoint = S3TestBucket.endpoint().toString();
        String bucket = S3TestBucket.create("standby");
        WalferryInstall w = WalferryInstall.into(ws);
        List<String> s3 = List.of("--s3-endpoint", endpoint);
        String archive = "main=s3://" + bucket + "/prod/main";
        try (ReceiverProcess a = ReceiverProcess.start(w, ws.root().resolve("receiver-a.log"), s3, archive);
                ReceiverProcess b = ReceiverProcess.start(w, ws.root().resolve("receiver-b.log"), s3, archive)) {
            PgCluster primary = ws.newCluster("primary", InitOptions.throwaway());
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("archive_mode", "on");
            conf.put("archive_command", w.shellCommand("push", w.clientOptions(a, "main", "primary"), "%p", "%f"));
            primary.configure(conf);
            primary.start();
            primary.query("create table shipped(x int); insert into shipped select g from generate_series(1, 1000) g");

            PgCluster standby = ws.baseBackup(primary, "standby", WalMethod.NONE);
            Map<String, String> restore = new LinkedHashMap<>();
            restore.put("archive_mode", "off");
            restore.put(
                    "restore_command", w.shellCommand("restore", w.clientOptions(b, "main", "standby"), "%f", "%p"));
            restore.put("wal_retrieve_retry_interval", "200ms");
            standby.configure(restore);
            standby.writeSignal(RecoverySignal.STANDBY);
            standby.start();

            primary.query("insert into shipped select g from generate_series(1001, 2000) g");
            String last = primary.switchWal();
            awaitObject(bucket, "prod/main/" + last);
            standby.waitUntil("2000 rows replayed from the bucket", REPLAY, c -> "2000"
                    .equals(c.query("select count(*) from shipped")));
            assertTrue(standby.isInRecovery());

            List<String> verify = new ArrayList<>(List.of("archive", "verify"));
            verify.addAll(w.clientOptions(b, "main", "standby"));
            WalferryInstall.Outcome v = w.runAsMe(verify.toArray(String[]::new));
            assertEquals(0, v.exitCode(), v.result().outputTail());
        }
    }

    private static void awaitObject(String bucket, String key) {
        try (S3Client s3 = S3TestBucket.client()) {
            Await.until(
                    key + " in the bucket",
                    REPLAY,
                    () -> s3.listObjectsV2(l -> l.bucket(bucket).prefix(key)).keyCount() > 0);
        }
    }
}
