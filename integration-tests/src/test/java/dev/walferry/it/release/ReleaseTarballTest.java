package dev.walferry.it.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.ProcessResult;
import dev.walferry.pgctl.ProcessRunner;
import dev.walferry.pglab.demo.ReceiverProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as an operator uses it (docs/service.md): unpack, check the layout, make certificates, run the
 * receiver from the example config with metrics on, push a file with the packaged launcher, see it in /metrics.
 */
class ReleaseTarballTest {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final Pattern METRICS = Pattern.compile("serving /metrics and /health on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path tmp;

    Path home;
    final ProcessRunner run = new ProcessRunner(OsUser.current());

    @BeforeEach
    void unpack() {
        Path tarball = Path.of(System.getProperty("walferry.tarball", "missing"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(tarball + " is missing: run 'mvn package' from the top directory first");
        }
        run.run(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), TIMEOUT);
        String dir = tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        home = tmp.resolve(dir);
    }

    @Test
    void tarball_holdsLauncherJarsConfigsUnitManPagesAndCompletion() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/walferry")));
        assertTrue(Files.exists(home.resolve("lib/walferry-cli.jar")));
        assertTrue(Files.isReadable(home.resolve("lib/walferry-fastpath.sh")), "the launcher's fast paths");
        try (var serveOnly = Files.list(home.resolve("lib/serve"))) {
            List<String> names = serveOnly.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("micrometer-core")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("s3-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("url-connection-client-")), names.toString());
        }
        try (var clientLib = Files.list(home.resolve("lib"))) {
            List<String> names = clientLib.map(p -> p.getFileName().toString()).toList();
            assertTrue(
                    names.stream()
                            .noneMatch(n -> n.startsWith("micrometer")
                                    || n.startsWith("s3-")
                                    || n.startsWith("sdk-core")
                                    || n.startsWith("slf4j")),
                    "push never opens the metrics or S3 jars: " + names);
        }
        for (String f : List.of(
                "etc/receiver.conf.example",
                "etc/client.conf.example",
                "systemd/walferry-receiver.service",
                "completion/walferry",
                "man/man1/walferry.1",
                "man/man1/walferry-serve.1",
                "man/man1/walferry-tls-renew.1",
                "doc/service.md",
                "doc/configuration.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f);
        }
        String unit = Files.readString(home.resolve("systemd/walferry-receiver.service"));
        for (String line : List.of(
                "User=postgres",
                "Restart=on-failure",
                "ProtectSystem=strict",
                "ExecReload=/bin/kill -HUP $MAINPID",
                "ExecStart=/opt/walferry/bin/walferry serve")) {
            assertTrue(unit.contains(line + "\n"), line);
        }
        ProcessResult check = walferry(
                "config",
                "check",
                home.resolve("etc/receiver.conf.example").toString(),
                home.resolve("etc/client.conf.example").toString());
        assertEquals(0, check.exitCode(), check.outputTail());
    }

    @Test
    void systemdUnit_passesSystemdAnalyzeVerify() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "no systemd-analyze here");
        Path unit = home.resolve("systemd/walferry-receiver.service");
        ProcessResult r =
                run.runAllowingFailure(List.of("systemd-analyze", "verify", "--man=no", unit.toString()), TIMEOUT);
        // verify also complains about the missing /opt/walferry/bin/walferry and about the host (no user postgres,
        // no running systemd): only problems with the unit's own directives count.
        String problems = r.stdout() + r.stderr();
        assertTrue(
                !problems.contains("Unknown key")
                        && !problems.contains("Unknown section")
                        && !problems.contains("Failed to parse"),
                problems);
    }

    @Test
    void receiverFromTarball_withExampleConfig_storesAPush_andMetricsShowIt() throws Exception {
        Path tls = tmp.resolve("tls");
        walferry("tls", "init", "--dir", tls.toString(), "--server-name", "127.0.0.1", "--client", "primary");
        Path conf = tmp.resolve("receiver.conf");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(home.resolve("etc/receiver.conf.example"))) {
            lines.add(l.replace("/etc/walferry/tls", tls.toString())
                    .replace("/var/lib/walferry/main", tmp.resolve("archive").toString())
                    .replace("127.0.0.1:9632", "127.0.0.1:0"));
        }
        Files.write(conf, lines);
        // ReceiverProcess adds --listen 127.0.0.1:0, --tls-dir and --archive; the rest comes from the file.
        try (ReceiverProcess rx = ReceiverProcess.start(
                home.resolve("bin/walferry"),
                tls,
                tmp.resolve("rx.log"),
                List.of("main=" + tmp.resolve("archive")),
                List.of("--config", conf.toString()))) {
            Path history = Files.writeString(tmp.resolve("00000002.history"), "1\t0/3000060\tno recovery target\n");
            ProcessResult push = walferry(
                    "push",
                    "--server",
                    rx.address(),
                    "--archive",
                    "main",
                    "--tls-dir",
                    tls.toString(),
                    "--identity",
                    "primary",
                    history.toString(),
                    "00000002.history");
            assertEquals(0, push.exitCode(), push.outputTail());

            Matcher m = METRICS.matcher(rx.log());
            assertTrue(m.find(), rx.log());
            String metrics = get(m.group(1) + "/metrics");
            assertTrue(metrics.contains("\nwalferry_files_stored_total{archive=\"main\"} 1.0\n"), metrics);
            assertTrue(
                    metrics.contains(
                            "\nwalferry_archive_newest_file{archive=\"main\",file=\"00000002.history\"} " + "1.0\n"),
                    metrics);
            assertEquals("ok\n", get(m.group(1) + "/health"));
        }
    }

    private ProcessResult walferry(String... args) {
        List<String> c = new ArrayList<>();
        c.add(home.resolve("bin/walferry").toString());
        c.addAll(List.of(args));
        return run.runAllowingFailure(c, TIMEOUT);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
