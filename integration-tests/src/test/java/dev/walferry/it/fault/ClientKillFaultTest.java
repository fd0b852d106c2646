package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.it.fault.FaultProxy.Direction;
import dev.walferry.it.fault.FaultProxy.Fault;
import dev.walferry.it.fault.Walferry.Run;
import dev.walferry.pgctl.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 4: a real {@code walferry push} process killed with SIGKILL mid-push. Either held mid-transfer by
 * a stalling {@link FaultProxy} (the receiver has a temp file when the kill comes) or killed at a random moment; in
 * both cases the receiver discards the temp file, nothing partial is visible, and the retry succeeds.
 */
class ClientKillFaultTest {

    @TempDir
    Path tmp;

    @Test
    void pushProcessKilledMidPush_receiverDiscardsTempFile_andRetrySucceeds() throws Exception {
        run(3, 3, "client SIGKILL mid-push");
    }

    @Tag("slow")
    @Test
    void pushProcessKilledMidPush_receiverDiscardsTempFile_andRetrySucceeds_long() throws Exception {
        run(15, 15, "client SIGKILL mid-push (long)");
    }

    private void run(int heldKills, int randomKills, String fault) throws Exception {
        Path archive = tmp.resolve("archive");
        Path src = Files.createDirectories(tmp.resolve("pg_wal"));
        Random random = new Random();
        Map<String, String> expected = new HashMap<>();
        List<String> acked = new ArrayList<>();
        AtomicReference<Fault> next = new AtomicReference<>(Fault.none());
        int partial = 0;
        try (FaultRig rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + archive);
                FaultProxy proxy = new FaultProxy(rig.receiver().port(), () -> next.getAndSet(Fault.none()))) {
            for (int i = 1; i <= heldKills + randomKills; i++) {
                Path seg = Segments.write(src, i, i);
                String name = seg.getFileName().toString();
                expected.put(name, Segments.sha256(seg));
                boolean held = i <= heldKills;
                if (held) {
                    next.set(Fault.stall(
                            Direction.TO_RECEIVER, 200_000 + random.nextInt(800_000), Duration.ofMinutes(2)));
                }
                List<String> options =
                        rig.client(held ? proxy.address() : rig.receiver().address(), "main", "primary");
                List<String> cmd = rig.install.command(
                        Walferry.args("push", options, seg.toString(), name).toArray(String[]::new));
                Process push = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("push-" + i + ".log").toFile())
                        .start();
                if (held) {
                    Await.until("a temp file for " + name, Duration.ofSeconds(60), () -> !ArchiveAudit.incoming(archive)
                            .isEmpty());
                } else {
                    Thread.sleep(random.nextInt(1500)); // the random moment of the kill
                }
                push.destroyForcibly(); // SIGKILL
                push.waitFor(30, TimeUnit.SECONDS);
                if (!held && push.exitValue() == 0) {
                    acked.add(name);
                }
                Await.until(
                        "the receiver discards the temp file of " + name,
                        Duration.ofSeconds(30),
                        () -> ArchiveAudit.incoming(archive).isEmpty());
                ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
                partial += scan.partial().size() + scan.corrupt().size();
                if (held) {
                    assertEquals(List.of(), scan.present(), "a killed push stores nothing");
                }
                Run retry =
                        Walferry.run(Walferry.args("push", rig.client("main", "primary"), "-q", seg.toString(), name));
                assertEquals(0, retry.code(), "retry of " + name + ": " + retry.err());
                Files.delete(archive.resolve(name)); // as after pg_archivecleanup: keeps the held checks simple
            }
            FaultLedger.record(fault, heldKills + randomKills, acked.size(), 0, 0, partial);
            assertEquals(0, partial, "partial or corrupt files visible");
        }
    }
}
