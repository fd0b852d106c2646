package dev.walferry.it.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.WalferryInstall.Outcome;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.it.pg.RealWalSegments;
import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.PostgresFiles;
import dev.walferry.pglab.demo.ArchiverStats;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code walferry push-agent} with the real launcher (bin/walferry, run as postgres as PostgreSQL runs it): push
 * calls that share the agent's --spool-dir are answered by the agent, a real primary archives through it under
 * pgbench load, and when the agent is killed (SIGKILL, stale agent.pid left behind) or absent, archiving goes on
 * through the Java push without losing a segment.
 */
@RealPostgres
class PushAgentLauncherTest {

    private static final Duration DRAIN = Duration.ofMinutes(2);
    private static final String BY_AGENT = "acknowledged by the receiver (pushed by walferry push-agent)";

    @Test
    void pushCalls_areAnsweredByTheAgent_eachFileStoredOnce_andTheArchiveVerifies(PgWorkspace ws) throws Exception {
        RealWalSegments wal = RealWalSegments.make(ws.newDirectory("wal"), 3);
        Path pgWal = PostgresFiles.createDirectory(ws.tools().user(), ws.root().resolve("pg_wal"));
        List<Path> files = new ArrayList<>();
        for (Path f : wal.segments()) {
            files.add(Files.copy(f, pgWal.resolve(f.getFileName())));
        }
        ws.tools().user().handOver(pgWal); // no archive_status: nothing to ship ahead, every file is asked for
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        try (ReceiverProcess rx = ReceiverProcess.start(
                        w,
                        ws.root().resolve("receiver.log"),
                        "main=" + ws.root().resolve("archive"));
                Agent agent = Agent.start(w, ws, rx, spool)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Outcome push = w.runAsPostgres(push(w, rx, spool, f.toString(), name));
                assertEquals(0, push.exitCode(), push.stderr() + agent.log());
                assertEquals("walferry push: " + name + " " + BY_AGENT + "\n", push.stderr(), agent.log());
                assertFalse(Files.exists(spool.resolve(name + ".ack")), "the launcher consumed the ack");
                assertFalse(Files.exists(spool.resolve(name + ".want")));
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                assertEquals(1, count(rx.logLines(), "stored main/" + name), rx.log());
                assertTrue(agent.log().contains("stored " + name), agent.log());
            }
            // PostgreSQL may call again for a file (e.g. after a crash before it renamed .ready to .done)
            Path again = files.get(1);
            Outcome repeat = w.runAsPostgres(
                    push(w, rx, spool, again.toString(), again.getFileName().toString()));
            assertEquals(0, repeat.exitCode(), repeat.stderr() + agent.log());
            assertTrue(repeat.stderr().contains(BY_AGENT), repeat.stderr());
            assertEquals(1, count(rx.logLines(), "stored main/" + again.getFileName()), rx.log());

            assertVerifies(w, rx);
            assertTrue(agent.isAlive());
        }
        assertFalse(Files.exists(spool.resolve("agent.pid")), "a clean stop removes agent.pid");
    }

    @Test
    void agentForAnotherArchive_pushFallsBackAtOnce_insteadOfWaitingMinutes(PgWorkspace ws) throws Exception {
        // an operator started the agent with another --archive (or --server text) than the archive_command has, or
        // another cluster's agent shares the spool: the call must push the file itself, at once, and the agent must
        // not put this cluster's files (history files carry no system identifier) into its archive
        RealWalSegments wal = RealWalSegments.make(ws.newDirectory("wal"), 1);
        ws.tools().user().handOver(ws.root().resolve("wal"));
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        try (ReceiverProcess rx = ReceiverProcess.start(
                w,
                ws.root().resolve("receiver.log"),
                "main=" + ws.root().resolve("archive"),
                "other=" + ws.root().resolve("other"))) {
            List<String> agentOptions = new ArrayList<>(w.clientOptions(rx, "other", "primary"));
            try (Agent agent = Agent.start(w, ws, spool, agentOptions)) {
                Path seg = wal.segments().get(0);
                long t0 = System.nanoTime();
                Outcome push = w.runAsPostgres(push(w, rx, spool, seg));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

                // the launcher does not even ask an agent whose agent.pid names another archive@server
                assertPushedDirectly(push, seg);
                assertTrue(seconds < 60, "the call took " + seconds + " s: " + push.stderr());
                assertFalse(agent.log().contains("stored "), "the agent pushed nothing: " + agent.log());
                assertFalse(
                        Files.exists(ws.root().resolve("other").resolve(seg.getFileName())),
                        "nothing went into the agent's archive");
            }
        }
    }

    @Test
    void withoutALiveAgent_pushGoesThroughTheJavaCommand(PgWorkspace ws) throws Exception {
        RealWalSegments wal = RealWalSegments.make(ws.newDirectory("wal"), 3);
        ws.tools().user().handOver(ws.root().resolve("wal"));
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        try (ReceiverProcess rx = ReceiverProcess.start(
                w, ws.root().resolve("receiver.log"), "main=" + ws.root().resolve("archive"))) {
            List<Path> segs = wal.segments();

            // no agent.pid at all
            assertPushedDirectly(w.runAsPostgres(push(w, rx, spool, segs.get(0))), segs.get(0));

            // agent.pid left behind by a killed agent: names a process that is gone
            Process gone = new ProcessBuilder("true").start();
            assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
            writeAsPostgres(ws, spool.resolve("agent.pid"), gone.pid() + " main@" + rx.address() + "\n");
            assertPushedDirectly(w.runAsPostgres(push(w, rx, spool, segs.get(1))), segs.get(1));
            assertFalse(Files.exists(spool.resolve(segs.get(1).getFileName() + ".want")), "no request left behind");

            // garbage in agent.pid
            writeAsPostgres(ws, spool.resolve("agent.pid"), "not-a-pid\n");
            assertPushedDirectly(w.runAsPostgres(push(w, rx, spool, segs.get(2))), segs.get(2));

            // agent.pid naming a live process of the postgres user that is no agent (a reused pid): the request is
            // not taken, the call pushes itself, and agent.pid is dropped so that later calls do not wait again
            Process sleeper = new ProcessBuilder(ws.tools().user().wrap(List.of("sleep", "120"))).start();
            try {
                long pid = ws.tools().user().switchesUser() ? awaitChild(sleeper) : sleeper.pid();
                writeAsPostgres(ws, spool.resolve("agent.pid"), pid + " main@" + rx.address() + "\n");
                Outcome notTaken = w.runAsPostgres(push(w, rx, spool, segs.get(0)));
                assertEquals(0, notTaken.exitCode(), notTaken.stderr());
                assertTrue(
                        notTaken.stderr()
                                .contains("did not take the request for "
                                        + segs.get(0).getFileName()),
                        notTaken.stderr());
                assertFalse(Files.exists(spool.resolve("agent.pid")), "a pid nobody answers for is forgotten");
                assertFalse(Files.exists(spool.resolve(segs.get(0).getFileName() + ".want")), "no request left");
            } finally {
                sleeper.descendants().forEach(ProcessHandle::destroy);
                sleeper.destroy();
            }

            assertVerifies(w, rx);
        }
    }

    /** The pid of the command that {@code runuser} started (the process of the postgres user). */
    private static long awaitChild(Process p) {
        Await.until("runuser's child", Duration.ofSeconds(10), () -> p.children()
                .findFirst()
                .isPresent());
        return p.children().findFirst().orElseThrow().pid();
    }

    @Test
    void realPrimary_archivesThroughTheAgent_underPgbench_nothingFailed(PgWorkspace ws) throws Exception {
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        Path archive = ws.root().resolve("archive");
        try (ReceiverProcess rx = ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive);
                Agent agent = Agent.start(w, ws, rx, spool)) { // no --pgdata: learns pg_wal from the first call
            PgCluster primary = primary(ws, w, rx, spool);
            String first = current(primary);
            primary.pgbenchInit(1);
            String last = "";
            for (int i = 0; i < 3; i++) {
                primary.pgbench(2, 100);
                last = primary.switchWal();
            }

            awaitArchived(primary, last);
            ArchiverStats stats = ArchiverStats.of(primary);
            assertEquals(0, stats.failed(), "archive_command failures: " + stats + "\n" + pgLog(primary));
            assertAllArchived(archive, first, last);
            assertVerifies(w, rx);

            String pgLog = pgLog(primary);
            assertFalse(pgLog.contains("pushing it directly"), "every call was answered by the agent:\n" + pgLog);
            assertTrue(pgLog.contains(BY_AGENT), pgLog);
            String log = agent.log();
            assertTrue(
                    log.contains("shipping ahead the .ready files of "
                            + primary.dataDir().resolve("pg_wal")),
                    log);
            assertTrue(count(log.lines().toList(), " walferry push-agent: stored ") > 0, log);
            for (String name : archivedSegments(archive)) {
                assertEquals(1, count(rx.logLines(), "stored main/" + name), name + " stored once:\n" + rx.log());
            }
            assertTrue(agent.isAlive());
        }
    }

    @Test
    void agentKilledMidArchiving_archivingGoesOnThroughTheJavaPush_noSegmentLost(PgWorkspace ws) throws Exception {
        Path spool = ws.newDirectory("spool");
        WalferryInstall w = WalferryInstall.into(ws);
        Path archive = ws.root().resolve("archive");
        try (ReceiverProcess rx = ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive)) {
            PgCluster primary = primary(ws, w, rx, spool);
            String first = current(primary);
            Agent agent =
                    Agent.start(w, ws, rx, spool, "--pgdata", primary.dataDir().toString(), "--ship-ahead", "4");
            try (agent) {
                CompletableFuture<?> load = CompletableFuture.runAsync(() -> {
                    primary.pgbenchInit(1);
                    primary.pgbench(2, 300);
                });
                Await.until(
                        "the agent to have pushed 2 files",
                        DRAIN,
                        () -> count(agent.log().lines().toList(), " walferry push-agent: stored ") >= 2);
                agent.kill9();
                long archivedAtKill = ArchiverStats.of(primary).archived();
                load.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
                primary.pgbench(1, 100);
                String last = primary.switchWal();

                awaitArchived(primary, last); // a liveness bound: the stale agent.pid must not stall archiving
                assertTrue(Files.exists(spool.resolve("agent.pid")), "the killed agent left agent.pid behind");
                ArchiverStats stats = ArchiverStats.of(primary);
                assertEquals(0, stats.failed(), "archive_command failures: " + stats + "\n" + pgLog(primary));
                assertTrue(stats.archived() > archivedAtKill, "archived after the kill: " + stats);
                assertAllArchived(archive, first, last);
                assertVerifies(w, rx);
                assertTrue(rx.logLines().stream().anyMatch(l -> l.contains("stored main/" + last)), rx.log());
            }
        }
    }

    // ---- the primary ----

    /** A primary with 1 MiB segments (many files for little load) archiving with the launcher and --spool-dir. */
    private static PgCluster primary(PgWorkspace ws, WalferryInstall w, ReceiverProcess rx, Path spool) {
        PgCluster primary = ws.newCluster("primary", InitOptions.throwaway().withWalSegmentSizeMb(1));
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("archive_mode", "on");
        List<String> options = new ArrayList<>(w.clientOptions(rx, "main", "primary"));
        options.addAll(List.of("--spool-dir", spool.toString()));
        conf.put("archive_command", w.shellCommand("push", options, "%p", "%f"));
        primary.configure(conf);
        primary.start();
        return primary;
    }

    /** Waits until PostgreSQL reports {@code last} archived and no .ready file is left. */
    private static void awaitArchived(PgCluster primary, String last) {
        Await.until("pg_stat_archiver to report " + last + " archived and no .ready file left", DRAIN, () -> {
            ArchiverStats s = ArchiverStats.of(primary);
            return s.backlog() == 0
                    && !s.lastArchived().isEmpty()
                    && s.lastArchived().compareTo(last) >= 0;
        });
    }

    /** The segment being written now: it and every later one must reach the archive. */
    private static String current(PgCluster primary) {
        return primary.query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    }

    /** Every segment of timeline 1 from {@code first} up to {@code last} is in the archive directory. */
    static void assertAllArchived(Path archive, String first, String last) throws IOException {
        List<String> names = archivedSegments(archive);
        long perLog = 0x1_0000_0000L / (1 << 20);
        WalFileName start = WalFileName.parse(first);
        WalFileName end = WalFileName.parse(last);
        List<String> missing = new ArrayList<>();
        for (long s = start.log() * perLog + start.segment(); s <= end.log() * perLog + end.segment(); s++) {
            String n = String.format("%08X%08X%08X", 1, s / perLog, s % perLog);
            if (!names.contains(n)) {
                missing.add(n);
            }
        }
        assertEquals(List.of(), missing, "segments PostgreSQL archived but missing from the archive");
    }

    private static List<String> archivedSegments(Path archive) throws IOException {
        try (Stream<Path> s = Files.list(archive)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> WalFileName.isValid(n) && WalFileName.parse(n).isSegment())
                    .sorted()
                    .toList();
        }
    }

    private static String pgLog(PgCluster primary) throws IOException {
        return Files.readString(primary.logFile());
    }

    // ---- walferry commands ----

    private static String[] push(WalferryInstall w, ReceiverProcess rx, Path spool, Path file) {
        return push(w, rx, spool, file.toString(), file.getFileName().toString());
    }

    private static String[] push(WalferryInstall w, ReceiverProcess rx, Path spool, String path, String name) {
        List<String> a = new ArrayList<>(List.of("push"));
        a.addAll(w.clientOptions(rx, "main", "primary"));
        a.addAll(List.of("--spool-dir", spool.toString(), path, name));
        return a.toArray(String[]::new);
    }

    private static void assertPushedDirectly(Outcome push, Path file) {
        assertEquals(0, push.exitCode(), push.stderr());
        assertTrue(push.stderr().contains("stored " + file.getFileName() + " in archive main"), push.stderr());
        assertFalse(push.stderr().contains("push-agent"), push.stderr());
    }

    private static void assertVerifies(WalferryInstall w, ReceiverProcess rx) {
        List<String> verify = new ArrayList<>(List.of("archive", "verify", "--no-progress"));
        verify.addAll(w.clientOptions(rx, "main", "primary"));
        Outcome v = w.runAsMe(verify.toArray(String[]::new));
        assertEquals(0, v.exitCode(), v.result().outputTail());
    }

    private static void writeAsPostgres(PgWorkspace ws, Path file, String content) throws IOException {
        Files.writeString(file, content);
        ws.tools().user().handOver(file);
    }

    private static int count(List<String> lines, String what) {
        return (int) lines.stream().filter(l -> l.contains(what)).count();
    }

    /** {@code bin/walferry push-agent} as postgres; stopped with SIGTERM on close (SIGKILL with {@link #kill9}). */
    private static final class Agent implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final ProcessHandle java;

        private Agent(Process process, Path log, ProcessHandle java) {
            this.process = process;
            this.log = log;
            this.java = java;
        }

        static Agent start(WalferryInstall w, PgWorkspace ws, ReceiverProcess rx, Path spool, String... extra)
                throws IOException {
            return start(w, ws, spool, w.clientOptions(rx, "main", "primary"), extra);
        }

        static Agent start(WalferryInstall w, PgWorkspace ws, Path spool, List<String> client, String... extra)
                throws IOException {
            List<String> args = new ArrayList<>(List.of("push-agent"));
            args.addAll(client);
            args.addAll(List.of("--spool-dir", spool.toString()));
            args.addAll(List.of(extra));
            Path log = ws.root().resolve("push-agent.log");
            Process p = new ProcessBuilder(ws.tools().user().wrap(w.command(args.toArray(String[]::new))))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Path pidFile = spool.resolve("agent.pid");
            try {
                Await.until("the push-agent to publish agent.pid (log " + log + ")", Duration.ofSeconds(60), () -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("push-agent exited with " + p.exitValue() + ": " + read(log));
                    }
                    return Files.exists(pidFile);
                });
                long pid = Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
                ProcessHandle java = ProcessHandle.of(pid)
                        .orElseThrow(() -> new IllegalStateException("agent.pid names no process: " + pid));
                return new Agent(p, log, java);
            } catch (RuntimeException | IOException e) {
                p.destroyForcibly();
                throw e;
            }
        }

        String log() {
            return read(log);
        }

        boolean isAlive() {
            return java.isAlive();
        }

        /** SIGKILL to the agent's JVM: no shutdown hook, agent.pid stays. */
        void kill9() throws InterruptedException {
            java.destroyForcibly();
            Await.until("the push-agent to die", Duration.ofSeconds(30), () -> !java.isAlive());
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM, as a service manager stops it; then the exit of the launcher's process (runuser or java). */
        @Override
        public void close() throws InterruptedException {
            if (java.isAlive()) {
                java.destroy();
                Await.until(
                        "the push-agent to stop on SIGTERM (log " + log + ")",
                        Duration.ofSeconds(30),
                        () -> !java.isAlive());
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private static String read(Path p) {
            try {
                return Files.exists(p) ? Files.readString(p) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
