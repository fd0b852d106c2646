package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.Await;
import dev.walferry.pglab.demo.ReceiverProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code walferry serve} as its own process, reloaded with {@code kill -HUP}: the config file's new --allow entry
 * and a renewed server certificate take effect without a restart. Its log is JSON, one object per line.
 */
class SighupReloadProcessTest {

    static final long SYSID = 7300000000000000001L;

    @TempDir
    Path tmp;

    @Test
    void sighup_rereadsAllowListAndRenewedCertificate_withoutRestart() throws Exception {
        Path tls = tmp.resolve("tls");
        assertEquals(
                0,
                ReceiverFixture.walferry(
                                "tls",
                                "init",
                                "--dir",
                                tls.toString(),
                                "--server-name",
                                "127.0.0.1",
                                "--client",
                                "primary",
                                "--client",
                                "intruder")
                        .code());
        Path config = tmp.resolve("receiver.conf");
        Files.write(config, List.of("allow = main=primary"));
        Path wal = Files.createDirectories(tmp.resolve("pg_wal"));

        try (ReceiverProcess rx = ReceiverProcess.start(
                launcher(),
                tls,
                tmp.resolve("receiver.log"),
                List.of("main=" + tmp.resolve("archive")),
                List.of("--config", config.toString(), "--log-format", "json"))) {
            String before = CertificateSerials.presented(tls, port(rx));
            assertEquals(
                    ExitCode.TLS_AUTH.code(),
                    push(rx, tls, "intruder", SyntheticWal.write(wal, 1, 1, SYSID, 1))
                            .code());

            Files.write(config, List.of("allow = main=primary,main=intruder"));
            assertEquals(
                    0,
                    ReceiverFixture.walferry("tls", "renew", "--dir", tls.toString(), "--server")
                            .code());
            new ProcessBuilder("kill", "-HUP", Long.toString(rx.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            Await.until("reload logged", Duration.ofSeconds(30), () -> rx.log().contains("reloaded configuration"));

            Result r = push(rx, tls, "intruder", SyntheticWal.write(wal, 1, 2, SYSID, 2));
            assertEquals(0, r.code(), r.err() + rx.log());
            String after = CertificateSerials.presented(tls, port(rx));
            assertNotEquals(before, after);
            assertEquals(CertificateSerials.ofFile(tls.resolve("server.crt")), after);
            assertTrue(rx.isAlive(), "SIGHUP does not stop the receiver");
            assertTrue(
                    rx.logLines().stream()
                            .map(FlatJson::parse)
                            .anyMatch(e -> e.get("event").equals("\"put\"")
                                    && e.get("identity").equals("\"intruder\"")
                                    && e.get("outcome").equals("\"stored\"")
                                    && e.get("file").equals("\"" + SyntheticWal.name(1, 2) + "\"")),
                    rx.log());
        }
    }

    private static int port(ReceiverProcess rx) {
        return Integer.parseInt(rx.address().substring(rx.address().lastIndexOf(':') + 1));
    }

    /** A launcher for the test class path, as dist/bin/walferry is for dist/lib. */
    private Path launcher() throws Exception {
        Path l = tmp.resolve("walferry");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(
                l,
                "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                        + "' dev.walferry.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(l, PosixFilePermissions.fromString("rwx------"));
        return l;
    }

    private static Result push(ReceiverProcess rx, Path tls, String identity, Path file) {
        return ReceiverFixture.walferry(
                "push",
                "--server",
                rx.address(),
                "--archive",
                "main",
                "--tls-dir",
                tls.toString(),
                "--identity",
                identity,
                "--timeout",
                "20",
                file.toString(),
                file.getFileName().toString());
    }
}
