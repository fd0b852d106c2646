package dev.walferry.pglab.demo;

import dev.walferry.pgctl.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code walferry serve} as a separate OS process on 127.0.0.1 and a free port, its log in a file. {@link #close}
 * sends SIGTERM; {@link #kill} sends SIGKILL.
 */
public final class ReceiverProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private ReceiverProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code launcher serve} with {@code tlsDir} and the {@code NAME=DIR} archives, and waits until it
     * listens.
     */
    public static ReceiverProcess start(
            Path launcher, Path tlsDir, Path log, List<String> archives, List<String> extraOptions) {
        return start(launcher, tlsDir, log, archives, extraOptions, "");
    }

    /** As above, with JVM options for the receiver (WALFERRY_JAVA_OPTS), e.g. a heap cap. */
    public static ReceiverProcess start(
            Path launcher,
            Path tlsDir,
            Path log,
            List<String> archives,
            List<String> extraOptions,
            String javaOptions) {
        List<String> cmd = new ArrayList<>(
                List.of(launcher.toString(), "serve", "--listen", "127.0.0.1:0", "--tls-dir", tlsDir.toString()));
        for (String a : archives) {
            cmd.add("--archive");
            cmd.add(a);
        }
        cmd.addAll(extraOptions);
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (!javaOptions.isEmpty()) {
                pb.environment().put("WALFERRY_JAVA_OPTS", javaOptions);
            }
            Process p = pb.start();
            int[] port = {0};
            Await.until("receiver listening (log " + log + ")", Duration.ofSeconds(30), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("receiver exited with " + p.exitValue() + ": " + read(log));
                }
                Matcher m = LISTENING.matcher(read(log));
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(1));
                    return true;
                }
                return false;
            });
            return new ReceiverProcess(p, log, port[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        return read(log);
    }

    public List<String> logLines() {
        return new ArrayList<>(log().lines().toList());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        waitExit();
    }

    /** SIGTERM, and wait for the process to be gone (SIGKILL after 30 s). */
    @Override
    public void close() {
        process.destroy();
        waitExit();
    }

    private void waitExit() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
