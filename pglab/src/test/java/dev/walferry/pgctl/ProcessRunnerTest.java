package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner(OsUser.forPostgres());

    @Test
    void run_capturesStdoutAndRunsAsPostgresWhenRoot() {
        ProcessResult r = runner.run(List.of("sh", "-c", "id -un; echo err >&2"), Duration.ofSeconds(10));

        assertEquals(OsUser.forPostgres().name(), r.stdout().strip());
        assertEquals("err", r.stderr().strip());
    }

    @Test
    void run_failingCommand_throwsWithCommandLineExitCodeAndOutputTail() {
        CommandFailedException e = assertThrows(
                CommandFailedException.class,
                () -> runner.run(List.of("sh", "-c", "echo went wrong >&2; exit 7"), Duration.ofSeconds(10)));

        assertEquals(7, e.exitCode());
        assertTrue(e.getMessage().startsWith("exit code 7: "), e.getMessage());
        assertTrue(e.getMessage().contains("sh -c 'echo went wrong >&2; exit 7'"), e.getMessage());
        assertTrue(e.outputTail().contains("went wrong"), e.outputTail());
    }

    @Test
    void run_tooSlow_isKilledAndReportedAsTimeout() {
        long start = System.nanoTime();
        CommandFailedException e = assertThrows(
                CommandFailedException.class, () -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)));

        assertEquals(CommandFailedException.TIMED_OUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("timed out after"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void run_environment_isCLocaleWithoutPgVariables() {
        ProcessResult r =
                runner.run(List.of("sh", "-c", "echo $LC_ALL; env | grep -c '^PG' || true"), Duration.ofSeconds(10));

        assertEquals("C\n0", r.stdout().strip());
    }
}
