package dev.walferry.it.fault;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault test's setup: the packaged walferry run by the current user, a CA with clients "primary", "standby" and
 * "intruder", and a receiver process ({@code walferry serve}) that can be killed with SIGKILL and restarted on the
 * same archives (a new port and a new log file each time). Client commands run in-process ({@link Walferry}).
 */
final class FaultRig implements AutoCloseable {

    final Path root;
    final WalferryInstall install;
    private final List<String> serveOptions;
    private final String[] archives;
    private final List<Path> logs = new ArrayList<>();
    private volatile ReceiverProcess receiver;

    private FaultRig(Path root, List<String> serveOptions, String[] archives) {
        this.root = root;
        this.install = WalferryInstall.forCurrentUser(root, "primary", "standby", "intruder");
        this.serveOptions = serveOptions;
        this.archives = archives;
    }

    /** Starts a receiver for {@code archives} ({@code NAME=DIR}) with extra {@code serve} options. */
    static FaultRig start(Path root, List<String> serveOptions, String... archives) {
        FaultRig rig = new FaultRig(root, serveOptions, archives);
        rig.restart();
        return rig;
    }

    ReceiverProcess receiver() {
        return receiver;
    }

    /** SIGKILL: no shutdown hook, no cleanup, open transfers cut mid-stream. */
    void killReceiver() {
        receiver.kill();
    }

    /** Starts a new receiver process on the same archives; startup recovery runs before it listens. */
    ReceiverProcess restart() {
        Path log = root.resolve("receiver-" + logs.size() + ".log");
        logs.add(log);
        receiver = ReceiverProcess.start(install, log, serveOptions, archives);
        return receiver;
    }

    /** Every receiver log of this rig, oldest first. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (Path p : logs) {
            try {
                b.append(Files.exists(p) ? Files.readString(p) : "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    /** Client options for {@code archive} as {@code identity} on the current receiver, with short timeouts. */
    List<String> client(String archive, String identity) {
        return client(receiver.address(), archive, identity);
    }

    /** Client options for a receiver reached at {@code address} (e.g. through a {@link FaultProxy}). */
    List<String> client(String address, String archive, String identity) {
        return List.of(
                "--server",
                address,
                "--archive",
                archive,
                "--tls-dir",
                install.tlsDir().toString(),
                "--identity",
                identity,
                "--connect-timeout",
                "5",
                "--timeout",
                "10");
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
