package dev.walferry.pgctl;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as an {@link OsUser}, with a timeout, capturing stdout and stderr.
 *
 * <p>Output goes to temporary files rather than pipes, so a daemon the command leaves behind (the postmaster
 * {@code pg_ctl start} spawns) can never hold the capture open. The child gets {@code /} as working directory
 * (the caller's may be unreadable by {@code postgres}), {@code LC_ALL=C} (tool output is parsed, and
 * {@code pg_controldata} is translated otherwise) and no inherited {@code PG*} variables.
 */
public final class ProcessRunner {

    private static final File DEV_NULL = new File("/dev/null");

    private final OsUser user;

    public ProcessRunner(OsUser user) {
        this.user = user;
    }

    public OsUser user() {
        return user;
    }

    /**
     * Runs {@code command} and returns its output.
     *
     * @throws CommandFailedException when it exits non-zero or runs longer than {@code timeout}
     */
    public ProcessResult run(List<String> command, Duration timeout) {
        ProcessResult r = runAllowingFailure(command, timeout);
        if (!r.succeeded()) {
            throw new CommandFailedException(r.command(), r.exitCode(), r.outputTail(), "exit code " + r.exitCode());
        }
        return r;
    }

    /**
     * Runs {@code command} and returns its output whatever its exit code.
     *
     * @throws CommandFailedException when it runs longer than {@code timeout} (it is killed, with its children)
     */
    public ProcessResult runAllowingFailure(List<String> command, Duration timeout) {
        List<String> argv = user.wrap(command);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("walferry-cmd", ".out");
            err = Files.createTempFile("walferry-cmd", ".err");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            cleanEnvironment(pb.environment());
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(p);
                ProcessResult partial = new ProcessResult(argv, CommandFailedException.TIMED_OUT, read(out), read(err));
                throw new CommandFailedException(
                        argv,
                        CommandFailedException.TIMED_OUT,
                        partial.outputTail(),
                        "timed out after " + timeout.toSeconds() + " s");
            }
            return new ProcessResult(argv, p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new PgException("cannot run " + ProcessResult.commandLine(argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgException("interrupted while running " + ProcessResult.commandLine(argv), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
