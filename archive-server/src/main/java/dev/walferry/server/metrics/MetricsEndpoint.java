package dev.walferry.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The receiver's HTTP side ({@code --metrics-listen}): {@code GET /metrics} in the Prometheus text format and
 * {@code GET /health} (200 "ok", or 503 with the reasons, from a {@link Health}). Served by the JDK's own HTTP
 * server on one thread of its own: it never touches the transfer path. Everything Micrometer is created here,
 * so a receiver without {@code --metrics-listen} (and every client command) loads none of it.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The Prometheus text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "walferry-metrics");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer http;
    private volatile Health health = () -> Health.Status.ok();

    private MetricsEndpoint(InetSocketAddress listen) throws IOException {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        http = HttpServer.create(listen, 16);
        http.createContext("/metrics", ex -> answer(ex, 200, CONTENT_TYPE, registry.scrape()));
        http.createContext("/health", ex -> {
            Health.Status s = health.check();
            answer(ex, s.healthy() ? 200 : 503, "text/plain; charset=utf-8", s.text() + "\n");
        });
        http.setExecutor(thread);
        http.start();
    }

    /** Listens on {@code listen} (port 0: any free port). */
    public static MetricsEndpoint start(InetSocketAddress listen) throws IOException {
        return new MetricsEndpoint(listen);
    }

    /** What the receiver tells; give it to the receiver and its archives. */
    public ReceiverMetrics metrics() {
        return metrics;
    }

    /** Sets what {@code /health} reports (the receiver, once it listens). */
    public void health(Health h) {
        health = h;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics endpoint: " + ex.getRequestURI() + " failed: " + e);
            throw e;
        }
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
        gc.close();
        registry.close();
    }
}
