package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.restore.FileRestorer;
import dev.walferry.it.fault.FaultProxy.Direction;
import dev.walferry.it.fault.FaultProxy.Fault;
import dev.walferry.it.fault.FaultProxy.Kind;
import dev.walferry.it.fault.Walferry.Run;
import dev.walferry.pgctl.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 2: pushes and restores through a {@link FaultProxy} that cuts connections at random byte offsets
 * (either direction), flips single bits, or stalls. No corrupted file is ever stored or acknowledged; a failed
 * client exits 1..125 with a one-line message; the receiver drops the temp file of every broken transfer; a
 * restore never leaves a corrupt or partial %p; and every push that failed succeeds when retried without faults.
 */
class ProxyFaultTest {

    /** Bytes a 1 MiB push puts on the wire towards the receiver (TLS handshake, frames), roughly. */
    private static final int PUSH_BYTES = (1 << 20) + 8_000;
    /** Bytes of a TLS handshake and a few small frames, roughly: what the receiver answers a push, or a restore asks. */
    private static final int ANSWER_BYTES = 3_000;

    @TempDir
    Path tmp;

    @Test
    void pushAndRestoreThroughAFaultyNetwork_neverStoreOrDeliverDamage() throws Exception {
        run(12, 12, "");
    }

    @Tag("slow")
    @Test
    void pushAndRestoreThroughAFaultyNetwork_neverStoreOrDeliverDamage_long() throws Exception {
        run(150, 100, " (long)");
    }

    private void run(int pushTrialsPerKind, int restoreTrialsPerKind, String label) throws Exception {
        Path archive = tmp.resolve("archive");
        Random random = new Random();
        AtomicReference<Fault> next = new AtomicReference<>(Fault.none());
        try (FaultRig rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + archive);
                FaultProxy proxy = new FaultProxy(rig.receiver().port(), () -> next.getAndSet(Fault.none()))) {
            Path src = Files.createDirectories(tmp.resolve("pg_wal"));
            Map<String, String> expected = new HashMap<>();
            Map<Kind, int[]> pushes = new EnumMap<>(Kind.class); // trials, acknowledged
            List<Path> failed = new ArrayList<>();
            List<String> acked = new ArrayList<>();
            int segno = 0;
            for (Kind kind : List.of(Kind.CUT, Kind.FLIP, Kind.STALL)) {
                int trials = kind == Kind.STALL ? Math.max(2, pushTrialsPerKind / 4) : pushTrialsPerKind;
                for (int i = 0; i < trials; i++) {
                    Path seg = Segments.write(src, ++segno, segno);
                    String name = seg.getFileName().toString();
                    expected.put(name, Segments.sha256(seg));
                    Fault fault = fault(kind, random, PUSH_BYTES, ANSWER_BYTES);
                    next.set(fault);
                    List<String> options = new ArrayList<>(rig.client(proxy.address(), "main", "primary"));
                    options.set(options.indexOf("--timeout") + 1, "2");
                    Run r = Walferry.run(Walferry.args("push", options, "-q", seg.toString(), name));
                    pushes.computeIfAbsent(kind, k -> new int[2])[0]++;
                    if (r.code() == 0) {
                        pushes.get(kind)[1]++;
                        acked.add(name);
                    } else {
                        assertCleanFailure(r, fault);
                        failed.add(seg);
                    }
                    awaitNoTempFile(archive, fault);
                }
            }
            ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
            for (Kind kind : pushes.keySet()) {
                int[] n = pushes.get(kind);
                FaultLedger.record(
                        "proxy " + kind.name().toLowerCase(Locale.ROOT) + " during push" + label,
                        n[0],
                        n[1],
                        scan.lost(acked),
                        scan.corrupt().size(),
                        scan.partial().size());
            }
            assertEquals(List.of(), scan.corrupt(), "corrupt files stored");
            assertEquals(List.of(), scan.partial(), "partial files visible");
            assertEquals(0, scan.lost(acked), "acknowledged but missing");
            for (Path seg : failed) {
                Run r = Walferry.run(Walferry.args(
                        "push",
                        rig.client("main", "primary"),
                        "-q",
                        seg.toString(),
                        seg.getFileName().toString()));
                assertEquals(0, r.code(), "retry without faults: " + r.err());
            }
            assertEquals(
                    expected.size(),
                    ArchiveAudit.scan(archive, expected).present().size());

            restores(rig, proxy, next, expected, restoreTrialsPerKind, random, label);
        }
    }

    private void restores(
            FaultRig rig,
            FaultProxy proxy,
            AtomicReference<Fault> next,
            Map<String, String> expected,
            int trialsPerKind,
            Random random,
            String label)
            throws Exception {
        Path pgWal = Files.createDirectories(tmp.resolve("standby/pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");
        List<String> names = new ArrayList<>(expected.keySet());
        for (Kind kind : List.of(Kind.CUT, Kind.FLIP, Kind.STALL)) {
            int trials = kind == Kind.STALL ? Math.max(2, trialsPerKind / 4) : trialsPerKind;
            int ok = 0;
            int corrupt = 0;
            int partial = 0;
            for (int i = 0; i < trials; i++) {
                Files.deleteIfExists(dest);
                String name = names.get(random.nextInt(names.size()));
                Fault fault = fault(kind, random, ANSWER_BYTES, PUSH_BYTES);
                next.set(fault);
                List<String> options = new ArrayList<>(rig.client(proxy.address(), "main", "standby"));
                options.set(options.indexOf("--timeout") + 1, "2");
                options.addAll(List.of("--data-dir", tmp.resolve("standby").toString()));
                Run r = Walferry.run(Walferry.args("restore", options, name, dest.toString()));
                if (r.code() == 0) {
                    ok++;
                    corrupt += expected.get(name).equals(Segments.sha256(dest)) ? 0 : 1;
                } else {
                    assertCleanFailure(r, fault);
                    assertNotEquals(ExitCode.NOT_FOUND.code(), r.code(), "a damaged transfer is not 'not found'");
                    partial += Files.exists(dest) ? 1 : 0;
                }
                partial += Files.exists(dest.resolveSibling(dest.getFileName() + FileRestorer.TEMP_SUFFIX)) ? 1 : 0;
            }
            FaultLedger.record(
                    "proxy " + kind.name().toLowerCase(Locale.ROOT) + " during restore" + label,
                    trials,
                    ok,
                    0,
                    corrupt,
                    partial);
            assertEquals(0, corrupt, "corrupt %p delivered");
            assertEquals(0, partial, "partial %p or temp file left");
        }
        assertFalse(Files.exists(dest.resolveSibling(dest.getFileName() + FileRestorer.TEMP_SUFFIX)));
    }

    /** A fault of {@code kind} in a random direction, at a random offset within the bytes that direction carries. */
    private static Fault fault(Kind kind, Random random, int toReceiver, int toClient) {
        Direction d = random.nextBoolean() ? Direction.TO_RECEIVER : Direction.TO_CLIENT;
        long offset = random.nextInt(d == Direction.TO_RECEIVER ? toReceiver : toClient);
        return switch (kind) {
            case CUT -> Fault.cut(d, offset);
            case FLIP -> Fault.flip(d, offset, random.nextInt(8));
            case STALL -> Fault.stall(d, offset, Duration.ofSeconds(4));
            case NONE -> Fault.none();
        };
    }

    private static void assertCleanFailure(Run r, Fault fault) {
        assertTrue(
                r.code() >= 1 && r.code() <= 125 && r.code() != ExitCode.INTERNAL.code(),
                "exit " + r.code() + " under " + fault + ": " + r.err());
        assertFalse(r.errorLine().isEmpty(), "a one-line error under " + fault + ": " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace under " + fault + ": " + r.err());
    }

    /** The receiver discards the temp file of a broken transfer once its connection is gone. */
    private static void awaitNoTempFile(Path archive, Fault fault) {
        Await.until("no temp file after " + fault, Duration.ofSeconds(20), () -> ArchiveAudit.incoming(archive)
                .isEmpty());
    }
}
