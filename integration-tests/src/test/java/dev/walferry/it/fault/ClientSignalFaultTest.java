package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.WalferryInstall;
import dev.walferry.pgctl.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 22, item 2 (docs/postgres-contract.md, "Signals"): PostgreSQL ends its archive and restore commands by
 * signalling their process group (SIGQUIT on an immediate shutdown or a crash restart, SIGTERM, SIGINT). The
 * installed {@code bin/walferry push} and {@code restore}, started in a process group of their own ({@code setsid})
 * against a receiver that accepts and never answers, get each signal as {@code kill -SIG -PGID} and must end within
 * seconds (JVM included), print no thread dump, exit non-zero, and leave nothing at %p and no temp file.
 */
class ClientSignalFaultTest {

    /** Far below the 300 s the calls would otherwise wait for the silent receiver. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    WalferryInstall install;
    ServerSocket silent;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    Path data;
    Path pgWal;

    @BeforeEach
    void setUp() throws Exception {
        install = WalferryInstall.forCurrentUser(tmp.resolve("install"), "primary");
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(
                () -> {
                    try {
                        while (true) {
                            held.add(silent.accept()); // never answered: the TLS handshake waits
                        }
                    } catch (IOException closed) {
                        // test over
                    }
                },
                "silent-receiver");
        accept.setDaemon(true);
        accept.start();
        data = Files.createDirectories(tmp.resolve("data"));
        pgWal = Files.createDirectories(data.resolve("pg_wal"));
        Files.createFile(data.resolve("recovery.signal")); // targeted recovery: restore retries for --retry-time
    }

    @AfterEach
    void tearDown() throws Exception {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUIT", "TERM", "INT"})
    void restore_signalledAsPostgresDoes_endsAtOnce_noThreadDump_noFileAtP(String signal) throws Exception {
        Path dest = pgWal.resolve("RECOVERYXLOG");
        Run run = start(
                "restore", "--data-dir", data.toString(), "--retry-time", "300", Segments.name(1), dest.toString());
        run.signalGroup(signal);

        run.assertEndedPromptly(signal);
        assertFalse(Files.exists(dest), "%p must not exist after " + signal);
        assertEquals(List.of(), list(pgWal), "no temp file beside %p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUIT", "TERM", "INT"})
    void push_signalledAsPostgresDoes_endsAtOnce_noThreadDump_neverSucceeds(String signal) throws Exception {
        Path seg = Segments.write(pgWal, 1, 1);
        Run run = start("push", seg.toString(), seg.getFileName().toString());
        run.signalGroup(signal);

        run.assertEndedPromptly(signal);
        assertEquals(List.of(seg.getFileName().toString()), list(pgWal), "nothing but the segment in pg_wal");
    }

    /** SIGKILL to the launcher's pid alone (a test harness, an operator): the JVM must not push on for nobody. */
    @ParameterizedTest
    @ValueSource(strings = {"push", "restore"})
    void launcherKilledAlone_jvmEndsToo(String command) throws Exception {
        Path seg = Segments.write(pgWal, 1, 1);
        Run run = command.equals("push")
                ? start("push", seg.toString(), seg.getFileName().toString())
                : start(
                        "restore",
                        "--data-dir",
                        data.toString(),
                        "--retry-time",
                        "300",
                        Segments.name(2),
                        pgWal.resolve("RECOVERYXLOG").toString());
        run.process.destroyForcibly();

        assertTrue(run.process.waitFor(PROMPT.toSeconds(), TimeUnit.SECONDS), "launcher still running");
        Await.until("the JVM of " + command + " to end with its launcher", PROMPT, () -> run.jvms.stream()
                .noneMatch(ProcessHandle::isAlive));
        assertEquals(List.of(seg.getFileName().toString()), list(pgWal), "nothing left beside the segment");
    }

    private Run start(String command, String... rest) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(List.of(
                "--server",
                "127.0.0.1:" + silent.getLocalPort(),
                "--archive",
                "main",
                "--tls-dir",
                install.tlsDir().toString(),
                "--identity",
                "primary"));
        args.addAll(List.of("--connect-timeout", "300", "--timeout", "300"));
        args.addAll(List.of(rest));
        // PostgreSQL starts its commands with no signal blocked; a thread of this JVM has SIGQUIT blocked (HotSpot
        // keeps it for its VM thread) and a child inherits that mask, so perl unblocks all first. setsid then makes
        // the call a process group of its own (not a group leader: it execs in place, the pid is the group id).
        List<String> cmd = new ArrayList<>(List.of(
                "perl",
                "-MPOSIX",
                "-e",
                "sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die; exec {$ARGV[0]} @ARGV or die",
                "setsid"));
        cmd.addAll(install.command(args.toArray(String[]::new)));
        Path log = tmp.resolve(command + ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Run run = new Run(p, log);
        Await.until(
                command + " connected to the silent receiver (log " + log + ")",
                Duration.ofSeconds(60),
                () -> !held.isEmpty() || !p.isAlive());
        assertTrue(p.isAlive(), run.output());
        p.descendants().forEach(run.jvms::add);
        run.jvms.add(p.toHandle());
        return run;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static final class Run {
        final Process process;
        final Path log;
        final List<ProcessHandle> jvms = new ArrayList<>();

        Run(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** As PostgreSQL's postmaster does: kill(-pgid, sig); the setsid'd launcher's pid is its group id. */
        void signalGroup(String signal) throws Exception {
            Process k = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .inheritIO()
                    .start();
            assertEquals(0, k.waitFor(), "kill -" + signal + " -" + process.pid());
        }

        void assertEndedPromptly(String signal) throws Exception {
            boolean ended = process.waitFor(PROMPT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
                jvms.forEach(ProcessHandle::destroyForcibly);
            }
            assertTrue(ended, "still running " + PROMPT.toSeconds() + " s after SIG" + signal + ": " + output());
            Await.until("every process of the call to end after SIG" + signal, PROMPT, () -> jvms.stream()
                    .noneMatch(ProcessHandle::isAlive));
            assertNotEquals(0, process.exitValue(), "an interrupted call must not report success: " + output());
            assertFalse(output().contains("thread dump"), "thread dump printed: " + output());
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
