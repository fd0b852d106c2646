package dev.walferry.server.receiver;

import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.server.log.LogEvent;
import dev.walferry.server.log.ReceiverLog;
import dev.walferry.server.metrics.MetricsEndpoint;
import dev.walferry.server.metrics.ReceiverHealth;
import dev.walferry.server.metrics.ReceiverMetrics;
import dev.walferry.server.net.ArchiveAccess;
import dev.walferry.server.net.ReceiverServer;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running receiver: its archives, its server, its metrics endpoint (when asked for), and the configuration it was
 * started with. {@link #reload} applies a re-read configuration: allowed identities and TLS files.
 */
public final class Receiver implements AutoCloseable {

    private final Map<String, ArchiveStorage> stores;
    private final ReceiverServer server;
    private final MetricsEndpoint endpoint;
    private ReceiverConfig config;
    private boolean closed;

    private Receiver(
            Map<String, ArchiveStorage> stores,
            ReceiverServer server,
            MetricsEndpoint endpoint,
            ReceiverConfig config) {
        this.stores = stores;
        this.server = server;
        this.endpoint = endpoint;
        this.config = config;
    }

    /** Opens the archives, starts the metrics endpoint (with --metrics-listen) and listens. */
    public static Receiver start(ReceiverConfig c) {
        InetSocketAddress address = socket(c.listen());
        ServeSettings.checkArchives(c.archives());
        Map<String, Set<String>> allowed = ServeSettings.allowed(c.allows(), c.archives());
        SslContext ssl = ServeSettings.tls(c.tlsDir());
        Map<String, ArchiveStorage> stores = new LinkedHashMap<>();
        MetricsEndpoint endpoint = null;
        try {
            endpoint = c.metricsListen() == null ? null : startMetrics(c.metricsListen());
            ReceiverMetrics metrics = endpoint == null ? ReceiverMetrics.NONE : endpoint.metrics();
            openArchives(c, metrics, stores);
            ArchiveAccess access = new ArchiveAccess(stores, allowed);
            ReceiverServer server;
            try {
                server = ReceiverServer.start(address, ssl, access, c.ioThreads(), metrics);
            } catch (Exception e) {
                throw new ReceiverStartException(
                        ReceiverStartException.Reason.CONFIG,
                        "cannot listen on " + c.listen() + ": " + e.getMessage(),
                        e);
            }
            Receiver r = new Receiver(stores, server, endpoint, c);
            if (endpoint != null) {
                endpoint.health(new ReceiverHealth(
                        server::isListening, () -> server.access().archives().values()));
            }
            r.logStarted();
            return r;
        } catch (RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            closeAll(stores);
            throw e;
        }
    }

    private void logStarted() {
        InetSocketAddress bound = server.address();
        ReceiverLog.log(
                Level.INFO,
                LogEvent.of("start").outcome("listening"),
                "walferry receiver listening on "
                        + new ReceiverAddress(bound.getAddress().getHostAddress(), bound.getPort()) + ", archives: "
                        + String.join(", ", stores.keySet()) + "; " + ServeSettings.describeTls(config.tlsDir()));
        if (endpoint != null) {
            InetSocketAddress m = endpoint.address();
            ReceiverLog.log(
                    Level.INFO,
                    LogEvent.of("start").outcome("metrics"),
                    "serving /metrics and /health on " + "http://"
                            + new ReceiverAddress(m.getAddress().getHostAddress(), m.getPort()));
        }
    }

    private static MetricsEndpoint startMetrics(ReceiverAddress a) {
        try {
            return MetricsEndpoint.start(socket(a));
        } catch (IOException e) {
            throw new ReceiverStartException(
                    ReceiverStartException.Reason.CONFIG,
                    "--metrics-listen: cannot listen on " + a + ": " + e.getMessage(),
                    e);
        }
    }

    private static void openArchives(ReceiverConfig c, ReceiverMetrics metrics, Map<String, ArchiveStorage> into) {
        StorageOptions base = StorageOptions.defaults().withSlowFsyncThreshold(c.fsyncWarn());
        for (ArchiveSpec a : c.archives()) {
            DirectoryStorage dir = null;
            try {
                if (a.dir() != null) {
                    dir = DirectoryStorage.open(
                            a.name(), a.dir(), base.withFsyncObserver(metrics.fsyncObserver(a.name())));
                }
                into.put(a.name(), a.s3() == null ? dir : S3Archives.open(c.s3(), a, dir));
            } catch (IOException e) {
                closeQuietly(dir);
                throw new ReceiverStartException(
                        ReceiverStartException.Reason.STORAGE,
                        "cannot open archive \"" + a.name() + "\" at " + a + ": " + e.getMessage(),
                        e);
            } catch (RuntimeException e) {
                closeQuietly(dir);
                throw e;
            }
        }
    }

    /**
     * Applies a re-read configuration: new connections get the TLS files as they are now, every request from now on
     * is checked against the new {@code --allow} list. Connections already open and transfers in flight go on.
     * Options that need a restart (listen, archives, threads...) are reported and left as they are.
     *
     * @param otherRestartOnly settings outside {@code fresh} (the command line's log options) that changed and take
     *                         effect only on restart; logged with the others
     * @throws ReceiverStartException naming the problem; the running configuration is then unchanged
     */
    public synchronized void reload(ReceiverConfig fresh, List<String> otherRestartOnly) {
        if (closed) {
            throw new ReceiverStartException(ReceiverStartException.Reason.CONFIG, "the receiver is stopping");
        }
        ServeSettings.checkArchives(fresh.archives());
        Map<String, Set<String>> allowed = ServeSettings.allowed(fresh.allows(), config.archives());
        SslContext ssl = ServeSettings.tls(fresh.tlsDir());
        List<String> restartOnly = new ArrayList<>(ServeSettings.restartOnly(config, fresh));
        restartOnly.addAll(otherRestartOnly);
        for (String changed : restartOnly) {
            ReceiverLog.log(
                    Level.WARNING,
                    LogEvent.of("reload").outcome("needs_restart"),
                    "reload: " + changed + " changed; restart the receiver to apply it (keeping the running value)");
        }
        server.reload(ssl, new ArchiveAccess(stores, allowed));
        config = new ReceiverConfig(
                config.listen(),
                config.archives(),
                fresh.allows(),
                fresh.tlsDir(),
                config.ioThreads(),
                config.fsyncWarn(),
                config.metricsListen(),
                config.s3());
        ReceiverLog.log(
                Level.INFO,
                LogEvent.of("reload").outcome("ok"),
                "reloaded configuration: " + ServeSettings.describeTls(fresh.tlsDir()) + "; allowed: "
                        + ServeSettings.describeAllowed(allowed));
    }

    /** The receiver's address (the real port when asked for port 0). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The metrics endpoint's address, or null without {@code --metrics-listen}. */
    public InetSocketAddress metricsAddress() {
        return endpoint == null ? null : endpoint.address();
    }

    /** Blocks until the server stops. */
    public void awaitClose() throws InterruptedException {
        server.awaitClose();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        if (endpoint != null) {
            endpoint.close();
        }
        closeAll(stores);
    }

    private static void closeQuietly(ArchiveStorage s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                System.getLogger("walferry.receiver")
                        .log(Level.WARNING, "closing archive " + s.name() + ": " + e.getMessage());
            }
        }
    }

    private static InetSocketAddress socket(ReceiverAddress a) {
        return new InetSocketAddress(a.host(), a.port());
    }

    private static void closeAll(Map<String, ArchiveStorage> stores) {
        for (ArchiveStorage s : stores.values()) {
            try {
                s.close();
            } catch (IOException e) {
                System.getLogger("walferry.receiver")
                        .log(Level.WARNING, "closing archive " + s.name() + ": " + e.getMessage());
            }
        }
    }
}
