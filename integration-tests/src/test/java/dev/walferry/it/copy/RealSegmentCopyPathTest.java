package dev.walferry.it.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core copy path with real 16 MiB WAL segments made by PostgreSQL, through the packaged launcher, a receiver
 * in its own process and real mutual TLS on loopback; client commands run as the postgres OS user.
 */
@RealPostgres
class RealSegmentCopyPathTest {

    @Test
    void realSegmentsAndHistory_pushThenRestore_areByteIdentical(PgWorkspace ws) throws Exception {
        RealWalSegments wal = RealWalSegments.make(ws.newDirectory("wal"), 3);
        ws.tools().user().handOver(ws.root().resolve("wal"));
        WalferryInstall w = WalferryInstall.into(ws);
        Path archive = ws.root().resolve("archive");
        try (ReceiverProcess rx = ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive)) {
            List<Path> files = new ArrayList<>(wal.segments());
            files.add(wal.history());
            for (Path f : files) {
                String name = f.getFileName().toString();
                Outcome push =
                        w.runAsPostgres(args("push", w.clientOptions(rx, "main", "primary"), f.toString(), name));
                assertEquals(0, push.exitCode(), push.stderr());
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(archive.resolve(name)), name);
            }
            String binding = Files.readString(archive.resolve(".walferry/binding"));
            assertTrue(binding.contains(Long.toUnsignedString(wal.systemIdentifier())), binding);

            Path restoreDir =
                    PostgresFiles.createDirectory(ws.tools().user(), ws.root().resolve("pg_wal"));
            for (Path f : files) {
                String name = f.getFileName().toString();
                Path dest = restoreDir.resolve("RECOVERYXLOG");
                Outcome restore =
                        w.runAsPostgres(args("restore", w.clientOptions(rx, "main", "standby"), name, dest.toString()));
                assertEquals(0, restore.exitCode(), restore.stderr());
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dest), name);
            }

            Path first = wal.segments().get(0);
            Outcome again = w.runAsPostgres(args(
                    "push",
                    w.clientOptions(rx, "main", "primary"),
                    first.toString(),
                    first.getFileName().toString()));
            assertEquals(0, again.exitCode(), again.stderr());

            Outcome missing = w.runAsPostgres(args(
                    "restore",
                    w.clientOptions(rx, "main", "standby"),
                    "00000009.history",
                    restoreDir.resolve("RECOVERYHISTORY").toString()));
            assertEquals(1, missing.exitCode(), missing.stderr());
            assertFalse(Files.exists(restoreDir.resolve("RECOVERYHISTORY")));

            assertTrue(rx.log().contains("stored main/" + first.getFileName()), rx.log());
            assertTrue(rx.log().contains("already present main/" + first.getFileName()), rx.log());
        }
    }

    static String[] args(String cmd, List<String> options, String... rest) {
        List<String> a = new ArrayList<>();
        a.add(cmd);
        a.addAll(options);
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }
}
