package dev.walferry.client.serve;

import dev.walferry.client.cli.CommonOptions;
import dev.walferry.client.cli.ExitCode;
import dev.walferry.client.cli.LogSetup;
import dev.walferry.client.cli.WalferryException;
import dev.walferry.client.transport.ReceiverAddress;
import dev.walferry.protocol.tls.TlsConfigException;
import dev.walferry.protocol.tls.TlsContexts;
import dev.walferry.server.net.ArchiveAccess;
import dev.walferry.server.net.ReceiverServer;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code walferry serve}: runs the receiver in the foreground until SIGTERM. Logs go to stderr. */
@Command(name = "serve", description = "Run the receiver: accept pushes over mutual TLS and answer restores.")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--listen", paramLabel = "HOST:PORT", required = true,
            description = "Address to listen on, e.g. 0.0.0.0:7632 or 127.0.0.1:7632 (port 0: any free port).")
    String listen;

    @Option(names = "--archive", paramLabel = "NAME=DIR", required = true, split = ",",
            description = "An archive: its name and the directory holding its files (repeatable).")
    List<String> archives = new ArrayList<>();

    @Option(names = "--tls-dir", paramLabel = "DIR", required = true,
            description = "Directory with ca.crt, server.crt and server.key (from 'walferry tls init').")
    Path tlsDir;

    @Option(names = "--allow", paramLabel = "NAME=ID", split = ",",
            description = "Let client identity ID use archive NAME (repeatable). An archive with no --allow is open "
                    + "to every client certificate signed by the CA.")
    List<String> allows = new ArrayList<>();

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "32",
            description = "Threads for blocking storage work, shared by connections (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--fsync-warn-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Log a warning when one fsync takes longer (default: ${DEFAULT-VALUE}).")
    long fsyncWarnMillis;

    @Override
    public Integer call() throws Exception {
        LogSetup.toStderr(common.verbose());
        InetSocketAddress address = listenAddress();
        Map<String, Set<String>> allowed = parseAllows();
        SslContext ssl;
        try {
            ssl = TlsContexts.server(tlsDir);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.TLS_AUTH, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new WalferryException(ExitCode.TLS_AUTH, "cannot load the receiver's TLS files from " + tlsDir + ": "
                    + e.getMessage(), e);
        }
        Map<String, ArchiveStorage> stores = openArchives();
        for (String a : allowed.keySet()) {
            if (!stores.containsKey(a)) {
                closeAll(stores);
                throw new WalferryException(ExitCode.USAGE, "--allow names archive \"" + a + "\", which no --archive"
                        + " defines");
            }
        }
        ReceiverServer server;
        try {
            server = ReceiverServer.start(address, ssl, new ArchiveAccess(stores, allowed), ioThreads);
        } catch (Exception e) {
            closeAll(stores);
            throw new WalferryException(ExitCode.USAGE, "cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            closeAll(stores);
        }, "walferry-shutdown"));
        InetSocketAddress bound = server.address();
        System.getLogger("walferry.receiver").log(System.Logger.Level.INFO, "walferry receiver listening on "
                + new ReceiverAddress(bound.getAddress().getHostAddress(), bound.getPort()) + ", archives: "
                + String.join(", ", stores.keySet()));
        server.awaitClose();
        return 0;
    }

    private InetSocketAddress listenAddress() {
        try {
            ReceiverAddress a = ReceiverAddress.parse(listen);
            return new InetSocketAddress(a.host(), a.port());
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, "--listen: " + e.getMessage());
        }
    }

    private Map<String, Set<String>> parseAllows() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String a : allows) {
            String[] kv = splitPair(a, "--allow", "NAME=ID");
            allowed.computeIfAbsent(kv[0], k -> new HashSet<>()).add(kv[1]);
        }
        return allowed;
    }

    private Map<String, ArchiveStorage> openArchives() {
        Map<String, ArchiveStorage> stores = new LinkedHashMap<>();
        StorageOptions options = StorageOptions.defaults().withSlowFsyncThreshold(java.time.Duration.ofMillis(fsyncWarnMillis));
        for (String a : archives) {
            String[] kv = splitPair(a, "--archive", "NAME=DIR");
            if (stores.containsKey(kv[0])) {
                closeAll(stores);
                throw new WalferryException(ExitCode.USAGE, "--archive: archive \"" + kv[0] + "\" defined twice");
            }
            try {
                stores.put(kv[0], DirectoryStorage.open(kv[0], Path.of(kv[1]), options));
            } catch (IOException e) {
                closeAll(stores);
                throw new WalferryException(ExitCode.STORAGE, "cannot open archive \"" + kv[0] + "\" at " + kv[1] + ": "
                        + e.getMessage(), e);
            }
        }
        return stores;
    }

    private static String[] splitPair(String value, String option, String form) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new WalferryException(ExitCode.USAGE, option + ": \"" + value + "\" is not of the form " + form);
        }
        String name = value.substring(0, eq).trim();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new WalferryException(ExitCode.USAGE, option + ": archive name \"" + name + "\" must be 1-64 letters, "
                    + "digits, '.', '_' or '-'");
        }
        return new String[] {name, value.substring(eq + 1).trim()};
    }

    private static void closeAll(Map<String, ArchiveStorage> stores) {
        for (ArchiveStorage s : stores.values()) {
            try {
                s.close();
            } catch (IOException e) {
                System.getLogger("walferry.receiver").log(System.Logger.Level.WARNING, "closing archive "
                        + s.name() + ": " + e.getMessage());
            }
        }
    }
}
