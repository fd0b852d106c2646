package dev.walferry.pglab.demo;

import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code walferry push-agent} as a separate OS process of {@code user} (the postgres user: it reads pg_wal and shares
 * the spool with the archive_command), its log in a file. {@link #close} sends SIGTERM.
 */
public final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code launcher push-agent clientOptions --spool-dir spool extra...} and waits for its agent.pid. */
    public static AgentProcess start(
            OsUser user, Path launcher, List<String> clientOptions, Path spool, Path log, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "push-agent"));
        cmd.addAll(clientOptions);
        cmd.addAll(List.of("--spool-dir", spool.toString()));
        cmd.addAll(extra);
        try {
            Process p = new ProcessBuilder(user.wrap(cmd))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Await.until("push-agent started (log " + log + ")", Duration.ofSeconds(30), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("push-agent exited with " + p.exitValue() + ": " + read(log));
                }
                return Files.exists(spool.resolve("agent.pid"));
            });
            return new AgentProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    public String log() {
        return read(log);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (to the whole process tree: runuser forwards it), and wait until it is gone. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
