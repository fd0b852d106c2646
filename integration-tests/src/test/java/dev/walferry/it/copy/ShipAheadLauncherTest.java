package dev.walferry.it.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.WalferryInstall.Outcome;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.it.pg.RealWalSegments;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.PostgresFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's ship-ahead fast path: a file whose receiver acknowledgement is in the spool, unchanged since it
 * was hashed, is confirmed by bin/walferry without a JVM; anything else goes to the Java command.
 */
@RealPostgres
class ShipAheadLauncherTest {

    @Test
    void shippedAheadFile_isConfirmedFromTheSpool_changedFileIsPushedAgain(PgWorkspace ws) throws Exception {
        RealWalSegments wal = RealWalSegments.make(ws.newDirectory("wal"), 3);
        Path pgWal = PostgresFiles.createDirectory(ws.tools().user(), ws.root().resolve("pg_wal"));
        Path status = PostgresFiles.createDirectory(ws.tools().user(), pgWal.resolve("archive_status"));
        for (Path seg : wal.segments()) {
            Files.copy(seg, pgWal.resolve(seg.getFileName()));
            Files.createFile(status.resolve(seg.getFileName() + ".ready"));
        }
        ws.tools().user().handOver(pgWal);
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        try (ReceiverProcess rx = ReceiverProcess.start(
                w, ws.root().resolve("receiver.log"), "main=" + ws.root().resolve("archive"))) {
            List<String> opts = new ArrayList<>(w.clientOptions(rx, "main", "primary"));
            opts.addAll(List.of("--spool-dir", spool.toString()));
            String first = wal.segments().get(0).getFileName().toString();
            String second = wal.segments().get(1).getFileName().toString();
            String third = wal.segments().get(2).getFileName().toString();

            Outcome push1 = w.runAsPostgres(args(opts, pgWal.resolve(first), first));
            assertEquals(0, push1.exitCode(), push1.stderr());
            assertTrue(push1.stderr().contains("shipped 2 more ahead"), push1.stderr());
            assertTrue(Files.exists(spool.resolve(second + ".ack")));

            Outcome push2 = w.runAsPostgres(args(opts, pgWal.resolve(second), second));
            assertEquals(0, push2.exitCode(), push2.stderr());
            assertEquals(
                    "walferry push: " + second + " was already acknowledged by the receiver (shipped ahead)\n",
                    push2.stderr());
            assertFalse(Files.exists(spool.resolve(second + ".ack")));

            Files.setLastModifiedTime(pgWal.resolve(third), FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Outcome push3 = w.runAsPostgres(args(opts, pgWal.resolve(third), third));
            assertEquals(0, push3.exitCode(), push3.stderr());
            assertTrue(push3.stderr().contains("already archived (identical) " + third), push3.stderr());
            assertEquals(
                    3,
                    rx.logLines().stream()
                            .filter(l -> l.contains("stored main/"))
                            .count(),
                    rx.log());
        }
    }

    private static String[] args(List<String> opts, Path file, String name) {
        List<String> a = new ArrayList<>(List.of("push"));
        a.addAll(opts);
        a.add(file.toString());
        a.add(name);
        return a.toArray(String[]::new);
    }
}
