package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to a waiting {@code restore --wait} in its own JVM, with the launcher's client JVM flags: SIGUSR1 is a
 * fast failover (exit 1); SIGTERM (PostgreSQL shutting down) ends it at once with 143 and no temp file beside %p.
 */
class WaitModeSignalsTest {

    /** Far above a prompt reaction, far below the 60 s sleep interval the restores run with. */
    static final long PROMPT_SECONDS = 10;

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path data;
    Path dest;

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("pg_wal"));
        Files.createFile(data.resolve("recovery.signal"));
        dest = data.resolve("pg_wal/RECOVERYXLOG");
    }

    @AfterEach
    void stop() throws Exception {
        rx.close();
    }

    @Test
    void waitRestore_sigusr1_isFastFailover_exitsOnePromptly() throws Exception {
        Process p = waitingRestore();
        kill("-USR1", p);

        assertTrue(p.waitFor(PROMPT_SECONDS, TimeUnit.SECONDS), "restore still running after SIGUSR1");
        assertEquals(ExitCode.NOT_FOUND.code(), p.exitValue(), stderr());
        assertTrue(stderr().contains("fast failover (SIGUSR1)"), stderr());
    }

    @Test
    void waitRestore_sigterm_exitsPromptlyWith143_leavingNoTempFile() throws Exception {
        Process p = waitingRestore();
        kill("-TERM", p);

        assertTrue(p.waitFor(PROMPT_SECONDS, TimeUnit.SECONDS), "restore still running after SIGTERM");
        assertEquals(128 + 15, p.exitValue(), stderr());
        assertFalse(Files.exists(dest));
        try (var files = Files.list(dest.getParent())) {
            assertEquals(0, files.count(), "nothing left in pg_wal");
        }
    }

    private Process waitingRestore() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(
                java.toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "restore"));
        cmd.addAll(List.of(rx.client("primary")));
        cmd.addAll(List.of(
                "--wait",
                "--sleep",
                "60",
                "--verbose",
                "--data-dir",
                data.toString(),
                SyntheticWal.name(1, 7),
                dest.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("restore.log").toFile())
                .start();
        Await.until(
                "restore waiting", Duration.ofSeconds(30), () -> stderr().contains("waiting for it") || !p.isAlive());
        assertTrue(p.isAlive(), stderr());
        return p;
    }

    private String stderr() {
        try {
            return Files.readString(tmp.resolve("restore.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void kill(String signal, Process p) throws Exception {
        Process k = new ProcessBuilder("kill", signal, Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertEquals(0, k.waitFor(), "kill " + signal);
    }
}
