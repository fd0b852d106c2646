package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore --wait against an in-process receiver: waiting, trigger files, -w, one-try files, receiver restarts. */
class WaitModeRestoreTest {

    static final long SYSID = 7300000000000000002L;
    static final Duration PROMPT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path wal;
    Path data;
    Path dest;
    Path trigger;

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        wal = Files.createDirectories(tmp.resolve("primary-wal"));
        data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("pg_wal"));
        Files.createFile(data.resolve("recovery.signal"));
        dest = data.resolve("pg_wal/RECOVERYXLOG");
        trigger = tmp.resolve("failover.trigger");
    }

    @AfterEach
    void stop() throws Exception {
        rx.close();
    }

    @Test
    void waitRestore_segmentArrivesDuringWait_isRestoredWithoutWaitingForTheSleepInterval() throws Exception {
        Running r = waitFor(SyntheticWal.name(1, 3), "--sleep", "60");
        r.awaitWaiting();
        Path seg = push(3);
        long pushed = System.nanoTime();

        Result done = r.result();
        assertEquals(0, done.code(), done.err());
        assertTrue(System.nanoTime() - pushed < TimeUnit.SECONDS.toNanos(5), "answered on arrival, not after -s");
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest));
    }

    @Test
    void waitRestore_smartTrigger_restoresWhatIsArchivedThenReportsTheFirstMissingSegment() throws Exception {
        Path seg = push(3);
        Files.createFile(trigger);

        Result archived = restore(SyntheticWal.name(1, 3));
        assertEquals(0, archived.code(), archived.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest));

        Result missing = restore(SyntheticWal.name(1, 4));
        assertEquals(ExitCode.NOT_FOUND.code(), missing.code(), missing.err());
        assertTrue(missing.err().contains("smart failover (trigger file " + trigger + ")"), missing.err());
    }

    @Test
    void waitRestore_fastTrigger_reportsNotFoundAtOnce_thenActsAsSmart() throws Exception {
        push(3);
        Files.writeString(trigger, "fast\n");

        Result fast = restore(SyntheticWal.name(1, 3));
        assertEquals(ExitCode.NOT_FOUND.code(), fast.code(), fast.err());
        assertTrue(fast.err().contains("fast failover"), fast.err());
        assertEquals(0, Files.size(trigger), "a fast trigger is emptied into a smart one, as pg_standby does");

        Result again = restore(SyntheticWal.name(1, 3));
        assertEquals(0, again.code(), "a re-requested archived file is still delivered: " + again.err());
    }

    @Test
    void waitRestore_triggerWrittenWhileWaiting_endsTheWaitWithinTheSleepInterval() throws Exception {
        Running r = waitFor(SyntheticWal.name(1, 3), "--sleep", "1");
        r.awaitWaiting();
        Files.writeString(trigger, "smart");

        Result done = r.result();
        assertEquals(ExitCode.NOT_FOUND.code(), done.code(), done.err());
        assertFalse(Files.exists(dest));
    }

    @Test
    void waitRestore_triggerWithOtherContent_isIgnoredWithOneWarning() throws Exception {
        Files.writeString(trigger, "promote please");
        Running r = waitFor(SyntheticWal.name(1, 3), "--sleep", "1", "--max-wait", "3");

        Result done = r.result();
        assertEquals(ExitCode.NOT_FOUND.code(), done.code(), done.err());
        assertTrue(done.err().contains("did not arrive within 3 s"), done.err());
        assertEquals(1, done.err().split("neither nothing", -1).length - 1, done.err());
    }

    @Test
    void waitRestore_maxWaitElapsed_reportsNotFound() throws Exception {
        long t0 = System.nanoTime();
        Result r = restore(SyntheticWal.name(1, 3), "--max-wait", "1");

        assertEquals(ExitCode.NOT_FOUND.code(), r.code(), r.err());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(1));
        assertTrue(r.err().contains("did not arrive within 1 s (--max-wait)"), r.err());
    }

    @Test
    void waitRestore_missingHistoryFile_getsOneTryAndNeverWaits() {
        long t0 = System.nanoTime();
        Result r = restore("00000002.history", "--sleep", "60");

        assertEquals(ExitCode.NOT_FOUND.code(), r.code(), r.err());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void waitRestore_receiverDownThenBack_keepsWaitingAndRestores() throws Exception {
        rx.stopListening();
        Running r = waitFor(SyntheticWal.name(1, 3), "--sleep", "1");
        Await.until("restore reports the outage", PROMPT, () -> r.err().contains("retrying until it answers"));

        rx.listenAgain();
        Path seg = push(3);

        Result done = r.result();
        assertEquals(0, done.code(), done.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest));
    }

    @Test
    void waitRestore_receiverDownWhenMaxWaitRunsOut_stopsTargetedRecoveryInsteadOfEndingIt() throws Exception {
        rx.stopListening();
        Result r = restore(SyntheticWal.name(1, 3), "--sleep", "1", "--max-wait", "2");

        assertEquals(ExitCode.RECOVERY_ABORT.code(), r.code(), r.err());
        assertTrue(r.err().contains("ran out while the receiver was unreachable"), r.err());
    }

    @Test
    void restore_keepFrom_removesOlderSegmentsFromTheArchiveDirectoryOnly() throws Exception {
        for (int s = 1; s <= 4; s++) {
            push(s);
        }
        Path hist = wal.resolve("00000002.history");
        Files.writeString(hist, "1\t0/3000060\tno recovery target specified\n");
        assertEquals(0, rx.push(hist, "00000002.history").code());

        Result r = restore(
                SyntheticWal.name(1, 4),
                "--keep-from",
                SyntheticWal.name(1, 3),
                "--archive-dir",
                rx.archiveDir.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(SyntheticWal.name(1, 3), SyntheticWal.name(1, 4), "00000002.history"), rx.archivedNames());
    }

    @Test
    void restore_keepFromWithoutArchiveDir_isAUsageError_thatStopsTargetedRecovery() {
        Result r = restore(SyntheticWal.name(1, 4), "--keep-from", SyntheticWal.name(1, 3));

        // a usage error is not "file not found" in targeted recovery (docs/postgres-contract.md R4): recovery stops
        // instead
        assertEquals(ExitCode.RECOVERY_ABORT.code(), r.code(), r.err());
        assertTrue(r.err().contains("--keep-from and --archive-dir go together"), r.err());
    }

    private Path push(long segno) throws Exception {
        Path seg = SyntheticWal.write(wal, 1, segno, SYSID, segno);
        Result r = rx.push(seg, seg.getFileName().toString());
        assertEquals(0, r.code(), r.err());
        return seg;
    }

    private String[] args(String name, String... extra) {
        List<String> a = new ArrayList<>(List.of("restore"));
        a.addAll(List.of(rx.client("primary")));
        a.addAll(List.of("--wait", "--trigger", trigger.toString(), "--data-dir", data.toString(), "--verbose"));
        a.addAll(List.of(extra));
        a.add(name);
        a.add(dest.toString());
        return a.toArray(String[]::new);
    }

    private Result restore(String name, String... extra) {
        return ReceiverFixture.walferry(args(name, extra));
    }

    private Running waitFor(String name, String... extra) {
        return new Running(args(name, extra));
    }

    /** A restore running in the background, its stderr readable while it runs. */
    static final class Running {
        private final StringWriter err = new StringWriter();
        private final StringWriter out = new StringWriter();
        private final CompletableFuture<Integer> code;

        Running(String[] args) {
            code = CompletableFuture.supplyAsync(
                    () -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)));
        }

        String err() {
            synchronized (err.getBuffer()) {
                return err.toString();
            }
        }

        void awaitWaiting() {
            Await.until("restore waiting", PROMPT, () -> err().contains("waiting for it"));
        }

        Result result() throws Exception {
            return new Result(code.get(30, TimeUnit.SECONDS), out.toString(), err());
        }
    }
}
