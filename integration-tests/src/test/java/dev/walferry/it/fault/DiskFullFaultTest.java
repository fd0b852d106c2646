package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.it.fault.Walferry.Run;
import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.OsUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 3: the receiver's archive on a small tmpfs filled to various levels. A push that does not fit fails
 * with exit 7 and a "no space" message, leaves no temp or partial file, and the archive stays consistent (every
 * visible file whole and recorded); once space returns the same push succeeds. Needs root to mount the tmpfs;
 * otherwise skipped with the reason.
 */
class DiskFullFaultTest {

    /** Free space left before a push, in bytes: from none to just over one 1 MiB segment. */
    private static final long[] LEFT = {
        0, 4096, 256 * 1024, (1 << 20) - 4096, 1 << 20, (1 << 20) + 4096, (1 << 20) + 64 * 1024, 2 << 20
    };

    @TempDir
    Path tmp;

    @Test
    void fullDisk_pushFailsWithNoSpace_leavesArchiveConsistent_andSucceedsOnceSpaceReturns() throws Exception {
        assumeTrue(
                OsUser.current().name().equals("root"),
                "disk-full test skipped: mounting a tmpfs needs root (running" + " as "
                        + OsUser.current().name() + ")");
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", mount.toString());
        assumeTrue(failure == null, "disk-full test skipped: cannot mount a tmpfs: " + failure);
        try {
            fill(mount);
        } finally {
            String umount = run("umount", mount.toString());
            assertTrue(umount == null, "umount " + mount + ": " + umount);
        }
    }

    private void fill(Path mount) throws Exception {
        Path archive = mount.resolve("archive");
        Path src = Files.createDirectories(tmp.resolve("pg_wal"));
        Map<String, String> expected = new HashMap<>();
        List<String> acked = new ArrayList<>();
        int refused = 0;
        try (FaultRig rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + archive)) {
            int segno = 0;
            for (long left : LEFT) {
                Path seg = Segments.write(src, ++segno, segno);
                String name = seg.getFileName().toString();
                expected.put(name, Segments.sha256(seg));
                Path filler = mount.resolve("filler");
                fillUntil(filler, left);
                Run r = Walferry.run(Walferry.args("push", rig.client("main", "primary"), "-q", seg.toString(), name));
                if (r.code() == 0) {
                    acked.add(name);
                } else {
                    refused++;
                    assertEquals(ExitCode.STORAGE.code(), r.code(), "with " + left + " bytes free: " + r.err());
                    assertTrue(r.errorLine().contains("no space left on the receiver for " + name), r.err());
                    assertTrue(rig.logs().contains("no space left on device"), rig.logs());
                }
                Await.until("no temp file", Duration.ofSeconds(10), () -> ArchiveAudit.incoming(archive)
                        .isEmpty());
                assertConsistent(archive, expected, acked);
                Files.delete(filler);
                Run again =
                        Walferry.run(Walferry.args("push", rig.client("main", "primary"), "-q", seg.toString(), name));
                assertEquals(0, again.code(), "once space returned: " + again.err());
                acked.add(name);
                // keep the archive small: the tmpfs holds a few segments only
                for (String old : List.copyOf(acked)) {
                    if (!old.equals(name)) {
                        Files.deleteIfExists(archive.resolve(old));
                        acked.remove(old);
                    }
                }
            }
            ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
            FaultLedger.record(
                    "disk full on the receiver",
                    LEFT.length,
                    LEFT.length - refused,
                    scan.lost(acked),
                    scan.corrupt().size(),
                    scan.partial().size());
            assertTrue(refused >= 3, refused + " pushes refused for lack of space");
        }
    }

    private static void assertConsistent(Path archive, Map<String, String> expected, List<String> acked) {
        ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
        assertEquals(List.of(), scan.corrupt(), "corrupt");
        assertEquals(List.of(), scan.partial(), "partial");
        assertEquals(0, scan.lost(acked), "acknowledged but missing");
        assertEquals(List.of(), ArchiveAudit.unrecorded(archive), "files without a matching checksum record");
    }

    /** Writes {@code filler} until the file system has at most {@code left} bytes free. */
    private static void fillUntil(Path filler, long left) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            long free = Files.getFileStore(filler).getUsableSpace();
            for (long n = free - left; n > 0; n -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, n));
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out.trim();
    }
}
