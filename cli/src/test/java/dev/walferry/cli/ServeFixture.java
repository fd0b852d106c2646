package dev.walferry.cli;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.cli.serve.ServeCommand;
import dev.walferry.server.receiver.Receiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver as {@code walferry serve} runs it ({@link Receiver} from a parsed serve command line, config file
 * included), in-process on 127.0.0.1 with metrics on: for the metrics, reload and rotation tests. Clients "primary"
 * and "intruder"; archive "main", which only "primary" may use until the config file says otherwise.
 */
final class ServeFixture implements AutoCloseable {

    final Path root;
    final Path tlsDir;
    final Path archiveDir;
    final Path config;
    final List<String> args;
    final Receiver receiver;
    private final ServeCommand running;

    ServeFixture(Path root) throws IOException {
        this.root = root;
        this.tlsDir = root.resolve("tls");
        this.archiveDir = root.resolve("archive");
        this.config = root.resolve("receiver.conf");
        ReceiverFixture.makeCertificates(tlsDir);
        writeConfig("allow = main=primary");
        args = List.of("serve", "--config", config.toString());
        running = ServeCommand.parse(Main.class, args);
        receiver = ServeCommand.start(running.config());
    }

    /** Rewrites receiver.conf: listen, tls-dir, archive, metrics-listen, plus {@code extra} lines. */
    void writeConfig(String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "listen = 127.0.0.1:0",
                "tls-dir = " + tlsDir,
                "archive = main=" + archiveDir,
                "metrics-listen = 127.0.0.1:0"));
        lines.addAll(List.of(extra));
        Files.write(config, lines);
    }

    /** SIGHUP's work, without the signal: re-read the command line and config file, apply. */
    void reload() {
        running.reload(receiver, ServeCommand.parse(Main.class, args));
    }

    String address() {
        return "127.0.0.1:" + receiver.address().getPort();
    }

    Result push(String identity, Path file) {
        List<String> a = new ArrayList<>(List.of("push"));
        a.addAll(List.of(ReceiverFixture.client(address(), tlsDir, identity)));
        a.add(file.toString());
        a.add(file.getFileName().toString());
        return ReceiverFixture.walferry(a.toArray(String[]::new));
    }

    /** GET path on the metrics endpoint. */
    HttpResponse<String> http(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + receiver.metricsAddress().getPort() + path);
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample of the Prometheus text, e.g. {@code walferry_files_stored_total{archive="main"}}. */
    double metric(String sample) throws IOException, InterruptedException {
        for (String line : http("/metrics").body().lines().toList()) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no sample " + sample + " in /metrics");
    }

    /** The serial of the certificate the receiver presents to a new connection. */
    String presentedSerial() throws Exception {
        return CertificateSerials.presented(tlsDir, receiver.address().getPort());
    }

    /** The serial of server.crt on disk. */
    String serialOnDisk() throws Exception {
        return CertificateSerials.ofFile(tlsDir.resolve("server.crt"));
    }

    @Override
    public void close() {
        receiver.close();
    }
}
