package dev.walferry.it;

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

    /** Starts a receiver serving {@code archive=dir} pairs, and waits until it listens. */
    public static ReceiverProcess start(WalferryInstall w, Path log, String... archives) {
        return start(w, log, List.of(), archives);
    }

    /** As {@link #start(WalferryInstall, Path, String...)}, with more {@code serve} options (e.g. --allow). */
    public static ReceiverProcess start(WalferryInstall w, Path log, List<String> options, String... archives) {
        List<String> cmd = w.command("serve", "--listen", "127.0.0.1:0", "--tls-dir", w.tlsDir().toString());
        for (String a : archives) {
            cmd.add("--archive");
            cmd.add(a);
        }
        cmd.addAll(options);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return read(log);
    }

    public List<String> logLines() {
        return new ArrayList<>(log().lines().toList());
    }

    public void kill() {
        process.destroyForcibly();
        waitExit();
    }

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
