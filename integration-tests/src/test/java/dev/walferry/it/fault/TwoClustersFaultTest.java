package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.it.fault.Walferry.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 7: two clusters pushing into one archive. The archive binds to the first cluster; every segment of
 * the other is refused (exit 6, "wrong cluster", logged), also after a receiver restart, and nothing of it is stored.
 */
class TwoClustersFaultTest {

    private static final int FOREIGN = 5;

    @TempDir
    Path tmp;

    @Test
    void segmentOfAnotherCluster_isRefused_andTheArchiveKeepsItsBinding() throws Exception {
        Path archive = tmp.resolve("archive");
        Path ours = Files.createDirectories(tmp.resolve("primary-a/pg_wal"));
        Path theirs = Files.createDirectories(tmp.resolve("primary-b/pg_wal"));
        try (FaultRig rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + archive)) {
            Map<String, String> expected = new java.util.HashMap<>();
            Path first = Segments.write(ours, 1, 1);
            expected.put(first.getFileName().toString(), Segments.sha256(first));
            assertEquals(0, push(rig, first).code());
            int refused = 0;
            for (int i = 2; i < 2 + FOREIGN; i++) {
                if (i == 4) {
                    rig.killReceiver();
                    rig.restart();
                }
                Path foreign = Segments.write(theirs, i, Segments.OTHER_SYSTEM_ID, 100 + i);
                Run r = push(rig, foreign);
                assertEquals(ExitCode.WRONG_CLUSTER.code(), r.code(), r.err());
                assertTrue(r.errorLine().contains("wrong cluster"), r.err());
                assertFalse(Files.exists(archive.resolve(foreign.getFileName())), "foreign segment stored");
                refused++;
                Path own = Segments.write(ours, i, i);
                expected.put(own.getFileName().toString(), Segments.sha256(own));
                assertEquals(0, push(rig, own).code(), "the bound cluster still archives");
            }
            assertTrue(rig.logs().contains("WRONG_CLUSTER"), rig.logs());
            String binding = Files.readString(archive.resolve(".walferry/binding"));
            assertTrue(binding.contains("system_identifier=" + Long.toUnsignedString(Segments.SYSTEM_ID)), binding);
            ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
            FaultLedger.record(
                    "segment of another cluster",
                    FOREIGN,
                    FOREIGN - refused,
                    scan.lost(expected.keySet()),
                    scan.corrupt().size(),
                    scan.partial().size());
            assertEquals(List.of(), scan.corrupt(), "a foreign segment is in the archive");
            assertEquals(List.of(), scan.partial());
            assertEquals(expected.keySet(), java.util.Set.copyOf(scan.present()));
        }
    }

    private static Run push(FaultRig rig, Path seg) {
        return Walferry.run(Walferry.args(
                "push",
                rig.client("main", "primary"),
                "-q",
                seg.toString(),
                seg.getFileName().toString()));
    }
}
