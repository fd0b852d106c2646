package dev.walferry.it;

import java.nio.file.Path;
import java.util.List;

/** A receiver process for tests: {@link dev.walferry.pglab.demo.ReceiverProcess} started from a {@link WalferryInstall}. */
public final class ReceiverProcess implements AutoCloseable {

    private final dev.walferry.pglab.demo.ReceiverProcess process;

    private ReceiverProcess(dev.walferry.pglab.demo.ReceiverProcess process) {
        this.process = process;
    }

    /** Starts a receiver serving {@code NAME=DIR} archives, and waits until it listens. */
    public static ReceiverProcess start(WalferryInstall w, Path log, String... archives) {
        return start(w, log, List.of(), archives);
    }

    /** As {@link #start(WalferryInstall, Path, String...)}, with more {@code serve} options (e.g. --allow). */
    public static ReceiverProcess start(WalferryInstall w, Path log, List<String> options, String... archives) {
        return new ReceiverProcess(dev.walferry.pglab.demo.ReceiverProcess.start(
                w.launcher(), w.tlsDir(), log, List.of(archives), options));
    }

    public String address() {
        return process.address();
    }

    public int port() {
        return Integer.parseInt(process.address().substring(process.address().lastIndexOf(':') + 1));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return process.log();
    }

    public List<String> logLines() {
        return process.logLines();
    }

    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
