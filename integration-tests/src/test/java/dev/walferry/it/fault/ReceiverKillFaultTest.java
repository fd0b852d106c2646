package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.it.fault.Walferry.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 1: a receiver process killed with SIGKILL at random moments while several clients push. Every push
 * that exited 0 is in the archive with the right SHA-256 at every kill and at the end; no partial or temp file is
 * ever visible among the archive's files; after a restart every failed push succeeds when retried.
 */
class ReceiverKillFaultTest {

    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void receiverKilledDuringConcurrentPushes_losesNothingAcknowledged() throws Exception {
        run(200, "receiver SIGKILL during concurrent pushes");
    }

    @Tag("slow")
    @Test
    void receiverKilledDuringConcurrentPushes_losesNothingAcknowledged_long() throws Exception {
        run(500, "receiver SIGKILL during concurrent pushes (long)");
    }

    private void run(int pushes, String fault) throws Exception {
        Path archive = tmp.resolve("archive");
        Path src = Files.createDirectories(tmp.resolve("pg_wal"));
        Map<String, String> expected = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Path> todo = new ConcurrentLinkedQueue<>();
        for (int i = 1; i <= pushes; i++) {
            Path p = Segments.write(src, i, i);
            expected.put(p.getFileName().toString(), Segments.sha256(p));
            todo.add(p);
        }
        Random random = new Random();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Path> failed = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();
        Map<Integer, String> sampleErrors = new ConcurrentHashMap<>();
        ReceiverGate gate = new ReceiverGate();
        int kills = 0;
        int killsMidTransfer = 0;
        int lost = 0;
        List<String> corrupt = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (FaultRig rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + archive)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (Path p; (p = todo.poll()) != null; ) {
                        List<String> options = gate.enter(rig);
                        Run r;
                        try {
                            r = Walferry.run(Walferry.args(
                                    "push",
                                    options,
                                    "-q",
                                    p.toString(),
                                    p.getFileName().toString()));
                        } finally {
                            gate.leave();
                        }
                        codes.computeIfAbsent(r.code(), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (r.code() == 0) {
                            acked.add(p.getFileName().toString());
                        } else {
                            sampleErrors.putIfAbsent(r.code(), r.errorLine());
                            failed.add(p);
                        }
                    }
                    return null;
                }));
            }
            while (running.stream().anyMatch(f -> !f.isDone())) {
                // the next kill: after a random number of pushes ended, at a random moment within the next ones
                gate.awaitEnded(5 + random.nextInt(16), running);
                Thread.sleep(random.nextInt(150));
                int inFlight = gate.close();
                rig.killReceiver();
                kills++;
                killsMidTransfer += inFlight > 0 ? 1 : 0;
                Set<String> ackedBeforeKill = Set.copyOf(acked);
                ArchiveAudit.Scan scan = ArchiveAudit.scan(archive, expected);
                lost += scan.lost(ackedBeforeKill);
                corrupt.addAll(scan.corrupt());
                partial.addAll(scan.partial());
                rig.restart();
                gate.open();
            }
            for (Future<?> f : running) {
                f.get();
            }
            assertTrue(
                    ArchiveAudit.incoming(archive).isEmpty(),
                    "startup recovery removed the temp files: " + ArchiveAudit.incoming(archive));
            assertEquals(List.of(), ArchiveAudit.unrecorded(archive), "files without a matching checksum record");

            int firstRoundFailures = failed.size();
            for (Path p : failed) {
                Run r = Walferry.run(Walferry.args(
                        "push",
                        rig.client("main", "primary"),
                        "-q",
                        p.toString(),
                        p.getFileName().toString()));
                assertEquals(0, r.code(), "retry of " + p.getFileName() + " after restart: " + r.err());
            }
            ArchiveAudit.Scan end = ArchiveAudit.scan(archive, expected);
            corrupt.addAll(end.corrupt());
            partial.addAll(end.partial());
            lost += end.lost(acked);
            FaultLedger.record(fault, pushes, acked.size(), lost, corrupt.size(), partial.size());
            System.out.println("fault-suite: " + kills + " kills (" + killsMidTransfer + " with pushes in flight), "
                    + firstRoundFailures + " failed pushes retried; exit codes " + codes + "; sample errors "
                    + sampleErrors);

            assertEquals(0, lost, "acknowledged but lost");
            assertEquals(List.of(), corrupt, "corrupt files visible");
            assertEquals(List.of(), partial, "partial files visible");
            assertEquals(expected.keySet(), Set.copyOf(end.present()), "every segment archived after the retries");
            assertTrue(
                    kills >= 5 && killsMidTransfer >= kills / 2,
                    kills + " kills, " + killsMidTransfer + " mid-transfer");
            for (int code : codes.keySet()) {
                assertTrue(
                        code >= 0 && code <= 125 && code != ExitCode.INTERNAL.code(),
                        "exit code " + code + " (" + sampleErrors.get(code) + ")");
            }
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Lets pushes start only while a receiver is up, and counts the pushes in flight at a kill. */
    private static final class ReceiverGate {
        private boolean up = true;
        private int inFlight;
        private int endedSinceOpen;

        /** Waits until {@code n} pushes ended since the last restart, or the clients are done. */
        synchronized void awaitEnded(int n, List<Future<?>> clients) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (endedSinceOpen < n && clients.stream().anyMatch(f -> !f.isDone())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no progress: " + endedSinceOpen + " pushes ended in 60 s");
                }
                wait(100);
            }
        }

        synchronized List<String> enter(FaultRig rig) throws InterruptedException {
            while (!up) {
                wait();
            }
            inFlight++;
            return rig.client("main", "primary");
        }

        synchronized void leave() {
            inFlight--;
            endedSinceOpen++;
            notifyAll();
        }

        /** Stops new pushes; returns how many are in flight. */
        synchronized int close() {
            up = false;
            return inFlight;
        }

        synchronized void open() {
            up = true;
            endedSinceOpen = 0;
            notifyAll();
        }
    }
}
