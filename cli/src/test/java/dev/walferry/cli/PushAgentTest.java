package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.spool.Ack;
import dev.walferry.client.spool.FileStamp;
import dev.walferry.client.spool.Want;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code walferry push-agent} run in-process, asked for files the way bin/walferry asks (DIR/NAME.want written by
 * rename, then DIR/NAME.ack or DIR/NAME.err awaited): what a PostgreSQL operator relies on is that an ack only ever
 * stands for a file the receiver stored with the same content, that refused files are reported (so the launcher
 * pushes them itself and PostgreSQL sees the failure), and that PostgreSQL's archive_status files are only read.
 */
class PushAgentTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path data;
    Path pgWal;
    Path status;
    Path spool;
    final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        data = tmp.resolve("data");
        pgWal = Files.createDirectories(data.resolve("pg_wal"));
        status = Files.createDirectories(pgWal.resolve("archive_status"));
        spool = tmp.resolve("spool");
    }

    @AfterEach
    void stop() throws Exception {
        for (Agent a : agents) {
            a.stop();
        }
        rx.close();
    }

    @Test
    void requestedFile_isStoredOnce_andAckedWithTheFilesStamp() throws Exception {
        Path seg = segment(1, 11, null);
        Agent agent = agent();

        Answer a = ask(seg);

        assertTrue(a.acked(), a + "\n" + agent.err());
        assertAckMatches(seg, a.ack());
        assertFalse(Files.exists(spool.resolve(seg.getFileName() + ".want")), "the request was taken");
        assertEquals(List.of(name(seg)), rx.archivedNames());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(rx.archiveDir.resolve(name(seg))));
        assertTrue(rx.awaitLog(l -> l.contains("stored main/" + name(seg))));
        assertEquals(
                1,
                count(rx.logLines(), "stored main/" + name(seg)),
                rx.logLines().toString());
        await("the agent's log line", () -> agent.err().contains("stored " + name(seg)), agent);
    }

    @Test
    void readyFiles_areShippedAheadAndAcked_doneAndUnmarkedFilesAreNot_statusFilesUntouched() throws Exception {
        Files.writeString(pgWal.resolve("00000002.history"), "1\t0/5000000\tno recovery target specified\n");
        Files.createFile(status.resolve("00000002.history.ready"));
        Path r1 = segment(1, 1, ".ready");
        Path r2 = segment(1, 2, ".ready");
        Path done = segment(1, 3, ".done");
        Path unmarked = segment(1, 4, null);
        Path r5 = segment(1, 5, ".ready");
        Map<String, String> before = snapshot(pgWal);

        Agent agent = agent("--pgdata", data.toString());
        for (Path p : List.of(r1, r2, r5, pgWal.resolve("00000002.history"))) {
            await("ack of " + p.getFileName() + " (shipped ahead)", () -> Files.exists(ackOf(p)), agent);
            assertAckMatches(p, Files.readString(ackOf(p)));
        }
        // the agent is busy and alive: a request for the unmarked file is served, and still nothing else moved
        Answer a = ask(unmarked);
        assertTrue(a.acked(), a + "\n" + agent.err());

        assertEquals(List.of(name(r1), name(r2), name(unmarked), name(r5), "00000002.history"), rx.archivedNames());
        assertFalse(Files.exists(ackOf(done)), "a .done file is not shipped ahead");
        await("the agent's log line", () -> agent.err().contains("(shipped ahead)"), agent);
        assertEquals(before, snapshot(pgWal), "pg_wal and archive_status are only read");
    }

    @Test
    void withoutPgdata_theFirstRequestTeachesTheAgentWhichPgWalToShipAheadFrom() throws Exception {
        Path r1 = segment(1, 1, ".ready");
        Path r2 = segment(1, 2, ".ready");
        Path r3 = segment(1, 3, ".ready");
        Map<String, String> before = snapshot(pgWal);
        Agent agent = agent();

        assertTrue(ask(r1).acked(), agent.err());
        await("acks of the other .ready files", () -> Files.exists(ackOf(r2)) && Files.exists(ackOf(r3)), agent);
        assertEquals(List.of(name(r1), name(r2), name(r3)), rx.archivedNames());
        await("the agent's log line", () -> agent.err().contains("shipping ahead the .ready files of " + pgWal), agent);
        assertEquals(before, snapshot(pgWal));
    }

    @Test
    void conflictingFile_isReportedInErr_neverAcked_andTheArchivedCopyIsKept() throws Exception {
        Path seg = segment(1, 7, null);
        Path other = SyntheticWal.write(Files.createDirectories(tmp.resolve("elsewhere")), 1, 7, 77, 999);
        Result first = rx.push(other, name(other));
        assertEquals(0, first.code(), first.err());
        byte[] archived = Files.readAllBytes(rx.archiveDir.resolve(name(seg)));
        Agent agent = agent();

        Answer a = ask(seg);

        assertTrue(a.failed(), a + "\n" + agent.err());
        assertTrue(a.err().startsWith("5 "), "exit code CONFLICT (5) first: " + a.err());
        assertFalse(Files.exists(ackOf(seg)), "never an ack for a refused file");
        assertArrayEquals(archived, Files.readAllBytes(rx.archiveDir.resolve(name(seg))));
        await("the agent's log line", () -> agent.err().contains("could not push " + name(seg)), agent);
        // the agent goes on serving after a refusal
        assertTrue(ask(segment(1, 8, null)).acked(), agent.err());
    }

    @Test
    void fileThatIsNotAWalSegment_isReportedInErr_andNothingIsStored() throws Exception {
        Path bogus = pgWal.resolve(SyntheticWal.name(1, 9));
        byte[] junk = new byte[SyntheticWal.SEGMENT_SIZE];
        java.util.Arrays.fill(junk, (byte) 0x5A);
        Files.write(bogus, junk);
        Agent agent = agent();

        Answer a = ask(bogus);

        assertTrue(a.failed(), a + "\n" + agent.err());
        assertTrue(a.err().startsWith("10 "), "exit code BAD_FILE (10) first: " + a.err());
        assertFalse(Files.exists(ackOf(bogus)));
        assertEquals(List.of(), rx.archivedNames());
    }

    @Test
    void receiverUnreachable_requestGetsErr_andOnceItIsBackTheNextRequestIsAcked() throws Exception {
        Path s1 = segment(1, 1, null);
        Path s2 = segment(1, 2, null);
        Agent agent = agent();
        rx.stopListening();

        Answer a = ask(s1);

        assertTrue(a.failed(), a + "\n" + agent.err());
        assertTrue(a.err().startsWith("3 "), "exit code CONNECT (3) first: " + a.err());
        assertFalse(Files.exists(ackOf(s1)));

        rx.listenAgain();
        Answer b = ask(s2);
        assertTrue(b.acked(), b + "\n" + agent.err());
        assertEquals(List.of(name(s2)), rx.archivedNames());
    }

    @Test
    void receiverGoneAfterTheConnectionWasWarm_requestGetsErrNotAHang() throws Exception {
        Path s1 = segment(1, 1, null);
        Path s2 = segment(1, 2, null);
        Agent agent = agent("--connections", "1");
        assertTrue(ask(s1).acked(), agent.err());
        rx.stopListening();

        Answer a = ask(s2);

        assertTrue(a.failed(), a + "\n" + agent.err());
        assertFalse(Files.exists(ackOf(s2)));
        assertEquals(List.of(name(s1)), rx.archivedNames());
    }

    @Test
    void receiverRestartedWhileTheConnectionsWereWarm_nextRequestIsStillPushedByTheAgent() throws Exception {
        // as after a receiver restart, or its idle timeout (5 minutes) on a quiet primary: the warm connection is
        // gone, and the agent must open a new one rather than send the waiting push call to the slow path
        Path s1 = segment(1, 1, null);
        Path s2 = segment(1, 2, null);
        Agent agent = agent("--connections", "1");
        assertTrue(ask(s1).acked(), agent.err());
        rx.stopListening();
        rx.listenAgain();

        Answer a = ask(s2);

        assertTrue(a.acked(), a + "\n" + agent.err());
        assertFalse(agent.err().contains("could not push"), agent.err());
        assertEquals(List.of(name(s1), name(s2)), rx.archivedNames());
    }

    @Test
    void readyFileTheReceiverRefuses_isNotRetriedInATightLoop() throws Exception {
        // a .ready segment whose name is archived with other content (e.g. a second cluster pointed at the same
        // archive by mistake): PostgreSQL's own calls fail with CONFLICT and it retries them every minute; the agent
        // must not hammer the receiver (one TLS handshake and one log line per try) and flood both logs meanwhile
        Path seg = segment(1, 7, ".ready");
        Path other = SyntheticWal.write(Files.createDirectories(tmp.resolve("elsewhere")), 1, 7, 77, 999);
        assertEquals(0, rx.push(other, name(other)).code());
        Agent agent = agent("--pgdata", data.toString());
        await("the first try", () -> agent.err().contains("could not ship " + name(seg) + " ahead"), agent);

        long window = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < window) { // an observation window, not a synchronisation
            Thread.sleep(100);
        }

        int tries = count(List.of(agent.err().split("\n")), "could not ship " + name(seg) + " ahead");
        assertTrue(tries <= 2, tries + " tries in 3 s:\n" + agent.err());
        // and the agent still serves requests
        assertTrue(ask(segment(1, 8, null)).acked(), agent.err());
    }

    @Test
    void secondAgentOnTheSameSpool_isRefusedWithUsageExit_andTheFirstKeepsServing() throws Exception {
        Agent first = agent();
        String[] published =
                Files.readString(spool.resolve("agent.pid")).strip().split(" ");
        String pid = published[0];
        assertEquals(Long.toString(ProcessHandle.current().pid()), pid);
        assertEquals(target(), published[1], "agent.pid names the agent's archive@server for the launcher");

        // another process, as a second `walferry push-agent` started by mistake would be
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "push-agent"));
        cmd.addAll(List.of(rx.client("primary", "--spool-dir", spool.toString())));
        Path out = tmp.resolve("second-agent.log");
        Process second = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!second.waitFor(60, TimeUnit.SECONDS)) {
            second.destroyForcibly();
            fail("a second agent on the same spool did not exit: " + Files.readString(out));
        }
        String log = Files.readString(out);

        assertEquals(2, second.exitValue(), log);
        assertTrue(
                log.contains("another walferry push-agent uses " + spool.toAbsolutePath() + " (pid " + pid + ")"), log);
        assertEquals(
                pid + " " + target(),
                Files.readString(spool.resolve("agent.pid")).strip(),
                "agent.pid still names the first");
        assertTrue(ask(segment(1, 1, null)).acked(), first.err());
    }

    @Test
    void invalidRequests_areAnsweredAtOnce_andValidRequestsStillWork() throws Exception {
        Path seg = segment(1, 3, null);
        Agent agent = agent();
        List<String> bad =
                List.of("notawal", "00000001000000000000000G", "0000000100000000000000", "history", "..history");
        for (String n : bad) {
            want(n, seg.toAbsolutePath().toString());
        }
        want("-weird name", seg.toAbsolutePath().toString()); // never a launcher's: consumed without an answer
        wantRaw(name(seg), "pg_wal/" + name(seg) + "\n" + target() + "\n"); // a valid name, a relative path

        await(
                "invalid requests answered",
                () -> bad.stream().allMatch(n -> Files.exists(spool.resolve(n + ".err")))
                        && Files.exists(errOf(seg))
                        && !Files.exists(spool.resolve("-weird name.want")),
                agent);
        assertTrue(Files.readString(errOf(seg)).startsWith("2 "), Files.readString(errOf(seg)));
        assertTrue(Files.readString(errOf(seg)).contains("absolute path"), Files.readString(errOf(seg)));
        for (String n : bad) {
            assertFalse(Files.exists(spool.resolve(n + ".ack")), n);
            assertTrue(Files.readString(spool.resolve(n + ".err")).contains("not a WAL file name"), n);
        }
        assertFalse(Files.exists(spool.resolve("-weird name.err")));
        assertEquals(List.of(), rx.archivedNames(), "nothing pushed for invalid requests");

        Answer a = ask(seg);
        assertTrue(a.acked(), a + "\n" + agent.err());
        assertEquals(List.of(name(seg)), rx.archivedNames());
    }

    @Test
    void requestForAnotherArchiveOrServer_isAnsweredWithAnError_andNothingIsPushed() throws Exception {
        Path seg = segment(1, 4, null);
        Agent agent = agent();
        wantRaw(name(seg), seg.toAbsolutePath() + "\nother@" + rx.address() + "\n");

        await("the request answered", () -> Files.exists(errOf(seg)), agent);
        assertTrue(Files.readString(errOf(seg)).contains("pushes to " + target()), Files.readString(errOf(seg)));
        assertFalse(Files.exists(ackOf(seg)));
        assertEquals(List.of(), rx.archivedNames(), "a request for another target is not pushed");
    }

    @Test
    void cleanStop_removesAgentPid_soThatPushCallsStopAsking() throws Exception {
        Agent agent = agent();
        assertTrue(Files.exists(spool.resolve("agent.pid")));
        assertEquals(0, agent.stop(), agent.err());
        assertFalse(Files.exists(spool.resolve("agent.pid")), agent.err());
        assertTrue(agent.err().contains("stopping: 0 files pushed for push calls"), agent.err());
    }

    // ---- the agent, in-process ----

    /** A push-agent on a thread of this JVM; stopped by interrupting that thread (as SIGTERM stops the process). */
    final class Agent {
        final Thread thread;
        final StringWriter err = new StringWriter();
        volatile int code = -1;

        Agent(String... extra) {
            List<String> a = new ArrayList<>(List.of("push-agent"));
            a.addAll(List.of(rx.client("primary", "--spool-dir", spool.toString())));
            a.addAll(List.of(extra));
            thread = new Thread(
                    () -> code = Main.run(
                            a.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err, true)),
                    "test-push-agent");
            thread.setDaemon(true);
        }

        String err() {
            return err.toString();
        }

        int stop() throws InterruptedException {
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(thread.isAlive(), "the agent did not stop: " + err());
            }
            return code;
        }
    }

    private Agent agent(String... extra) throws Exception {
        Agent a = new Agent(extra);
        agents.add(a);
        a.thread.start();
        await(
                "the agent publishes agent.pid",
                () -> Files.exists(spool.resolve("agent.pid")) || !a.thread.isAlive(),
                a);
        assertTrue(a.thread.isAlive(), "the agent did not start (exit " + a.code + "): " + a.err());
        return a;
    }

    // ---- the launcher's side of the protocol (bin/walferry, agent_pushed) ----

    /** What the agent answered to one request: the ack line, or the error line. */
    record Answer(String ack, String err) {
        boolean acked() {
            return ack != null && err == null;
        }

        boolean failed() {
            return err != null && ack == null;
        }
    }

    private Answer ask(Path file) throws Exception {
        String n = name(file);
        Files.deleteIfExists(errOf(file));
        want(n, file.toAbsolutePath().toString());
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (Files.exists(ackOf(file)) && matches(file, Files.readString(ackOf(file)))) {
                return new Answer(Files.readString(ackOf(file)), Files.exists(errOf(file)) ? read(errOf(file)) : null);
            }
            if (Files.exists(errOf(file))) {
                return new Answer(Files.exists(ackOf(file)) ? Files.readString(ackOf(file)) : null, read(errOf(file)));
            }
            Thread.sleep(5);
        }
        fail("no answer to the request for " + n + " in 30 s; spool: " + list(spool) + "; agents: "
                + agents.stream().map(Agent::err).toList());
        return null;
    }

    /** A request as bin/walferry writes it: the path and this receiver's archive@server, one per line. */
    private void want(String name, String path) throws IOException {
        wantRaw(name, new Want(path, target()).format());
    }

    private void wantRaw(String name, String content) throws IOException {
        wantRaw(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void wantRaw(String name, byte[] content) throws IOException {
        Path temp = spool.resolve("." + name + ".want.4242");
        Files.write(temp, content);
        Files.move(temp, spool.resolve(name + ".want"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The archive@server of the agents these tests start (what the launcher compares). */
    private String target() {
        return "main@" + rx.address();
    }

    private static String read(Path p) throws IOException {
        try {
            return Files.readString(p).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        }
    }

    /** The launcher's test (docs/spool.md): size, mtime in ns, inode and archive@server as the file is now. */
    private boolean matches(Path file, String ackLine) throws IOException {
        FileStamp now = FileStamp.of(file);
        return Ack.parse(ackLine.getBytes(StandardCharsets.ISO_8859_1))
                .map(a -> a.matches(now, target()))
                .orElse(false);
    }

    private void assertAckMatches(Path file, String ackLine) throws Exception {
        Ack a = Ack.parse(ackLine.getBytes(StandardCharsets.ISO_8859_1))
                .orElseThrow(() -> new AssertionError("not an ack (docs/spool.md): " + ackLine));
        FileStamp s = FileStamp.of(file);
        assertEquals(Files.size(file), a.size(), "size");
        assertEquals(sha256(file), a.sha256Hex(), "sha256");
        assertEquals(s.mtimeNanos(), a.mtimeNanos(), "mtime in ns");
        assertEquals(s.inode(), a.inode(), "inode");
        assertEquals(target(), a.target(), "archive@server");
        assertEquals(sha256(file), sha256(rx.archiveDir.resolve(name(file))), "the archived copy");
    }

    // ---- files ----

    /** A synthetic segment in pg_wal with status file {@code NAME + suffix} (null: none). */
    private Path segment(long tli, long segno, String suffix) throws IOException {
        Path p = SyntheticWal.write(pgWal, tli, segno, 77, segno);
        if (suffix != null) {
            Files.createFile(status.resolve(p.getFileName() + suffix));
        }
        return p;
    }

    private Path ackOf(Path file) {
        return spool.resolve(name(file) + ".ack");
    }

    private Path errOf(Path file) {
        return spool.resolve(name(file) + ".err");
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /** Every file under {@code dir} with size, mtime and inode: PostgreSQL's files must stay as they were. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                FileStamp st = FileStamp.of(p);
                m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : st.toString());
            }
        }
        return m;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private static int count(List<String> lines, String what) {
        return (int) lines.stream().filter(l -> l.contains(what)).count();
    }

    private static void await(String what, BooleanSupplier condition, Agent agent) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "\n" + agent.err());
            }
            Thread.sleep(10);
        }
    }
}
