package dev.walferry.cli;

import dev.walferry.protocol.tls.TlsContexts;
import dev.walferry.server.net.ArchiveAccess;
import dev.walferry.server.net.ReceiverServer;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An in-process receiver on 127.0.0.1 with a fresh CA, for copy-path tests: certificates for clients
 * "primary" and "intruder" (the latter not allowed on archive "main"), archive "main" in a temp directory, and the
 * receiver's log records captured.
 */
final class ReceiverFixture implements AutoCloseable {

    final Path root;
    final Path tlsDir;
    final Path archiveDir;
    final ArchiveStorage storage;
    final Map<String, ArchiveStorage> archives;
    ReceiverServer server;
    private final ArchiveAccess access;
    private int port;
    final List<String> log = new ArrayList<>();
    private final Handler logHandler;

    ReceiverFixture(Path root) throws Exception {
        this(root, root.resolve("tls"), null);
    }

    /**
     * A receiver with the certificates of {@code tlsDir} (made there unless it already holds a CA, so that several
     * receivers can share one) serving {@code archives}, each open to "primary"; null for the directory archive
     * "main" in {@code root/archive}.
     */
    ReceiverFixture(Path root, Path tlsDir, Map<String, ArchiveStorage> archives) throws Exception {
        this.root = root;
        this.tlsDir = tlsDir;
        this.archiveDir = root.resolve("archive");
        if (!Files.exists(tlsDir.resolve("ca.crt"))) {
            makeCertificates(tlsDir);
        }
        if (archives == null) {
            Files.createDirectories(archiveDir);
            archives = Map.of("main", DirectoryStorage.open("main", archiveDir, StorageOptions.defaults()));
        }
        this.archives = Map.copyOf(archives);
        storage = archives.values().iterator().next();
        logHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (log) {
                    log.add(r.getMessage());
                    log.notifyAll();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("walferry.receiver").addHandler(logHandler);
        Map<String, Set<String>> allowed = new java.util.HashMap<>();
        archives.keySet().forEach(a -> allowed.put(a, Set.of("primary")));
        access = new ArchiveAccess(archives, allowed);
        listen();
    }

    private void listen() throws Exception {
        server = ReceiverServer.start(new InetSocketAddress("127.0.0.1", port), TlsContexts.server(tlsDir), access, 4);
        port = server.address().getPort();
    }

    /** Stops listening (a receiver going down); the archive stays. */
    void stopListening() {
        server.close();
    }

    /** Listens again on the same port (a receiver restarted). */
    void listenAgain() throws Exception {
        listen();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Client options for archive "main" as {@code identity}. */
    String[] client(String identity, String... rest) {
        return client(address(), tlsDir, identity, rest);
    }

    /** Client options for archive "main" on {@code address} as {@code identity}, certificates of {@code tlsDir}. */
    static String[] client(String address, Path tlsDir, String identity, String... rest) {
        List<String> a = new ArrayList<>(List.of(
                "--server",
                address,
                "--archive",
                "main",
                "--tls-dir",
                tlsDir.toString(),
                "--identity",
                identity,
                "--timeout",
                "20"));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    /** A fresh CA in {@code tlsDir}: receiver 127.0.0.1, clients "primary" and "intruder". */
    static void makeCertificates(Path tlsDir) {
        Result init = walferry(
                "tls",
                "init",
                "--dir",
                tlsDir.toString(),
                "--server-name",
                "127.0.0.1",
                "--client",
                "primary",
                "--client",
                "intruder");
        if (init.code != 0) {
            throw new IllegalStateException("tls init failed: " + init);
        }
    }

    Result push(Path file, String name) {
        List<String> a = new ArrayList<>(List.of("push"));
        a.addAll(List.of(client("primary")));
        a.add(file.toString());
        a.add(name);
        return walferry(a.toArray(String[]::new));
    }

    Result restore(String name, Path dest) {
        List<String> a = new ArrayList<>(List.of("restore"));
        a.addAll(List.of(client("primary")));
        a.add(name);
        a.add(dest.toString());
        return walferry(a.toArray(String[]::new));
    }

    /** Names of the files in the archive directory, hidden walferry state excluded. */
    List<String> archivedNames() throws IOException {
        try (var s = Files.list(archiveDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    List<String> logLines() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Waits (bounded) until the receiver logged a line matching {@code p}; the log is written asynchronously. */
    boolean awaitLog(java.util.function.Predicate<String> p) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (log) {
            while (log.stream().noneMatch(p)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                log.wait(left);
            }
            return true;
        }
    }

    static Result walferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {}

    @Override
    public void close() throws IOException {
        server.close();
        for (ArchiveStorage s : archives.values()) {
            s.close();
        }
        Logger.getLogger("walferry.receiver").removeHandler(logHandler);
    }
}
