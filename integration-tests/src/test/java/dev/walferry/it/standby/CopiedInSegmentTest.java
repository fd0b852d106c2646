package dev.walferry.it.standby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.CopyArchive;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.ProcessRunner;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.WalMethod;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Files that arrive in a served archive directory by other tools (docs/storage.md, "Files that arrive by other
 * tools"): WAL that only {@code cp} put into the receiver's directory is restored by a standby through the
 * receiver (as PostgreSQL's test 043_no_contrecord_switch copies a segment into the archive), and files
 * {@code pg_archivecleanup} removed behind the receiver's back are no longer served or listed.
 */
@RealPostgres
class CopiedInSegmentTest {

    private static final Duration REPLAY = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @Test
    void standby_restoresSegmentsOnlyCopiedIn_andPgArchivecleanupRemovalsAreNotServed(PgWorkspace ws)
            throws IOException {
        WalferryInstall w = WalferryInstall.into(ws);
        Path archive = ws.root().resolve("archive");
        Path cpArchive = ws.newDirectory("cp-archive");
        ProcessRunner me = new ProcessRunner(OsUser.current());
        try (ReceiverProcess rx = ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive)) {
            // the primary archives with plain cp elsewhere; only cp brings its WAL into the receiver's directory
            PgCluster primary = ws.newCluster("primary", InitOptions.throwaway());
            primary.configure(CopyArchive.archivingTo(cpArchive));
            primary.start();
            primary.query("create table shipped(x int)");
            PgCluster standby = ws.baseBackup(primary, "standby", WalMethod.NONE);
            copyIn(me, cpArchive, archive);

            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("archive_mode", "off");
            conf.put("wal_retrieve_retry_interval", "100ms");
            conf.put("restore_command", w.shellCommand("restore", w.clientOptions(rx, "main", "standby"), "%f", "%p"));
            standby.configure(conf);
            standby.writeSignal(RecoverySignal.STANDBY);
            standby.start();
            assertTrue(standby.isInRecovery());

            primary.query("insert into shipped values (42)");
            String segment = primary.switchWal();
            Await.until(segment + " archived by cp", REPLAY, () -> CopyArchive.isArchived(primary, cpArchive, segment));
            copyIn(me, cpArchive, archive);
            standby.waitUntil("row 42 replayed from a segment only copied in", REPLAY, c -> "1"
                    .equals(c.query("select count(*) filter (where x = 42) from shipped")));
            assertTrue(list(w, rx).contains(segment), "archive list through the receiver names " + segment);

            // pg_archivecleanup removes the older segments behind the receiver's back
            List<String> before = walNames(archive);
            String older = before.stream()
                    .filter(n -> n.length() == 24 && n.compareTo(segment) < 0)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no segment older than " + segment + " in " + before));
            me.run(
                    List.of(ws.tools().binaries().tool("pg_archivecleanup").toString(), archive.toString(), segment),
                    COMMAND);
            assertFalse(Files.exists(archive.resolve(older)), older + " removed by pg_archivecleanup");

            Path dest = ws.root().resolve("restored");
            WalferryInstall.Outcome gone = w.runAsMe(restoreArgs(w, rx, older, dest));
            assertEquals(
                    1,
                    gone.exitCode(),
                    "restore of a removed file: " + gone.result().outputTail());
            assertTrue(gone.stderr().contains("not"), gone.stderr());
            assertFalse(Files.exists(dest));
            List<String> listed = list(w, rx);
            assertFalse(listed.contains(older), older + " still listed: " + listed);
            assertTrue(listed.contains(segment), listed.toString());
            w.runAsMe(restoreArgs(w, rx, segment, dest)).requireSuccess();
            assertEquals(Files.size(archive.resolve(segment)), Files.size(dest));
        }
    }

    private static String[] restoreArgs(WalferryInstall w, ReceiverProcess rx, String name, Path dest) {
        List<String> args = new ArrayList<>(List.of("restore"));
        args.addAll(w.clientOptions(rx, "main", "standby"));
        args.addAll(List.of(name, dest.toString()));
        return args.toArray(String[]::new);
    }

    private static List<String> list(WalferryInstall w, ReceiverProcess rx) {
        List<String> args = new ArrayList<>(List.of("archive", "list"));
        args.addAll(w.clientOptions(rx, "main", "standby"));
        return w.runAsMe(args.toArray(String[]::new)).requireSuccess().result().stdout().lines().toList().stream()
                .map(l -> l.split("\\s+")[0])
                .toList();
    }

    /** {@code cp} of every WAL file of {@code from} not yet in {@code to}, behind the receiver's back. */
    private static void copyIn(ProcessRunner me, Path from, Path to) throws IOException {
        List<String> have = walNames(to);
        for (String n : walNames(from)) {
            if (!have.contains(n)) {
                me.run(List.of("cp", from.resolve(n).toString(), to.resolve(n).toString()), COMMAND);
            }
        }
    }

    private static List<String> walNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(WalFileName::isValid)
                    .sorted()
                    .toList();
        }
    }
}
